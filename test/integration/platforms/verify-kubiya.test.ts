import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kubiya } from '../../../src-main/core/platforms/definitions/index.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { fastTime, testDeps, type FastTime } from './support.js';

describe('Kubiya verify against the simulator', () => {
  let sim: SimulatorHandle;
  let time: FastTime;
  let key: string;

  beforeEach(async () => {
    time = fastTime();
    sim = await startSimulator('kubiya', { clock: time.clock });
    key = sim.addKey({ account: 'acme', email: 'ci@acme.test' }).value;
  });
  afterEach(() => sim.close());

  const verify = (value: string, previouslyValid = false) =>
    verifyKey(kubiya, { secret: { value }, account: 'acme', baseUrl: sim.baseUrl, previouslyValid }, testDeps(time));

  it('sends GET users/self with Authorization: UserKey and reads the identity', async () => {
    const outcome = await verify(key);
    expect(outcome).toMatchObject({ result: 'valid', identity: 'ci@acme.test (org acme)', attempts: 1 });
    const req = sim.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/v1/users/self');
    expect(req.query).toEqual({});
    expect(req.headers['authorization']).toBe(`UserKey ${key}`);
    expect(req.headers['content-type']).toBeUndefined();
    expect(req.body).toBe('');
  });

  it('reads a revoked key as revoked when it was valid before, invalid otherwise', async () => {
    sim.revokeKey(key);
    expect((await verify(key, true)).result).toBe('revoked');
    expect((await verify(key, false)).result).toBe('invalid');
  });

  it('reads a key whose user lacks permission as forbidden (403)', async () => {
    const limited = sim.addKey({ active: false }).value;
    expect((await verify(limited)).result).toBe('forbidden');
  });

  it('the simulator refuses Bearer: the platform API wants UserKey', async () => {
    const res = await fetch(`${sim.baseUrl}/api/v1/users/self`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(401);
  });

  it('reads a 500 that persists as platform-error after the retries', async () => {
    sim.setFault({ kind: 'status', status: 500 });
    const outcome = await verify(key);
    expect(outcome.result).toBe('platform-error');
    expect(sim.requests.length).toBe(4);
  });
});
