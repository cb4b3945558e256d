import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kai } from '../../../src-main/core/platforms/definitions/index.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { fastTime, testDeps, type FastTime } from './support.js';

describe('KAI verify against the simulator', () => {
  let sim: SimulatorHandle;
  let time: FastTime;
  let key: string;
  const instanceId = 'inst-123';

  beforeEach(async () => {
    time = fastTime();
    sim = await startSimulator('kai', { clock: time.clock });
    key = sim.addKey({ account: instanceId }).value;
  });
  afterEach(() => sim.close());

  const verify = (value: string, instance = instanceId, previouslyValid = false) =>
    verifyKey(
      kai,
      { secret: { value, instanceId: instance }, account: instance, baseUrl: sim.baseUrl, previouslyValid },
      testDeps(time),
    );

  it('sends exactly the documented request and reads a valid key', async () => {
    const outcome = await verify(key);
    expect(outcome.result).toBe('valid');
    expect(outcome.identity).toBe(`KAI instance ${instanceId}`);
    expect(sim.requests).toHaveLength(1);
    const req = sim.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/document/list-docs');
    expect(JSON.parse(req.body)).toEqual({ offset: 0, limit: 1 });
    expect(req.headers['instance-id']).toBe(instanceId);
    expect(req.headers['api-key']).toBe(key);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['authorization']).toBeUndefined();
  });

  it('uses the instance id from the account when the secret has none', async () => {
    const outcome = await verifyKey(
      kai,
      { secret: { value: key }, account: instanceId, baseUrl: sim.baseUrl },
      testDeps(time),
    );
    expect(outcome.result).toBe('valid');
  });

  it('reads an unknown instance as wrong-instance (404)', async () => {
    const outcome = await verify(key, 'inst-unknown');
    expect(outcome.result).toBe('wrong-instance');
    expect(outcome.httpStatus).toBe(404);
  });

  it('reads a wrong key as invalid (401)', async () => {
    expect((await verify('not-the-key-at-all')).result).toBe('invalid');
  });

  it('Regenerate kills the old key at once; a known-good key then reads revoked', async () => {
    expect((await verify(key)).result).toBe('valid');
    const fresh = sim.regenerateKey(instanceId);
    expect((await verify(key, instanceId, true)).result).toBe('revoked');
    expect((await verify(fresh)).result).toBe('valid');
  });

  it('reads 503 with Retry-After, retried until it stops, as platform-error', async () => {
    sim.setFault({ kind: 'unavailable', retryAfter: '1' });
    const outcome = await verify(key);
    expect(outcome.result).toBe('platform-error');
    expect(outcome.attempts).toBe(4);
    expect(sim.requests).toHaveLength(4);
  });

  it('recovers when a 503 clears before the retries run out', async () => {
    sim.setFault({ kind: 'unavailable', retryAfter: '2' }, { times: 1 });
    const outcome = await verify(key);
    expect(outcome.result).toBe('valid');
    expect(outcome.attempts).toBe(2);
    const gap = sim.requests[1]!.at.getTime() - sim.requests[0]!.at.getTime();
    expect(gap).toBeGreaterThanOrEqual(2_000);
  });
});
