// 500 keys verified across the five simulators at once, each simulator with a
// small per-minute budget: the client must queue, never exceed, and finish.
// Virtual time runs 1000x faster than real time for both sides.
import { describe, expect, it } from 'vitest';
import { getPlatform } from '../../../src-main/core/platforms/definitions/index.js';
import type { DefinedPlatformId } from '../../../src-main/core/platforms/platform.types.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import {
  SIM_PLATFORM_IDS,
  startSimulator,
  type SimulatorHandle,
} from '../../../src-main/sandbox/platform-sim/index.js';
import { fastTime, testDeps } from './support.js';

const LIMIT = 8;
const WINDOW_MS = 60_000;
const KEYS_PER_PLATFORM = 100;

describe('client-side rate limiting under load', () => {
  it('verifies 500 keys without a single 429 caused by the client', async () => {
    const time = fastTime(1000);
    const sims = await Promise.all(
      SIM_PLATFORM_IDS.map((id) =>
        startSimulator(id, { clock: time.clock, rateLimit: { limit: LIMIT, windowMs: WINDOW_MS } }),
      ),
    );
    try {
      // Kubiya and Knouds send X-RateLimit-Limit and are learnt from it; the other three send no
      // rate headers, so their plan's budget is configured, as a user would for their plan.
      const budget = { limit: LIMIT, windowMs: WINDOW_MS };
      // A batch job may wait long for its turn: the default 90 s deadline would hold most checks back.
      const retry = { deadlineMs: 30 * WINDOW_MS, timeoutMs: 5_000 };
      const deps = testDeps(time, { budgets: { kai: budget, kognitos: budget, kaana: budget }, retry });
      const jobs = sims.flatMap((sim: SimulatorHandle) => {
        const def = getPlatform(sim.platform as DefinedPlatformId);
        // One account per key: Kognitos (10 per org) and Kaana (5 per account) cap keys per account.
        return Array.from({ length: KEYS_PER_PLATFORM }, (_, i) => {
          const account = `acct-${i}`;
          const value = sim.addKey({ account }).value;
          return { def, input: { secret: { value }, account, baseUrl: sim.baseUrl } };
        });
      });
      const started = time.clock.now().getTime();
      const outcomes = await Promise.all(jobs.map((j) => verifyKey(j.def, j.input, deps)));

      expect(outcomes.filter((o) => o.result !== 'valid')).toEqual([]);
      for (const sim of sims) {
        expect(sim.requests.filter((r) => r.status === 429)).toEqual([]);
        expect(sim.requests).toHaveLength(KEYS_PER_PLATFORM);
        const perWindow = new Map<number, number>();
        for (const r of sim.requests) {
          const w = Math.floor(r.at.getTime() / WINDOW_MS);
          perWindow.set(w, (perWindow.get(w) ?? 0) + 1);
        }
        expect(Math.max(...perWindow.values())).toBeLessThanOrEqual(LIMIT);
      }
      // The limiter really queued: 100 requests at 8 per minute need at least 12 windows.
      const elapsed = time.clock.now().getTime() - started;
      expect(elapsed).toBeGreaterThanOrEqual(11 * WINDOW_MS);
    } finally {
      await Promise.all(sims.map((s) => s.close()));
    }
  });
});
