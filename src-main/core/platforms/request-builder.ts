// Builds the exact HTTP request a definition documents. This is the only place
// the secret is put into a request: into its auth header, never the URL or body.

import { AppError } from '../errors.js';
import type { KeySecret } from '../inventory/key.types.js';
import type { HttpMethod, HttpRequest } from '../ports/http.port.js';
import type { AuthScheme, PlatformDefinition } from './platform.types.js';

// Visible ASCII only: a key with spaces, line breaks or other characters was pasted wrongly.
const HEADER_SAFE = /^[\x21-\x7E]+$/;

export type Timeouts = { timeoutMs: number; connectTimeoutMs: number };

function checkHeaderValue(value: string, what: string): string {
  // SECURITY: the message names the field, never the value.
  if (!HEADER_SAFE.test(value)) {
    throw new AppError(
      'BAD_INPUT',
      `The ${what} is empty or contains spaces, line breaks or characters a header cannot carry.`,
    );
  }
  return value;
}

/** The auth headers for a secret. `account` is the KAI instance id when the secret has none. */
export function authHeaders(auth: AuthScheme, secret: KeySecret, account: string): Record<string, string> {
  switch (auth.kind) {
    case 'header':
      return { [auth.header]: `${auth.prefix}${checkHeaderValue(secret.value, 'key')}` };
    case 'instance-pair':
      return {
        [auth.instanceHeader]: checkHeaderValue(secret.instanceId ?? account, 'instance id'),
        [auth.keyHeader]: checkHeaderValue(secret.value, 'key'),
      };
  }
}

/** The account the request speaks for: KAI's instance id, else the account as given. */
export function effectiveAccount(def: PlatformDefinition, secret: KeySecret, account: string): string {
  return def.auth.kind === 'instance-pair' ? (secret.instanceId ?? account) : account;
}

export type BuildInput = {
  baseUrl: string;
  method: HttpMethod;
  path: string;
  query?: Readonly<Record<string, string>>;
  jsonBody?: unknown;
  auth: Record<string, string>;
  timeouts: Timeouts;
};

export function buildRequest(input: BuildInput): HttpRequest {
  const url = new URL(`${input.baseUrl}${input.path}`);
  for (const [k, v] of Object.entries(input.query ?? {})) url.searchParams.set(k, v);
  const headers: Record<string, string> = { ...input.auth };
  const request: HttpRequest = { method: input.method, url: url.toString(), headers, ...input.timeouts };
  if (input.jsonBody !== undefined) {
    headers['Content-Type'] = 'application/json';
    request.body = JSON.stringify(input.jsonBody);
  }
  return request;
}

/** The verify request exactly as the definition documents it. */
export function buildVerifyRequest(
  def: PlatformDefinition,
  secret: KeySecret,
  account: string,
  baseUrl: string,
  timeouts: Timeouts,
): HttpRequest {
  const { method, path, query, jsonBody } = def.verify;
  const auth = authHeaders(def.auth, secret, account);
  return buildRequest({ baseUrl, method, path, query, jsonBody, auth, timeouts });
}
