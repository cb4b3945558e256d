// Pure retry arithmetic: capped full-jitter backoff and Retry-After parsing.
// It never decides to retry a non-idempotent call; callers own that choice.

export type RetryOptions = {
  /** Attempts in all, first included. */
  maxAttempts: number;
  baseDelayMs: number;
  /** Cap on one backoff sleep. */
  maxDelayMs: number;
  /** A Retry-After longer than this is shown to the user instead of slept through. */
  retryAfterCapMs: number;
  /** Overall budget for one call, waits included; no sleep may end past it. */
  deadlineMs: number;
  /** Per-request total timeout and connect timeout. */
  timeoutMs: number;
  connectTimeoutMs: number;
};

export const DEFAULT_RETRY: RetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  retryAfterCapMs: 60_000,
  deadlineMs: 90_000,
  timeoutMs: 30_000,
  connectTimeoutMs: 10_000,
};

/** Statuses worth another try for an idempotent call. */
export const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([429, 500, 502, 503, 504]);

/** Full jitter: a uniform pick in [0, min(cap, base * 2^(attempt-1))]. `attempt` starts at 1. */
export function backoffDelay(attempt: number, opts: RetryOptions, random: () => number): number {
  const ceiling = Math.min(opts.maxDelayMs, opts.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Retry-After as milliseconds from `now`: delta-seconds or an HTTP date.
 * Undefined when absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
