import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { knouds } from '../../../src-main/core/platforms/definitions/index.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { fastTime, testDeps, type FastTime } from './support.js';

describe('Knouds verify against the simulator', () => {
  let sim: SimulatorHandle;
  let time: FastTime;

  beforeEach(async () => {
    time = fastTime();
    sim = await startSimulator('knouds', { clock: time.clock });
  });
  afterEach(() => sim.close());

  const verify = (value: string) =>
    verifyKey(knouds, { secret: { value }, account: 'user-1', baseUrl: sim.baseUrl }, testDeps(time));

  it('sends GET whoami with x-api-key only (never Bearer) and reads the user', async () => {
    const key = sim.addKey({ account: 'user-1', email: 'dev@k.test', tier: 'business' }).value;
    const outcome = await verify(key);
    expect(outcome).toMatchObject({ result: 'valid', identity: 'dev@k.test (business tier)' });
    const req = sim.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/whoami');
    expect(req.headers['x-api-key']).toBe(key);
    expect(req.headers['authorization']).toBeUndefined();
    expect(req.headers['content-type']).toBeUndefined();
  });

  it('the simulator refuses Bearer, as Knouds documents', async () => {
    const key = sim.addKey().value;
    const res = await fetch(`${sim.baseUrl}/api/whoami`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(401);
  });

  it('reads LEGACY_KEY_RETIRED as retired, with the way out', async () => {
    const key = sim.addKey({ legacy: true }).value;
    const outcome = await verify(key);
    expect(outcome.result).toBe('retired');
    expect(outcome.message).toMatch(/Regenerate/);
  });

  it('reads CAPABILITY_DENIED and API_KEY_ACCESS_DENIED as forbidden, explained', async () => {
    const noCaps = await verify(sim.addKey({ capabilities: [] }).value);
    expect(noCaps.result).toBe('forbidden');
    expect(noCaps.message).toMatch(/workflow:read/);
    const free = await verify(sim.addKey({ tier: 'free' }).value);
    expect(free.result).toBe('forbidden');
    expect(free.message).toMatch(/free tier/);
  });

  it('reads a deleted key as invalid (401)', async () => {
    const key = sim.addKey().value;
    sim.revokeKey(key);
    expect((await verify(key)).result).toBe('invalid');
  });

  it('reads a 200 whose body is not the documented shape as platform-error', async () => {
    sim.setFault({ kind: 'status', status: 200 }, { times: 1 });
    const outcome = await verify(sim.addKey().value);
    expect(outcome.result).toBe('platform-error');
    expect(outcome.httpStatus).toBe(200);
  });
});
