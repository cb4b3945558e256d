// Small helpers for the platform simulators: header reading, key lookup, fake
// key material. Test-only fakes: nothing here is real cryptography.

import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { SimKey, SimState } from './sim.types.js';

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The credential after an exact, case-sensitive scheme ("UserKey", "Bearer"), or undefined. */
export function schemeToken(headers: IncomingHttpHeaders, scheme: string): string | undefined {
  const value = header(headers, 'authorization');
  if (value === undefined || !value.startsWith(`${scheme} `)) return undefined;
  const token = value.slice(scheme.length + 1);
  return token.length > 0 && !/\s/.test(token) ? token : undefined;
}

/** The key if it exists, is not revoked and has not expired. */
export function liveKey(state: SimState, value: string | undefined): SimKey | undefined {
  if (value === undefined) return undefined;
  const key = state.keys.get(value);
  if (key === undefined || key.revoked) return undefined;
  if (key.expiresAt !== null && key.expiresAt.getTime() <= state.clock.now().getTime()) return undefined;
  return key;
}

export function randomToken(bytes = 18): string {
  return randomBytes(bytes).toString('base64url');
}

/** A JWT-shaped value with the given claims and a random, meaningless signature. */
export function fakeJwt(claims: Record<string, unknown>): string {
  const part = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}.${randomToken(24)}`;
}

/** Appends the presented key to an error text when the simulator is told to be careless. */
export function maybeEcho(state: SimState, text: string, presented: string | undefined): string {
  return state.options.echoKeyInErrors === true && presented !== undefined ? `${text}: ${presented}` : text;
}

export function isJsonContentType(headers: IncomingHttpHeaders): boolean {
  return /^application\/json\b/i.test(header(headers, 'content-type') ?? '');
}
