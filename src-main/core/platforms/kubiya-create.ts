// Experimental: creates a Kubiya key by API (POST /api/v1/auth/keys, UserKey).
//
//   createKubiyaKey({ managementKey, name, description?, scopes, baseUrl? }, deps) -> Promise<CreateKeyOutcome>
//
// Sent at most once, never retried: after a timeout or reset the key may exist,
// so the outcome is { ambiguous: true } and the caller reconciles in the portal.
// The caller must store the new secret (encrypted) before showing it, then verify it.

import { z } from 'zod';
import { AppError } from '../errors.js';
import type { KeySecret, VerifyResult } from '../inventory/key.types.js';
import { kubiya } from './definitions/kubiya.js';
import { describeKeyLocally } from './key-facts.js';
import { limiterFor, retryOptions, sendOnce, type PlatformCallDeps } from './platform-call.js';
import type { LocalKeyFacts } from './platform.types.js';
import { authHeaders, buildRequest } from './request-builder.js';
import { resolveBaseUrl } from './url-policy.js';
import { redactSecret } from '../redaction.js';
import { safeJson } from './verify-outcome.js';

export type CreateKubiyaKeyInput = {
  /** An existing key of a user allowed to create keys; sent as `Authorization: UserKey …`. */
  managementKey: KeySecret;
  name: string;
  description?: string;
  scopes: readonly string[];
  baseUrl?: string;
};

export type CreateKeyOutcome =
  | { outcome: 'created'; secret: KeySecret; keyId?: string; facts: LocalKeyFacts; message: string }
  /** The API is absent (404/405) or redirects: use the guided portal flow. */
  | { outcome: 'fallback'; fallback: 'portal'; message: string }
  /** The key may or may not exist: never retry; reconcile (list keys in the portal) first. */
  | { outcome: 'ambiguous'; ambiguous: true; message: string }
  /** Refused before anything was created; safe to fix and try again. */
  | { outcome: 'refused'; result: VerifyResult | 'rejected'; message: string; retryAt?: string };

const keyText = z.string().regex(/^[\x21-\x7E]{8,4096}$/);
const idText = z.union([z.string().max(200), z.number()]);
const flatSchema = z.looseObject({
  key: keyText.optional(),
  api_key: keyText.optional(),
  token: keyText.optional(),
  value: keyText.optional(),
  uuid: idText.optional(),
  id: idText.optional(),
  key_id: idText.optional(),
});
// No response schema is published: accept the key under a few likely names, at the top or under `data`.
const createdSchema = z.union([flatSchema, z.looseObject({ data: flatSchema })]);

function readCreated(json: unknown): { value: string; keyId?: string } | null {
  const parsed = createdSchema.safeParse(json);
  if (!parsed.success) return null;
  const body = 'data' in parsed.data && typeof parsed.data.data === 'object' ? parsed.data.data : parsed.data;
  const flat = flatSchema.parse(body);
  const value = flat.key ?? flat.api_key ?? flat.token ?? flat.value;
  const id = flat.uuid ?? flat.key_id ?? flat.id;
  if (value === undefined) return null;
  return id === undefined ? { value } : { value, keyId: String(id) };
}

function checkInput(input: CreateKubiyaKeyInput): void {
  const name = input.name.trim();
  if (name.length === 0 || name.length > 100)
    throw new AppError('BAD_INPUT', 'The key name must be 1 to 100 characters.');
  const known = new Set(kubiya.access.find((a) => a.id === 'scopes')?.options.map((o) => o.id));
  const unknown = input.scopes.filter((s) => !known.has(s));
  if (unknown.length > 0) throw new AppError('BAD_INPUT', `Unknown Kubiya scope(s): ${unknown.join(', ')}.`);
}

const AMBIGUOUS_TAIL = 'The key may have been created: check the key list in Kubiya before trying again.';

export async function createKubiyaKey(input: CreateKubiyaKeyInput, deps: PlatformCallDeps): Promise<CreateKeyOutcome> {
  checkInput(input);
  const api = kubiya.createApi;
  if (api === undefined)
    return { outcome: 'fallback', fallback: 'portal', message: 'Create this key in the Kubiya portal.' };
  const baseUrl = resolveBaseUrl(kubiya.defaultBaseUrl, kubiya.knownBaseUrls, input.baseUrl);
  const { timeoutMs, connectTimeoutMs } = retryOptions(deps);
  const request = buildRequest({
    baseUrl,
    method: api.method,
    path: api.path,
    auth: authHeaders(kubiya.auth, input.managementKey, ''),
    jsonBody: { name: input.name.trim(), description: input.description ?? '', scopes: input.scopes },
    timeouts: { timeoutMs, connectTimeoutMs },
  });
  // SECURITY: sendOnce, never sendIdempotent: a repeated POST could mint a second live key.
  const sent = await sendOnce(request, limiterFor(kubiya, baseUrl, deps), deps);
  const outcome = interpretCreate(sent, deps.clock.now());
  return outcome.outcome === 'created'
    ? outcome
    : { ...outcome, message: redactSecret(outcome.message, input.managementKey) };
}

function interpretCreate(sent: Awaited<ReturnType<typeof sendOnce>>, now: Date): CreateKeyOutcome {
  if (sent.kind === 'held-back') {
    const message = 'Keyward held this request back to stay within the rate limit. Try again later.';
    return { outcome: 'refused', result: 'rate-limited', message, retryAt: sent.retryAt.toISOString() };
  }
  if (sent.kind === 'transport') {
    if (sent.error.mayHaveReachedServer)
      return { outcome: 'ambiguous', ambiguous: true, message: `${sent.error.message} ${AMBIGUOUS_TAIL}` };
    return { outcome: 'refused', result: 'unreachable', message: sent.error.message };
  }
  const { status, bodyText } = sent.response;
  if (status >= 200 && status < 300) {
    const created = readCreated(safeJson(bodyText));
    if (created === null) {
      return {
        outcome: 'ambiguous',
        ambiguous: true,
        message: `Kubiya answered in a format Keyward does not recognise. ${AMBIGUOUS_TAIL}`,
      };
    }
    const secret: KeySecret = { value: created.value };
    const facts = describeKeyLocally('kubiya', secret, now);
    const message = 'Kubiya created the key. Store it now: it is shown only once.';
    return { outcome: 'created', secret, facts, message, ...(created.keyId !== undefined && { keyId: created.keyId }) };
  }
  if (status === 404 || status === 405 || (status >= 300 && status < 400)) {
    const message =
      'Kubiya does not offer key creation at this address. Create the key in the portal (Settings > API Keys).';
    return { outcome: 'fallback', fallback: 'portal', message };
  }
  if (status >= 500) {
    return {
      outcome: 'ambiguous',
      ambiguous: true,
      message: `Kubiya had a server error (HTTP ${status}). ${AMBIGUOUS_TAIL}`,
    };
  }
  if (status === 401)
    return {
      outcome: 'refused',
      result: 'invalid',
      message: 'Kubiya refused the management key: it is wrong, revoked or expired.',
    };
  if (status === 403)
    return {
      outcome: 'refused',
      result: 'forbidden',
      message: 'The management key may not create keys (insufficient permissions).',
    };
  if (status === 429) {
    const retryAt = sent.retryAt?.toISOString();
    return {
      outcome: 'refused',
      result: 'rate-limited',
      message: 'Kubiya is limiting requests. Try again later.',
      ...(retryAt && { retryAt }),
    };
  }
  return {
    outcome: 'refused',
    result: 'rejected',
    message: `Kubiya rejected the request (HTTP ${status}): check the name and scopes.`,
  };
}
