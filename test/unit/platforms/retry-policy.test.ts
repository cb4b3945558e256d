import { describe, expect, it } from 'vitest';
import { backoffDelay, DEFAULT_RETRY, parseRetryAfter } from '../../../src-main/core/platforms/retry-policy.js';

describe('parseRetryAfter', () => {
  const now = new Date('2026-06-01T10:00:00.000Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
  });
  it('reads an HTTP date, never negative', () => {
    expect(parseRetryAfter('Mon, 01 Jun 2026 10:00:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfter('Mon, 01 Jun 2026 09:00:00 GMT', now)).toBe(0);
  });
  it('ignores what it cannot read', () => {
    for (const v of [undefined, '', '-3', '1.5', 'soon', '12abc']) expect(parseRetryAfter(v, now)).toBeUndefined();
  });
});

describe('backoffDelay (full jitter)', () => {
  const opts = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 1_000 };
  it('stays within [0, min(cap, base * 2^(n-1))]', () => {
    expect(backoffDelay(1, opts, () => 0.999)).toBeLessThanOrEqual(100);
    expect(backoffDelay(3, opts, () => 0.999)).toBeLessThanOrEqual(400);
    expect(backoffDelay(10, opts, () => 0.999)).toBeLessThanOrEqual(1_000);
    expect(backoffDelay(10, opts, () => 0)).toBe(0);
  });
  it('spreads 1,000 delays over the whole range (not degenerate)', () => {
    const delays = Array.from({ length: 1_000 }, () => backoffDelay(4, opts, Math.random));
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(new Set(delays).size).toBeGreaterThan(300);
    expect(Math.min(...delays)).toBeLessThan(100);
    expect(Math.max(...delays)).toBeGreaterThan(700);
    expect(mean).toBeGreaterThan(300);
    expect(mean).toBeLessThan(500);
  });
});
