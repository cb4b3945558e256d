// Rotation and revocation through session.rotations against loopback simulators:
// every phase saved, the old key marked revoked only once the platform refuses it,
// KAI's Regenerate recording its outage window. Each run is re-read from the vault
// after a lock, so what is asserted is what was saved.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/app/session.js';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { integrityOf, newSessionVault, reopenSession } from '../../helpers/session-vault.js';
import { sampleKey, tempDir } from '../../helpers/temp-vault.js';
import { fastTime, testDeps, type FastTime } from '../platforms/support.js';

let dir: { dir: string; cleanup: () => void };
let time: FastTime;
let clock: ReturnType<typeof fixedClock>;
let sims: SimulatorHandle[];
let session: Session;
let path: string;

const ports = () => ({ clock, platform: testDeps(time) });

beforeEach(async () => {
  dir = tempDir('keyward-rotation-');
  time = fastTime(1000);
  clock = fixedClock('2026-11-25T09:00:00.000Z');
  sims = [];
  ({ path, session } = await newSessionVault(dir.dir, ports()));
});

afterEach(async () => {
  if (session.vault.isUnlocked) session.lock();
  await Promise.all(sims.map((s) => s.close()));
  dir.cleanup();
});

async function sim(id: Parameters<typeof startSimulator>[0]): Promise<SimulatorHandle> {
  const s = await startSimulator(id, { clock: time.clock });
  sims.push(s);
  return s;
}

/** Locks and unlocks again: everything below is read back from the file. */
async function relock(): Promise<void> {
  session.lock();
  session = await reopenSession(path, ports());
}

const deployments = ['GitHub Actions secret REPORTS_KEY in acme/api', 'Vercel env REPORTS_KEY (production)'];

