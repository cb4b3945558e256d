// Retry, Retry-After and deadline rules (security-promises P-2) on real loopback HTTP.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kaana, knouds } from '../../../src-main/core/platforms/definitions/index.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { fastTime, testDeps, type FastTime } from './support.js';

describe('verify retries', () => {
  let sim: SimulatorHandle;
  let time: FastTime;
  let key: string;

  beforeEach(async () => {
    time = fastTime();
    sim = await startSimulator('kaana', { clock: time.clock });
    key = sim.addKey({ account: 't-1' }).value;
  });
  afterEach(() => sim.close());

  const verify = (retry = {}) =>
    verifyKey(
      kaana,
      { secret: { value: key }, account: 't-1', baseUrl: sim.baseUrl },
      testDeps(time, { retry: { timeoutMs: 2_000, ...retry } }),
    );
  const gap = (i: number) => sim.requests[i + 1]!.at.getTime() - sim.requests[i]!.at.getTime();

  it('waits out a 429 with Retry-After: 2, then succeeds', async () => {
    sim.setFault({ kind: 'rate-limited', retryAfter: '2' }, { times: 1 });
    const outcome = await verify();
    expect(outcome).toMatchObject({ result: 'valid', attempts: 2 });
    expect(gap(0)).toBeGreaterThanOrEqual(2_000);
    expect(time.sleeps).toContain(2_000);
  });

  it('honours Retry-After given as an HTTP date', async () => {
    const target = Math.ceil((time.clock.now().getTime() + 3_000) / 1000) * 1000;
    sim.setFault({ kind: 'rate-limited', retryAfter: new Date(target).toUTCString() }, { times: 1 });
    expect((await verify()).result).toBe('valid');
    expect(sim.requests[1]!.at.getTime()).toBeGreaterThanOrEqual(target);
  });

  it('stops at maxAttempts on endless 503s, within the deadline', async () => {
    sim.setFault({ kind: 'unavailable', retryAfter: '1' });
    const started = time.clock.now().getTime();
    const outcome = await verify({ maxAttempts: 4, deadlineMs: 30_000 });
    expect(outcome.result).toBe('platform-error');
    expect(sim.requests).toHaveLength(4);
    expect(time.clock.now().getTime() - started).toBeLessThanOrEqual(30_000);
  });

  it('never retries a 400', async () => {
    sim.setFault({ kind: 'status', status: 400 });
    expect((await verify()).result).toBe('platform-error');
    expect(sim.requests).toHaveLength(1);
  });

  it('does not sleep through a Retry-After past the cap: it says when to come back', async () => {
    sim.setFault({ kind: 'rate-limited', retryAfter: '86400' });
    const outcome = await verify();
    expect(outcome.result).toBe('rate-limited');
    expect(sim.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
    const retryAt = Date.parse(outcome.retryAt ?? '');
    expect(retryAt - time.clock.now().getTime()).toBeGreaterThan(86_000_000);
  });

  it('a long Retry-After holds every later check back without sending', async () => {
    sim.setFault({ kind: 'rate-limited', retryAfter: '600' }, { times: 1 });
    const deps = testDeps(time);
    const input = { secret: { value: key }, account: 't-1', baseUrl: sim.baseUrl };
    expect((await verifyKey(kaana, input, deps)).result).toBe('rate-limited');
    const second = await verifyKey(kaana, input, deps);
    expect(second).toMatchObject({ result: 'rate-limited', attempts: 0 });
    expect(sim.requests).toHaveLength(1);
  });

  it('does not sleep past the overall deadline', async () => {
    sim.setFault({ kind: 'rate-limited', retryAfter: '50' });
    const outcome = await verify({ deadlineMs: 20_000 });
    expect(outcome.result).toBe('rate-limited');
    expect(sim.requests).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('retries a 429 without Retry-After with jittered backoff, and gives up as rate-limited', async () => {
    sim.setFault({ kind: 'status', status: 429 });
    const outcome = await verify({ maxAttempts: 3 });
    expect(outcome.result).toBe('rate-limited');
    expect(sim.requests).toHaveLength(3);
    expect(time.sleeps.every((ms) => ms >= 0 && ms <= 2_000)).toBe(true);
  });

  it('retries a dropped connection (reset) and succeeds', async () => {
    sim.setFault({ kind: 'drop' }, { times: 1 });
    expect(await verify()).toMatchObject({ result: 'valid', attempts: 2 });
  });

  it('reads a refused connection as unreachable without retrying', async () => {
    const deadUrl = sim.baseUrl;
    await sim.close();
    sim = await startSimulator('kaana', { clock: time.clock });
    const outcome = await verifyKey(
      kaana,
      { secret: { value: key }, account: 't-1', baseUrl: deadUrl },
      testDeps(time),
    );
    expect(outcome).toMatchObject({ result: 'unreachable', attempts: 1 });
  });
});

describe('the limiter follows X-RateLimit-Remaining / X-RateLimit-Reset', () => {
  it('waits for the reset instead of exceeding the window', async () => {
    const time = fastTime();
    const sim = await startSimulator('knouds', { clock: time.clock, rateLimit: { limit: 3, windowMs: 60_000 } });
    try {
      const deps = testDeps(time);
      const key = sim.addKey().value;
      for (let i = 0; i < 7; i++) {
        const outcome = await verifyKey(knouds, { secret: { value: key }, account: 'u', baseUrl: sim.baseUrl }, deps);
        expect(outcome.result).toBe('valid');
      }
      expect(sim.requests.filter((r) => r.status === 429)).toEqual([]);
      const windows = new Set(sim.requests.map((r) => Math.floor(r.at.getTime() / 60_000)));
      expect(windows.size).toBeGreaterThanOrEqual(3);
    } finally {
      await sim.close();
    }
  });
});
