import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src-main/core/platforms/rate-limiter.js';

/** A manual clock whose sleep moves time forward: sequential tests run instantly. */
function manualTime() {
  let now = Date.parse('2026-06-01T00:00:00Z');
  const sleeps: number[] = [];
  return {
    clock: { now: () => new Date(now) },
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => (now += ms),
    now: () => now,
    sleeps,
  };
}

const FAR = Number.MAX_SAFE_INTEGER;

describe('RateLimiter', () => {
  it('holds a slot until one window after its answer', async () => {
    const t = manualTime();
    const limiter = new RateLimiter(t.clock, t.sleep, {
      budget: { limit: 2, windowMs: 1_000 },
      learnsFromHeaders: false,
      windowMs: 1_000,
    });
    const a = await limiter.acquire(FAR);
    const b = await limiter.acquire(FAR);
    if (!a.ok || !b.ok) throw new Error('expected slots');
    t.advance(50);
    limiter.release(a.ticket);
    limiter.release(b.ticket);
    const started = t.now();
    const c = await limiter.acquire(FAR);
    expect(c.ok).toBe(true);
    expect(t.now() - started).toBe(1_000);
  });

  it('says when to come back instead of waiting past the deadline', async () => {
    const t = manualTime();
    const limiter = new RateLimiter(t.clock, t.sleep, {
      budget: { limit: 1, windowMs: 60_000 },
      learnsFromHeaders: false,
      windowMs: 60_000,
    });
    const a = await limiter.acquire(FAR);
    if (!a.ok) throw new Error('expected a slot');
    limiter.release(a.ticket);
    const b = await limiter.acquire(t.now() + 10_000);
    expect(b).toEqual({ ok: false, retryAt: new Date(t.now() + 60_000) });
    expect(t.sleeps).toEqual([]);
  });

  it('sends one request alone until the headers tell the budget, then follows them', async () => {
    const t = manualTime();
    const limiter = new RateLimiter(t.clock, t.sleep, {
      budget: { limit: 100, windowMs: 60_000 },
      learnsFromHeaders: true,
      windowMs: 60_000,
    });
    const first = await limiter.acquire(FAR);
    let secondGranted = false;
    const second = limiter.acquire(FAR).then((r) => {
      secondGranted = true;
      return r;
    });
    await Promise.resolve();
    expect(secondGranted).toBe(false);
    if (!first.ok) throw new Error('expected a slot');
    limiter.release(first.ticket, { 'x-ratelimit-limit': '2', 'x-ratelimit-remaining': '1' });
    expect((await second).ok).toBe(true);
    const third = limiter.acquire(FAR);
    await Promise.resolve();
    // limit 2: the third waits for the first slot to age out of the window.
    expect((await third).ok).toBe(true);
    expect(t.sleeps).toEqual([60_000]);
  });

  it('waits for X-RateLimit-Reset when Remaining is 0, and for a Retry-After hold-off', async () => {
    const t = manualTime();
    const limiter = new RateLimiter(t.clock, t.sleep, { learnsFromHeaders: false, windowMs: 60_000 });
    const a = await limiter.acquire(FAR);
    if (!a.ok) throw new Error('expected a slot');
    const resetAt = t.now() + 30_000;
    limiter.release(a.ticket, { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(resetAt / 1000)) });
    await limiter.acquire(FAR);
    expect(t.now()).toBeGreaterThanOrEqual(resetAt);
    limiter.holdOff(t.now() + 5_000);
    const before = t.now();
    await limiter.acquire(FAR);
    expect(t.now() - before).toBe(5_000);
  });
});
