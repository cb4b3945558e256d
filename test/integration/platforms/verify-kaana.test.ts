import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kaana } from '../../../src-main/core/platforms/definitions/index.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { fastTime, testDeps, type FastTime } from './support.js';

describe('Kaana verify against the simulator', () => {
  let sim: SimulatorHandle;
  let time: FastTime;

  beforeEach(async () => {
    time = fastTime();
    sim = await startSimulator('kaana', { clock: time.clock });
  });
  afterEach(() => sim.close());

  const verify = (value: string, previouslyValid = false) =>
    verifyKey(kaana, { secret: { value }, account: 't-1', baseUrl: sim.baseUrl, previouslyValid }, testDeps(time));

  it('sends GET /api/user with Bearer and reads user and tenant', async () => {
    const key = sim.addKey({ account: 't-1', name: 'ana' }).value;
    const outcome = await verify(key);
    expect(outcome).toMatchObject({ result: 'valid', identity: 'ana (tenant t-1)' });
    const req = sim.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/user');
    expect(req.headers['authorization']).toBe(`Bearer ${key}`);
  });

  it('reads "Invalid API Key" as invalid or revoked, "Unauthorized" as forbidden', async () => {
    const key = sim.addKey({ account: 't-1' }).value;
    sim.revokeKey(key);
    expect((await verify(key)).result).toBe('invalid');
    expect((await verify(key, true)).result).toBe('revoked');
    const inactive = sim.addKey({ account: 't-1', active: false }).value;
    expect((await verify(inactive)).result).toBe('forbidden');
  });

  it('reads an answer slower than the timeout as unreachable, without retrying it', async () => {
    const key = sim.addKey({ account: 't-1' }).value;
    sim.setFault({ kind: 'slow', delayMs: 1_500 });
    const deps = testDeps(time, { retry: { timeoutMs: 300, connectTimeoutMs: 200 } });
    const started = performance.now();
    const outcome = await verifyKey(kaana, { secret: { value: key }, account: 't-1', baseUrl: sim.baseUrl }, deps);
    expect(outcome.result).toBe('unreachable');
    expect(outcome.message).toMatch(/did not answer/);
    expect(outcome.attempts).toBe(1);
    expect(performance.now() - started).toBeLessThan(1_200);
  });

  it('the simulator caps Standard accounts at 5 active keys', () => {
    for (let i = 0; i < 5; i++) sim.addKey({ account: 't-full' });
    expect(() => sim.addKey({ account: 't-full' })).toThrow(/5 active keys/);
  });
});