describe('rotation through a simulated platform', () => {
  it('runs start -> store -> verify -> deployments -> revoke -> confirm on Kognitos, and only then marks the old key revoked', async () => {
    const kognitos = await sim('kognitos');
    const oldValue = kognitos.addKey({ account: 'org-1' }).value;
    const old = session.inventory.add(
      sampleKey({
        platform: 'kognitos',
        name: 'Reports',
        account: 'org-1',
        baseUrl: kognitos.baseUrl,
        deployedTo: deployments,
        expiresAt: '2026-12-01',
        tags: ['reports'],
      }),
      { value: oldValue },
    );

    let run = session.rotations.start(old.id, 'rotate');
    expect(run.phase).toBe('started');
    // Never a second run: refused, naming the open one.
    expect(() => session.rotations.start(old.id, 'rotate')).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', subject: run.id }),
    );
    expect(session.rotations.openFor(old.id)?.id).toBe(run.id);
    const step = session.rotations.nextStep(run);
    expect(step).toMatchObject({
      step: 'capture-new-key',
      portal: { platform: 'Kognitos' },
    });
    expect(step.step === 'capture-new-key' && step.warning).toBeFalsy();

    // The user creates the replacement in the portal and pastes it.
    const newValue = kognitos.addKey({ account: 'org-1' }).value;
    clock.set('2026-11-25T09:05:00.000Z');
    const stored = session.rotations.storeNewKey(run.id, { value: newValue }, { expiresAt: '2027-02-23' });
    run = stored.run;
    expect(run.phase).toBe('new-key-stored');
    expect(run.outage).toBeUndefined(); // Kognitos keys coexist: no outage
    expect(session.inventory.get(old.id).status).toBe('active'); // still in use until deployments move
    await relock();
    expect(session.rotations.get(run.id).phase).toBe('new-key-stored');
    expect(session.inventory.secretFor(stored.newKey.id).value).toBe(newValue);

    const verified = await session.rotations.verifyNewKey(run.id);
    expect(verified.report.outcome.result).toBe('valid');
    expect(verified.run.phase).toBe('new-key-verified');
    expect(session.rotations.nextStep(verified.run)).toEqual({
      step: 'update-deployments',
      pending: deployments,
    });

    run = session.rotations.tickDeployment(run.id, deployments[0]!);
    expect(run.phase).toBe('new-key-verified');
    expect(() => session.rotations.tickDeployment(run.id, 'Somewhere else')).toThrow(
      expect.objectContaining({ code: 'NOT_FOUND' }),
    );
    run = session.rotations.tickDeployment(run.id, deployments[1]!);
    expect(run.phase).toBe('deployments-updated');
    expect(run.deployments.map((d) => d.state)).toEqual(['done', 'done']);
    // Out-of-order calls are refused, not applied.
    await expect(session.rotations.verifyNewKey(run.id)).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(session.rotations.confirmOldKeyDead(run.id)).rejects.toMatchObject({ code: 'BAD_INPUT' });

    run = session.rotations.beginRevocation(run.id);
    expect(run.phase).toBe('old-revocation-pending');
    expect(session.inventory.get(old.id).status).toBe('revocation-pending');

    // Confirming before the portal revoke: the platform still accepts the key.
    const early = await session.rotations.confirmOldKeyDead(run.id);
    expect(early.confirmed).toBe(false);
    expect(early.report.outcome.result).toBe('valid');
    await relock();
    expect(session.rotations.get(run.id).phase).toBe('old-revocation-pending');
    expect(session.inventory.get(old.id).status).toBe('revocation-pending');
    expect(session.rotations.openFor(old.id)?.id).toBe(run.id);

    kognitos.revokeKey(oldValue); // the portal's Delete
    const done = await session.rotations.confirmOldKeyDead(run.id);
    expect(done.confirmed).toBe(true);
    expect(['revoked', 'invalid']).toContain(done.report.outcome.result);
    await relock();

    const finalRun = session.rotations.get(run.id);
    expect(finalRun.phase).toBe('done');
    expect(finalRun.log.map((e) => e.event)).toEqual([
      'started',
      'new-key-stored',
      'new-key-verified',
      'deployment',
      'deployment',
      'revocation-pending',
      'old-key-confirmed-dead',
      'new-key-verified-after-old-dead', // done only once the new key works with the old one dead
    ]);
    const oldAfter = session.inventory.get(old.id);
    const newAfter = session.inventory.get(stored.newKey.id);
    expect(oldAfter.status).toBe('revoked');
    expect(oldAfter.name).toBe('Reports (replaced 2026-11-25)');
    expect(oldAfter.extra['rotation.replacedBy']).toBe(newAfter.id);
    expect(newAfter).toMatchObject({
      status: 'active',
      name: 'Reports',
      platform: 'kognitos',
      account: 'org-1',
      baseUrl: kognitos.baseUrl,
      deployedTo: deployments,
      tags: ['reports'],
      expiresAt: '2027-02-23',
      extra: expect.objectContaining({ 'rotation.replaces': old.id }),
    });
    expect(newAfter.lastVerification?.result).toBe('valid');
    expect(newAfter.history.map((h) => h.action)).toContain('rotated');
    expect(session.inventory.resolve('Reports')).toBe(newAfter.id);
    expect(session.inventory.list().keys).toHaveLength(2);
    expect(session.rotations.openFor(old.id)).toBeNull();
    expect(session.rotations.list()).toEqual([]);
    expect(() => session.rotations.start(old.id, 'rotate')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    session.lock();
    expect(integrityOf(path)).toBe('ok');
  });

  it('KAI regenerate: warns, marks the old key revocation-pending at capture and records the outage window', async () => {
    const kai = await sim('kai');
    const instance = 'inst-7';
    const oldValue = kai.addKey({ account: instance }).value;
    const old = session.inventory.add(
      sampleKey({
        platform: 'kai',
        name: 'Support bot',
        account: instance,
        baseUrl: kai.baseUrl,
        deployedTo: deployments,
      }),
      { value: oldValue, instanceId: instance },
    );
    let run = session.rotations.start(old.id, 'rotate');
    const step = session.rotations.nextStep(run);
    expect(step.step).toBe('capture-new-key');
    expect(step.step === 'capture-new-key' && step.warning).toMatch(
      /kills the current key the moment the new one is made/,
    );
    expect(session.inventory.get(old.id).status).toBe('active'); // nothing happened yet

    // Regenerate in the portal: the old key dies at once.
    clock.set('2026-11-25T10:00:00.000Z');
    const newValue = kai.regenerateKey(instance);
    const captured = session.rotations.storeNewKey(run.id, {
      value: newValue,
      instanceId: instance,
    });
    run = captured.run;
    expect(run.outage).toEqual({ startedAt: '2026-11-25T10:00:00.000Z' });
    expect(session.inventory.get(old.id).status).toBe('revocation-pending');
    await relock();
    expect(session.rotations.get(run.id).outage).toEqual({
      startedAt: '2026-11-25T10:00:00.000Z',
    });
    expect(session.inventory.get(old.id).status).toBe('revocation-pending');

    clock.set('2026-11-25T10:02:00.000Z');
    expect((await session.rotations.verifyNewKey(run.id)).run.phase).toBe('new-key-verified');
    clock.set('2026-11-25T10:10:00.000Z');
    run = session.rotations.tickDeployment(run.id, deployments[0]!);
    expect(run.outage?.endedAt).toBeUndefined(); // one integration is still down
    clock.set('2026-11-25T10:25:00.000Z');
    run = session.rotations.tickDeployment(run.id, deployments[1]!);
    expect(run.outage).toEqual({
      startedAt: '2026-11-25T10:00:00.000Z',
      endedAt: '2026-11-25T10:25:00.000Z',
    });

    // No "revoke old" step: the Regenerate killed it; Keyward goes straight to confirming the refusal.
    expect(run.phase).toBe('old-revocation-pending');
    expect(session.rotations.nextStep(run)).toEqual({ step: 'confirm-old-key-dead', automatic: true });
    const pendingEntries = session.inventory
      .get(old.id)
      .history.filter((h) => h.action === 'status' && h.detail === 'revocation-pending');
    expect(pendingEntries).toHaveLength(1); // marked once, at capture
    const confirmed = await session.rotations.confirmOldKeyDead(run.id); // already dead since the regenerate
    expect(confirmed.confirmed).toBe(true);
    await relock();
    const finalRun = session.rotations.get(run.id);
    expect(finalRun).toMatchObject({
      phase: 'done',
      outage: {
        startedAt: '2026-11-25T10:00:00.000Z',
        endedAt: '2026-11-25T10:25:00.000Z',
      },
    });
    expect(session.inventory.get(old.id).status).toBe('revoked');
    const fresh = session.inventory.get(captured.newKey.id);
    expect(fresh).toMatchObject({
      status: 'active',
      name: 'Support bot',
      deployedTo: deployments,
    });
    expect(session.inventory.secretFor(fresh.id)).toEqual({
      value: newValue,
      instanceId: instance,
    });
  });

  it('KAI without recorded deployments ends the outage window when the new key verifies', async () => {
    const kai = await sim('kai');
    const oldValue = kai.addKey({ account: 'inst-8' }).value;
    const old = session.inventory.add(
      sampleKey({
        platform: 'kai',
        name: 'Bare',
        account: 'inst-8',
        baseUrl: kai.baseUrl,
        deployedTo: [],
      }),
      { value: oldValue, instanceId: 'inst-8' },
    );
    const run = session.rotations.start(old.id, 'rotate');
    clock.set('2026-11-25T11:00:00.000Z');
    session.rotations.storeNewKey(run.id, {
      value: kai.regenerateKey('inst-8'),
      instanceId: 'inst-8',
    });
    clock.set('2026-11-25T11:01:00.000Z');
    const v = await session.rotations.verifyNewKey(run.id);
    // The old key died with the Regenerate: no revoke step, Keyward only confirms the refusal.
    expect(v.run).toMatchObject({
      phase: 'old-revocation-pending',
      outage: {
        startedAt: '2026-11-25T11:00:00.000Z',
        endedAt: '2026-11-25T11:01:00.000Z',
      },
    });
  });

  it('a revoke-only run marks the key revocation-pending at start and revoked only after the platform refuses it', async () => {
    const knouds = await sim('knouds');
    const value = knouds.addKey({ account: 'user-42' }).value;
    const key: KeyRecord = session.inventory.add(
      sampleKey({
        platform: 'knouds',
        name: 'Old deploy key',
        account: 'user-42',
        baseUrl: knouds.baseUrl,
      }),
      { value },
    );
    expect(() => session.rotations.start(key.id, 'revoke')).toThrow(
      expect.objectContaining({ code: 'BAD_INPUT', subject: 'confirmName' }),
    );
    expect(session.inventory.get(key.id).status).toBe('active'); // refused: nothing changed
    const run = session.rotations.start(key.id, 'revoke', { confirmName: 'Old deploy key' });
    expect(run).toMatchObject({
      kind: 'revoke',
      phase: 'old-revocation-pending',
    });
    expect(session.rotations.nextStep(run)).toEqual({
      step: 'confirm-old-key-dead',
      automatic: false,
    });
    await relock();
    expect(session.inventory.get(key.id).status).toBe('revocation-pending');
    expect(session.rotations.openFor(key.id)?.id).toBe(run.id);

    const early = await session.rotations.confirmOldKeyDead(run.id);
    expect(early).toMatchObject({
      confirmed: false,
      run: { phase: 'old-revocation-pending' },
    });
    await relock();
    expect(session.inventory.get(key.id).status).toBe('revocation-pending');

    knouds.revokeKey(value);
    const late = await session.rotations.confirmOldKeyDead(run.id);
    expect(late.confirmed).toBe(true);
    expect(late.report.outcome.result).toBe('revoked');
    await relock();
    expect(session.inventory.get(key.id).status).toBe('revoked');
    expect(session.rotations.get(run.id).phase).toBe('done');
    expect(session.inventory.list().keys).toHaveLength(1); // a revoke makes no new key
  });

  it('platform trouble during confirmation is not taken as "dead"', async () => {
    const knouds = await sim('knouds');
    const value = knouds.addKey({ account: 'user-42' }).value;
    const key = session.inventory.add(
      sampleKey({
        platform: 'knouds',
        name: 'Flaky',
        account: 'user-42',
        baseUrl: knouds.baseUrl,
      }),
      { value },
    );
    const run = session.rotations.start(key.id, 'revoke', { confirmName: 'Flaky' });
    knouds.revokeKey(value);
    knouds.setFault({ kind: 'unavailable', retryAfter: '3600' });
    const r = await session.rotations.confirmOldKeyDead(run.id);
    expect(r).toMatchObject({
      confirmed: false,
      report: { outcome: { result: 'platform-error' } },
    });
    expect(session.inventory.get(key.id).status).toBe('revocation-pending');
    knouds.setFault({ kind: 'status', status: 403 }, { times: 1 }); // forbidden is not proof of death either
    time.advance(3_600_000);
    expect((await session.rotations.confirmOldKeyDead(run.id)).confirmed).toBe(false);
    expect((await session.rotations.confirmOldKeyDead(run.id)).confirmed).toBe(true);
  });
});

