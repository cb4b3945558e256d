// Client-side rate limiting, one limiter per platform + base URL: waits for a
// free slot instead of sending a request the platform would refuse with 429.
// It never sleeps past the caller's deadline; it says when to come back instead.
//
// Model: a sliding window of `limit` slots. A slot is taken when a request is
// sent and freed `windowMs` after its answer (or failure) arrives, so however
// slow the network, no `windowMs` span at the server sees more than `limit`
// requests. The budget starts from the definition (or an override) and follows
// X-RateLimit-Limit; X-RateLimit-Remaining: 0 with X-RateLimit-Reset, and
// Retry-After, hold every caller off until the given time.

import type { Clock } from '../ports/clock.port.js';

export type Sleep = (ms: number) => Promise<void>;
export type RateBudget = { limit: number; windowMs: number };
export type Ticket = { until: number | null };
export type Acquired = { ok: true; ticket: Ticket } | { ok: false; retryAt: Date };

export type RateLimiterConfig = {
  /** Known budget (documented or configured); undefined = none known yet. */
  budget?: RateBudget;
  /** The platform sends X-RateLimit-Limit: send one request alone first to learn the real budget. */
  learnsFromHeaders: boolean;
  /** Window assumed for learned limits. */
  windowMs: number;
};

const MAX_RESET_WAIT_MS = 60 * 60 * 1000;

export class RateLimiter {
  private budget: RateBudget | undefined;
  private calibrated: boolean;
  private readonly slots: Ticket[] = [];
  private blockedUntil = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly sleep: Sleep,
    private readonly config: RateLimiterConfig,
  ) {
    this.budget = config.budget;
    this.calibrated = !config.learnsFromHeaders;
  }

  /** Waits for a slot; gives up (with the time a slot frees) when that is past `deadline` (epoch ms). */
  async acquire(deadline: number): Promise<Acquired> {
    for (;;) {
      const now = this.clock.now().getTime();
      this.prune(now);
      const wait = this.waitFor(now);
      if (wait === null) {
        const ticket: Ticket = { until: null };
        this.slots.push(ticket);
        return { ok: true, ticket };
      }
      if (wait === 'release') {
        await new Promise<void>((resolve) => this.waiters.push(resolve));
        continue;
      }
      if (wait > deadline) return { ok: false, retryAt: new Date(wait) };
      await this.sleep(wait - now);
    }
  }

  /** Frees a slot `windowMs` from now and learns from the answer's headers, if any. */
  release(ticket: Ticket, headers?: Readonly<Record<string, string>>): void {
    const now = this.clock.now().getTime();
    if (headers !== undefined) this.learn(headers, now);
    ticket.until = now + (this.budget?.windowMs ?? this.config.windowMs);
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((wake) => wake());
  }

  /** Holds every caller off until `untilMs` (a Retry-After). */
  holdOff(untilMs: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, untilMs);
  }

  private waitFor(now: number): number | 'release' | null {
    if (now < this.blockedUntil) return this.blockedUntil;
    const inFlight = this.slots.filter((s) => s.until === null).length;
    if (!this.calibrated && inFlight > 0) return 'release';
    if (this.budget === undefined || this.slots.length < this.budget.limit) return null;
    const timed = this.slots.flatMap((s) => (s.until === null ? [] : [s.until]));
    return timed.length > 0 ? Math.min(...timed) : 'release';
  }

  private prune(now: number): void {
    for (let i = this.slots.length - 1; i >= 0; i--) {
      const until = this.slots[i]?.until;
      if (until !== null && until !== undefined && until <= now) this.slots.splice(i, 1);
    }
  }

  private learn(headers: Readonly<Record<string, string>>, now: number): void {
    this.calibrated = true;
    const limit = intHeader(headers['x-ratelimit-limit']);
    if (limit !== undefined && limit > 0) {
      this.budget = { limit, windowMs: this.budget?.windowMs ?? this.config.windowMs };
    }
    const remaining = intHeader(headers['x-ratelimit-remaining']);
    const reset = intHeader(headers['x-ratelimit-reset']);
    if (remaining === 0 && reset !== undefined) {
      // Epoch seconds (Knouds) or, for small values, seconds from now.
      const resetAt = reset > 1e9 ? reset * 1000 : now + reset * 1000;
      if (resetAt > now && resetAt - now <= MAX_RESET_WAIT_MS) this.holdOff(resetAt);
    }
  }
}

function intHeader(value: string | undefined): number | undefined {
  return value !== undefined && /^\s*\d+\s*$/.test(value) ? Number(value) : undefined;
}

/** One limiter per platform + base URL, created on first use. */
export type RateLimiters = {
  forTarget: (platformKey: string, baseUrl: string, config: RateLimiterConfig) => RateLimiter;
};

export function createRateLimiters(clock: Clock, sleep: Sleep): RateLimiters {
  const limiters = new Map<string, RateLimiter>();
  return {
    forTarget: (platformKey, baseUrl, config) => {
      const key = `${platformKey} ${baseUrl}`;
      let limiter = limiters.get(key);
      if (limiter === undefined) {
        limiter = new RateLimiter(clock, sleep, config);
        limiters.set(key, limiter);
      }
      return limiter;
    },
  };
}
