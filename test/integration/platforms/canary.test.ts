// The secret never appears in a returned message, identity or thrown error, even
// when the platform echoes it back (security-promises CANARY convention).
import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../../src-main/core/platforms/definitions/index.js';
import { createKubiyaKey } from '../../../src-main/core/platforms/kubiya-create.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import { startSimulator, type Fault } from '../../../src-main/sandbox/platform-sim/index.js';
import { canary, expectNoLeak, fastTime, testDeps } from './support.js';

const FAULTS: (Fault | null)[] = [
  null,
  { kind: 'status', status: 500 },
  { kind: 'status', status: 200 },
  { kind: 'unavailable', retryAfter: '1' },
  { kind: 'rate-limited', retryAfter: '99999' },
  { kind: 'drop' },
  { kind: 'slow', delayMs: 600 },
  { kind: 'redirect', location: 'https://elsewhere.example/' },
];

describe('no outcome or error ever carries the secret', () => {
  for (const def of PLATFORMS) {
    it(`${def.id}: valid, refused and every fault`, async () => {
      const time = fastTime();
      const sim = await startSimulator(def.id, { clock: time.clock, echoKeyInErrors: true });
      try {
        const live = sim.addKey({ account: 'acct-1', value: canary(def.keyFormat.prefixes[0] ?? 'sk-CANARY-') }).value;
        const unknown = canary(def.keyFormat.prefixes[0] ?? 'sk-CANARY-');
        const results: string[] = [];
        for (const fault of FAULTS) {
          sim.setFault(fault);
          // Fresh deps per fault: a long Retry-After holds off every later call on shared deps.
          const deps = testDeps(time, { retry: { timeoutMs: 300, maxAttempts: 2 } });
          for (const value of [live, unknown]) {
            const input = { secret: { value, instanceId: 'acct-1' }, account: 'acct-1', baseUrl: sim.baseUrl };
            const outcome = await verifyKey(def, input, deps);
            expectNoLeak(outcome, value);
            results.push(outcome.result);
          }
        }
        expect(results).toContain('valid');
        expect(results).toContain('invalid');
        const bad = { secret: { value: `${live}\n`, instanceId: 'acct-1' }, account: 'acct-1', baseUrl: sim.baseUrl };
        await expect(verifyKey(def, bad, testDeps(time))).rejects.toSatisfy((e: unknown) => {
          expectNoLeak(e, live);
          return true;
        });
      } finally {
        await sim.close();
      }
    });
  }

  it('kubiya create: the management key never leaks, whatever happens', async () => {
    const time = fastTime();
    const sim = await startSimulator('kubiya', { clock: time.clock, echoKeyInErrors: true });
    try {
      const mgmt = sim.addKey({ value: canary('kby_') }).value;
      for (const fault of [...FAULTS, { kind: 'drop-after-handling' } as Fault]) {
        sim.setFault(fault);
        const deps = testDeps(time, { retry: { timeoutMs: 300 } });
        for (const value of [mgmt, canary('kby_')]) {
          const outcome = await createKubiyaKey(
            { managementKey: { value }, name: 'ci', scopes: ['agents:read'], baseUrl: sim.baseUrl },
            deps,
          );
          expectNoLeak(outcome.outcome === 'created' ? { ...outcome, secret: undefined } : outcome, value);
        }
      }
    } finally {
      await sim.close();
    }
  });
});