describe("a rotation's new key with an expiry already past (#16)", () => {
  it('is refused at expiresAt with the words the app shows, and nothing is stored', async () => {
    const knouds = await sim('knouds');
    const old = session.inventory.add(
      sampleKey({ platform: 'knouds', name: 'Deploy', account: 'user-1', baseUrl: knouds.baseUrl }),
      { value: knouds.addKey({ account: 'user-1', email: 'a@b.c', tier: 'pro' }).value },
    );
    const run = session.rotations.start(old.id, 'rotate');
    const fresh = knouds.addKey({ account: 'user-1', email: 'a@b.c', tier: 'pro' }).value;
    // The clock's day is 2026-11-25: the day before is past, the day itself is not.
    expect(() => session.rotations.storeNewKey(run.id, { value: fresh }, { expiresAt: '2026-11-24' })).toThrow(
      expect.objectContaining({
        code: 'BAD_INPUT',
        subject: 'expiresAt',
        message: expect.stringMatching(/already past/),
      }),
    );
    expect(session.rotations.get(run.id).phase).toBe('started');
    expect(session.inventory.list().keys).toHaveLength(1);
    expect(session.rotations.storeNewKey(run.id, { value: fresh }, { expiresAt: '2026-11-25' }).run.phase).toBe(
      'new-key-stored',
    );
  });
});
