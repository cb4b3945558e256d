// A rotation on a platform account at its key cap (Kognitos 10 per organisation): the plan
// offers "delete an unused key first" with the candidates Keyward knows, or a revoke-first
// sequence whose outage is spelled out; the revoke-first run ends only once the new key
// verifies after the old one is refused.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Session } from '../../../src-main/core/app/session.js';
import { planCreate } from '../../../src-main/core/lifecycle/create-key.js';
import { planRun } from '../../../src-main/core/lifecycle/run-plan.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { newSessionVault } from '../../helpers/session-vault.js';
import { sampleKey, tempDir } from '../../helpers/temp-vault.js';
import { fastTime, testDeps } from '../platforms/support.js';

let dir: { dir: string; cleanup: () => void };
let session: Session;
let kognitos: SimulatorHandle;

beforeEach(async () => {
  dir = tempDir('keyward-key-cap-');
  const time = fastTime(1000);
  const clock = fixedClock('2026-11-25T09:00:00.000Z');
  kognitos = await startSimulator('kognitos', { clock: time.clock });
  ({ session } = await newSessionVault(dir.dir, { clock, platform: testDeps(time) }));
});
afterEach(async () => {
  if (session.vault.isUnlocked) session.lock();
  await kognitos.close();
  dir.cleanup();
});

describe('key cap', () => {
  it('offers the unused keys or revoke-first, and a revoke-first rotation finishes only with the new key valid', async () => {
    const keys = Array.from({ length: 10 }, (_, i) =>
      session.inventory.add(
        sampleKey({
          platform: 'kognitos',
          name: `Org key ${i}`,
          account: 'org-cap',
          baseUrl: kognitos.baseUrl,
          expiresAt: '2027-06-01',
          createdAt: '2026-01-01',
          lastUsedAt: i === 3 ? '2026-02-01' : '2026-11-20',
        }),
        { value: kognitos.addKey({ account: 'org-cap' }).value },
      ),
    );
    const target = keys[0]!;
    const plan = planRun(session, target.id, 'rotate');
    expect(plan.cap?.message).toMatch(/at most 10 active keys per organization/);
    expect(plan.cap?.candidates).toEqual([
      expect.objectContaining({ name: 'Org key 3', why: 'unused since 2026-02-01' }),
    ]);
    expect(plan.cap?.revokeFirstOutage).toMatch(/old key is deleted before the new one is made/);

    // Create key offers the same candidates (the CLI's LIMIT_REACHED message and the app's plan share it).
    expect(planCreate(session, 'kognitos', 'org-cap').limit).toMatchObject({
      allowed: false,
      message: expect.stringMatching(/Delete an unused key first: Org key 3 \(unused since 2026-02-01\)/),
    });

    const run = session.rotations.start(target.id, 'rotate', { sequence: 'revoke-first' });
    const next = session.rotations.nextStep(run);
    expect(next).toMatchObject({ step: 'capture-new-key', warning: expect.stringMatching(/down from that moment/) });
    expect(session.rotations.steps(run).labels[1]).toBe('Delete the old key, make the new one, paste it');

    kognitos.revokeKey(session.inventory.secretFor(target.id).value); // deleted first in the portal
    const fresh = kognitos.addKey({ account: 'org-cap' }).value;
    const stored = session.rotations.storeNewKey(run.id, { value: fresh }, { expiresAt: '2027-02-23' });
    expect(stored.run.outage?.startedAt).toBeDefined();
    expect(session.inventory.get(target.id).status).toBe('revocation-pending');
    await session.rotations.verifyNewKey(run.id);
    let r = session.rotations.get(run.id);
    for (const d of r.deployments) r = session.rotations.tickDeployment(run.id, d.place);
    expect(session.rotations.nextStep(r)).toEqual({ step: 'confirm-old-key-dead', automatic: true });
    const end = await session.rotations.confirmOldKeyDead(run.id);
    expect(end.run.phase).toBe('done');
    expect(end.newKeyReport?.outcome.result).toBe('valid');
  });
});
