// What every platform call needs (HTTP, time, sleep, shared rate limiters) and
// the two ways to send: `sendIdempotent` (retries, for verify) and `sendOnce`
// (no retry at all, for create). Never retries a call that is not idempotent.

import { systemClock, type Clock } from '../ports/clock.port.js';
import {
  isHttpTransportError,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type HttpTransportError,
} from '../ports/http.port.js';
import type { DefinedPlatformId, PlatformDefinition } from './platform.types.js';
import { abortError, createNodeHttpClient } from './http-client.js';
import {
  createRateLimiters,
  type RateBudget,
  type RateLimiter,
  type RateLimiters,
  type Sleep,
} from './rate-limiter.js';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter, RETRYABLE_STATUSES, type RetryOptions } from './retry-policy.js';

export type PlatformCallDeps = {
  http: HttpClient;
  clock: Clock;
  /** Every wait goes through this, so tests can run on a fast clock. */
  sleep: Sleep;
  /** Shared by every call of the app: one limiter per platform + base URL. */
  limiters: RateLimiters;
  random?: () => number;
  retry?: Partial<RetryOptions>;
  /** Known request budgets per platform, overriding the documented ones (e.g. a plan's real limit). */
  budgets?: Partial<Record<DefinedPlatformId, RateBudget>>;
  /** Stops the calls made with these deps (the client of the agent went away, the agent locks). */
  signal?: AbortSignal;
};

export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/** Deps for the app: Node HTTP client, system clock, real sleep; anything given replaces the default. */
export function createPlatformCallDeps(overrides: Partial<PlatformCallDeps> = {}): PlatformCallDeps {
  const clock = overrides.clock ?? systemClock;
  const sleep = overrides.sleep ?? realSleep;
  return {
    ...overrides,
    clock,
    sleep,
    http: overrides.http ?? createNodeHttpClient(),
    limiters: overrides.limiters ?? createRateLimiters(clock, sleep),
  };
}

export function retryOptions(deps: PlatformCallDeps): RetryOptions {
  return { ...DEFAULT_RETRY, ...deps.retry };
}

export function limiterFor(def: PlatformDefinition, baseUrl: string, deps: PlatformCallDeps): RateLimiter {
  const declared = def.limits.rateLimit;
  const budget = deps.budgets?.[def.id] ?? (declared && { limit: declared.limit, windowMs: declared.windowMs });
  return deps.limiters.forTarget(def.id, baseUrl, {
    ...(budget && { budget }),
    learnsFromHeaders: deps.budgets?.[def.id] === undefined && declared?.sendsHeaders === true,
    windowMs: budget?.windowMs ?? 60_000,
  });
}

const MAX_HOLD_OFF_MS = 60 * 60 * 1000;

export type SendResult =
  | { kind: 'response'; response: HttpResponse; attempts: number; retryAt?: Date }
  | { kind: 'transport'; error: HttpTransportError; attempts: number }
  | { kind: 'held-back'; retryAt: Date; attempts: number };

/** Sends an idempotent request with capped full-jitter retries, Retry-After and the rate limiter. */
export async function sendIdempotent(
  request: HttpRequest,
  limiter: RateLimiter,
  deps: PlatformCallDeps,
): Promise<SendResult> {
  const opts = retryOptions(deps);
  const random = deps.random ?? Math.random;
  const now = (): number => deps.clock.now().getTime();
  const deadline = now() + opts.deadlineMs;
  for (let attempt = 1; ; attempt++) {
    const result = await sendOnce(request, limiter, deps, deadline, attempt);
    if (result.kind === 'held-back') return result;
    const retryable =
      result.kind === 'transport' ? result.error.failure === 'reset' : RETRYABLE_STATUSES.has(result.response.status);
    if (!retryable || attempt >= opts.maxAttempts) return result;
    let delay = backoffDelay(attempt, opts, random);
    if (result.kind === 'response') {
      const retryAfter = parseRetryAfter(result.response.headers['retry-after'], deps.clock.now());
      // SECURITY/UX: a server asking for a long wait gets it surfaced to the user, not slept through.
      if (retryAfter !== undefined && retryAfter > opts.retryAfterCapMs) return result;
      if (retryAfter !== undefined) delay = retryAfter;
    }
    if (now() + delay > deadline) return result;
    await deps.sleep(delay);
    if (deps.signal?.aborted) throw abortError(deps.signal);
  }
}

/** One send through the limiter, no retry. Transport failures come back as values; other errors throw. */
export async function sendOnce(
  request: HttpRequest,
  limiter: RateLimiter,
  deps: PlatformCallDeps,
  deadline = deps.clock.now().getTime() + retryOptions(deps).deadlineMs,
  attempt = 1,
): Promise<SendResult> {
  if (deps.signal?.aborted) throw abortError(deps.signal);
  const slot = await limiter.acquire(deadline);
  if (!slot.ok) return { kind: 'held-back', retryAt: slot.retryAt, attempts: attempt - 1 };
  try {
    if (deps.signal?.aborted) throw abortError(deps.signal);
    const response = await deps.http.request(deps.signal ? { ...request, signal: deps.signal } : request);
    limiter.release(slot.ticket, response.headers);
    const retryAfter = parseRetryAfter(response.headers['retry-after'], deps.clock.now());
    const retryAt = retryAfter === undefined ? undefined : new Date(deps.clock.now().getTime() + retryAfter);
    // Every caller of this platform + base waits, not just this one (capped: a bogus value cannot block for days).
    if (retryAt && (response.status === 429 || response.status === 503)) {
      limiter.holdOff(Math.min(retryAt.getTime(), deps.clock.now().getTime() + MAX_HOLD_OFF_MS));
    }
    return { kind: 'response', response, attempts: attempt, ...(retryAt && { retryAt }) };
  } catch (e) {
    limiter.release(slot.ticket);
    if (isHttpTransportError(e)) return { kind: 'transport', error: e, attempts: attempt };
    throw e;
  }
}
