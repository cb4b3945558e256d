import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { kognitos } from '../../../src-main/core/platforms/definitions/index.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { fastTime, testDeps, type FastTime } from './support.js';

describe('Kognitos verify against the simulator', () => {
  let sim: SimulatorHandle;
  let time: FastTime;

  beforeEach(async () => {
    time = fastTime();
    sim = await startSimulator('kognitos', { clock: time.clock });
  });
  afterEach(() => sim.close());

  const verify = (value: string) =>
    verifyKey(kognitos, { secret: { value }, account: 'org-9', baseUrl: sim.baseUrl }, testDeps(time));

  it('sends GET me/organizations?page_size=1 with Bearer and names the organisation', async () => {
    const key = sim.addKey({ account: 'org-9' }).value;
    const outcome = await verify(key);
    expect(outcome).toMatchObject({ result: 'valid', identity: 'Kognitos organisation org-9' });
    const req = sim.requests[0]!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/v1/me/organizations');
    expect(req.query).toEqual({ page_size: '1' });
    expect(req.headers['authorization']).toBe(`Bearer ${key}`);
  });

  it('reads an expired key as invalid (401), like a deleted one', async () => {
    const expiresAt = new Date(time.clock.now().getTime() + 7 * 86_400_000);
    const key = sim.addKey({ account: 'org-9', expiresAt }).value;
    expect((await verify(key)).result).toBe('valid');
    time.advance(7 * 86_400_000 + 1_000);
    const outcome = await verify(key);
    expect(outcome.result).toBe('invalid');
    expect(outcome.message).toMatch(/expiry/);
  });

  it('reads a deleted key as invalid', async () => {
    const key = sim.addKey({ account: 'org-9' }).value;
    sim.revokeKey(key);
    expect((await verify(key)).result).toBe('invalid');
  });

  it('refuses an 11th key in one organisation (the simulator enforces the documented cap)', () => {
    for (let i = 0; i < 10; i++) sim.addKey({ account: 'org-full' });
    expect(() => sim.addKey({ account: 'org-full' })).toThrow(/10 keys/);
  });

  it('reads a dropped connection, retried, as unreachable', async () => {
    const key = sim.addKey({ account: 'org-9' }).value;
    sim.setFault({ kind: 'drop' });
    const outcome = await verify(key);
    expect(outcome.result).toBe('unreachable');
    expect(outcome.attempts).toBe(4);
  });
});
