// Experimental Kubiya create: exact request, portal fallback, and never a second
// POST after an ambiguous failure (security-promises P-3).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-main/core/errors.js';
import { kubiya } from '../../../src-main/core/platforms/definitions/index.js';
import { createKubiyaKey, type CreateKubiyaKeyInput } from '../../../src-main/core/platforms/kubiya-create.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import {
  startSimulator,
  type SimulatorHandle,
  type SimulatorOptions,
} from '../../../src-main/sandbox/platform-sim/index.js';
import { fastTime, testDeps, type FastTime } from './support.js';

const CREATE_PATH = '/api/v1/auth/keys';

describe('createKubiyaKey', () => {
  let sim: SimulatorHandle;
  let time: FastTime;
  let mgmt: string;

  const start = async (opts: SimulatorOptions = {}) => {
    time = fastTime();
    sim = await startSimulator('kubiya', { clock: time.clock, ...opts });
    mgmt = sim.addKey({ account: 'acme', email: 'admin@acme.test' }).value;
  };
  beforeEach(() => start());
  afterEach(() => sim.close());

  const create = (extra: Partial<CreateKubiyaKeyInput> = {}) =>
    createKubiyaKey(
      {
        managementKey: { value: mgmt },
        name: 'CI pipeline',
        description: 'deploys',
        scopes: ['agents:read', 'tasks:execute'],
        baseUrl: sim.baseUrl,
        ...extra,
      },
      testDeps(time, { retry: { timeoutMs: 400 } }),
    );
  const posts = () => sim.requests.filter((r) => r.path === CREATE_PATH);

  it('POSTs the documented request and returns a key that then verifies', async () => {
    const outcome = await create();
    if (outcome.outcome !== 'created') throw new Error(outcome.message);
    const req = posts()[0]!;
    expect(req.method).toBe('POST');
    expect(req.headers['authorization']).toBe(`UserKey ${mgmt}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({
      name: 'CI pipeline',
      description: 'deploys',
      scopes: ['agents:read', 'tasks:execute'],
    });
    expect(outcome.facts.facts).toMatchObject({ organization: 'acme', tokenName: 'CI pipeline' });
    expect(outcome.keyId).toBeTruthy();
    const verified = await verifyKey(
      kubiya,
      { secret: outcome.secret, account: 'acme', baseUrl: sim.baseUrl },
      testDeps(time),
    );
    expect(verified.result).toBe('valid');
  });

  it('falls back to the portal on 404 and 405', async () => {
    await sim.close();
    await start({ createSupported: false });
    expect(await create()).toMatchObject({ outcome: 'fallback', fallback: 'portal' });
    sim.setFault({ kind: 'status', status: 405 }, { path: CREATE_PATH });
    expect(await create()).toMatchObject({ outcome: 'fallback', fallback: 'portal' });
  });

  it('a connection dropped after the key was made: ambiguous, one POST, the key exists', async () => {
    sim.setFault({ kind: 'drop-after-handling' }, { path: CREATE_PATH });
    expect(await create()).toMatchObject({ outcome: 'ambiguous', ambiguous: true });
    expect(posts()).toHaveLength(1);
    expect(sim.keys()).toHaveLength(2);
  });

  it('a timeout, a 500 or an unreadable 201 is ambiguous and never retried', async () => {
    for (const fault of [
      { kind: 'slow', delayMs: 1_000 },
      { kind: 'status', status: 500 },
      { kind: 'status', status: 201 },
    ] as const) {
      sim.requests.length = 0;
      sim.setFault(fault, { path: CREATE_PATH });
      expect(await create()).toMatchObject({ outcome: 'ambiguous', ambiguous: true });
      expect(posts()).toHaveLength(1);
    }
  });

  it('refusals are values that are safe to retry by hand', async () => {
    sim.setFault({ kind: 'rate-limited', retryAfter: '30' }, { path: CREATE_PATH, times: 1 });
    expect(await create()).toMatchObject({ outcome: 'refused', result: 'rate-limited' });
    expect(posts()).toHaveLength(1);
    const limited = sim.addKey({ canCreateKeys: false }).value;
    expect(await create({ managementKey: { value: limited } })).toMatchObject({
      outcome: 'refused',
      result: 'forbidden',
    });
    sim.revokeKey(mgmt);
    expect(await create()).toMatchObject({ outcome: 'refused', result: 'invalid' });
  });

  it('a refused connection sent nothing: unreachable, not ambiguous', async () => {
    const dead = sim.baseUrl;
    await sim.close();
    await start();
    expect(await create({ baseUrl: dead })).toMatchObject({ outcome: 'refused', result: 'unreachable' });
  });

  it('checks name and scopes before sending anything', async () => {
    await expect(create({ scopes: ['root:everything'] })).rejects.toSatisfy((e) => isAppError(e, 'BAD_INPUT'));
    await expect(create({ name: '  ' })).rejects.toSatisfy((e) => isAppError(e, 'BAD_INPUT'));
    expect(sim.requests).toHaveLength(0);
  });
});
