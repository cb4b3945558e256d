// Verifies a key against its platform's documented, read-only endpoint.
//
//   verifyKey(def, { secret, account, baseUrl?, previouslyValid? }, deps) -> Promise<VerifyOutcome>
//
// Expected outcomes (valid, invalid, revoked, retired, forbidden, wrong-instance,
// rate-limited, unreachable, platform-error) are returned, never thrown. It throws
// AppError BAD_INPUT only for a refused base URL or a key that cannot go in a header.
// Waits (rate limiter, Retry-After, backoff) never run past deps.retry.deadlineMs
// (default 90 s); a batch "verify all" should pass a longer deadline.
// It must never put the secret anywhere but the auth header, nor into a message.

import type { KeySecret, Verification } from '../inventory/key.types.js';
import { limiterFor, retryOptions, sendIdempotent, type PlatformCallDeps } from './platform-call.js';
import type { PlatformDefinition } from './platform.types.js';
import { buildVerifyRequest, effectiveAccount } from './request-builder.js';
import { resolveBaseUrl } from './url-policy.js';
import { interpretVerify } from './verify-outcome.js';
import { redactSecret } from '../redaction.js';

export type VerifyInput = {
  secret: KeySecret;
  /** KeyMeta.account; for KAI the instance id when the secret does not carry one. */
  account: string;
  /** API base override (sandbox, region, simulator); must be a known host of the platform or loopback. */
  baseUrl?: string;
  /** True when this key has verified valid before: a refusal then reads 'revoked' rather than 'invalid'. */
  previouslyValid?: boolean;
};

/** A Verification (storable as KeyMeta.lastVerification) plus what the caller may act on. */
export type VerifyOutcome = Verification & {
  /** Requests sent (0 when the rate limiter held the check back). */
  attempts: number;
  /** ISO time after which trying again makes sense (rate-limited outcomes). */
  retryAt?: string;
  httpStatus?: number;
};

export async function verifyKey(
  def: PlatformDefinition,
  input: VerifyInput,
  deps: PlatformCallDeps,
): Promise<VerifyOutcome> {
  const baseUrl = resolveBaseUrl(def.defaultBaseUrl, def.knownBaseUrls, input.baseUrl);
  const account = effectiveAccount(def, input.secret, input.account);
  const { timeoutMs, connectTimeoutMs } = retryOptions(deps);
  const request = buildVerifyRequest(def, input.secret, account, baseUrl, { timeoutMs, connectTimeoutMs });
  const sent = await sendIdempotent(request, limiterFor(def, baseUrl, deps), deps);
  const now = deps.clock.now();
  const verdict = interpretVerify(def, sent, { account, previouslyValid: input.previouslyValid === true, now });
  const scrub = (text: string): string => redactSecret(text, input.secret);
  return {
    at: now.toISOString(),
    result: verdict.result,
    message: scrub(verdict.message),
    attempts: sent.attempts,
    ...(verdict.identity !== undefined && { identity: scrub(verdict.identity) }),
    ...(verdict.retryAt && { retryAt: verdict.retryAt.toISOString() }),
    ...(verdict.httpStatus !== undefined && { httpStatus: verdict.httpStatus }),
  };
}
