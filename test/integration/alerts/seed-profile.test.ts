// The demo and screenshot seed (test/e2e/seed.ts) looks like a real team's vault when counted
// by the core: of 200 keys about 2 act now, 6 due soon, 14 housekeeping, the rest fine. The
// older every-rule mix stays available by name, and still fires every rule often.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { AttentionSummary } from '../../../src-main/contract/attention.js';
import type { Envelope } from '../../../src-main/contract/channels.js';
import type { KeyListing } from '../../../src-main/contract/keys.js';
import { createCore } from '../../../src-main/core/app/create-core.js';
import { KDF_TEST_COST } from '../../../src-main/core/crypto/kdf.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { quietHost } from '../../helpers/quiet-host.js';
import { TEST_PASSWORD, tempDir } from '../../helpers/temp-vault.js';
import { seedKeys, type SeedProfile } from '../../e2e/seed.js';

const NOW = '2028-03-01T09:00:00Z';
const tmp = tempDir('keyward-seed-profile-');
afterAll(() => tmp.cleanup());

async function vaultOf(profile: SeedProfile, count: number) {
  const core = createCore({
    clock: fixedClock(NOW),
    vaultPath: join(tmp.dir, `${profile}-${count}.db`),
    kdf: KDF_TEST_COST,
  });
  const host = quietHost(core);
  const call = async <T>(c: string, input: unknown = {}): Promise<T> => {
    const reply = (await host.dispatch(c as never, input)) as Envelope<T>;
    if (!reply.ok) throw new Error(`${c}: ${reply.error.code} ${reply.error.message}`);
    return reply.value;
  };
  await call('vault.create', { password: TEST_PASSWORD });
  const inv = core.inventory();
  inv.insertPrepared(
    seedKeys(count, { profile, now: new Date(NOW) }).map((k) =>
      inv.prepare(k.fields as never, k.secret, k.verified ? { lastVerification: k.verified } : {}),
    ),
  );
  return { call, close: () => host.lock() };
}

describe('seed profiles, counted by alerts.attention', () => {
  it('team (the default): 200 keys are mostly fine, 2 act now, 6 due soon, 14 housekeeping', async () => {
    const v = await vaultOf('team', 200);
    const s = await v.call<AttentionSummary>('alerts.attention');
    const { keys } = await v.call<KeyListing>('keys.list');
    const state = (st: string) => keys.filter((k) => k.attention.state === st).length;
    expect({ actNow: s.actNow, dueSoon: s.dueSoon, housekeeping: s.housekeeping, fine: s.fine }).toEqual({
      actNow: 2,
      dueSoon: 6,
      housekeeping: 14,
      fine: 178,
    });
    expect(s.needsAction).toBe(8);
    expect(state('act-now') + state('due-soon')).toBe(s.needsAction);
    // No expired or refused key among the fine ones, and most were verified and used this month.
    const fine = keys.filter((k) => k.attention.state === 'fine');
    expect(fine.filter((k) => k.lastVerification?.result === 'valid').length).toBeGreaterThan(170);
    await v.close();
  });

  it('the default profile is the team one', () => {
    const now = new Date(NOW);
    expect(seedKeys(50, { now })).toEqual(seedKeys(50, { now, profile: 'team' }));
    expect(seedKeys(50, { now })).not.toEqual(seedKeys(50, { now, profile: 'every-rule' }));
  });

  it('every-rule: the older mix, where nearly every key carries a reason', async () => {
    const v = await vaultOf('every-rule', 200);
    const s = await v.call<AttentionSummary>('alerts.attention');
    expect(s.actNow).toBeGreaterThanOrEqual(2);
    expect(s.housekeeping).toBeGreaterThan(100);
    expect(s.fine).toBeLessThan(50);
    await v.close();
  });
});
