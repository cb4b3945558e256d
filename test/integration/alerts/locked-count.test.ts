// The tray's locked count, read from the schedule file with no password, is the unlocked count of
// keys needing action (act now + due soon) on the demo seed, keys already past their expiry and
// keys the platform refuses included, and it stays right as the days pass while the vault is locked.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src-main/contract/channels.js';
import type { AttentionSummary } from '../../../src-main/contract/attention.js';
import { createCore } from '../../../src-main/core/app/create-core.js';
import { KDF_TEST_COST } from '../../../src-main/core/crypto/kdf.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { coreNeedingAction, parseSchedule, scheduleNeedingAction } from '../../../src-main/host/alert-signals.js';
import { quietHost } from '../../helpers/quiet-host.js';
import { TEST_PASSWORD, tempDir } from '../../helpers/temp-vault.js';
import { seedKeys, type SeedProfile } from '../../e2e/seed.js';

const NOW = '2028-03-01T09:00:00Z';
const tmp = tempDir('keyward-locked-count-');
afterAll(() => tmp.cleanup());

let made = 0;
async function seeded(profile: SeedProfile, count: number, now = NOW) {
  const vaultPath = join(tmp.dir, `${profile}-${count}-${(made += 1)}.db`);
  const clock = fixedClock(now);
  const core = createCore({ clock, vaultPath, kdf: KDF_TEST_COST });
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
  const s = core.session();
  s.alerts.writeSchedule();
  const { keys, byKey } = s.alerts.attention();
  const unlocked = coreNeedingAction(keys, byKey, false);
  const summary = await call<AttentionSummary>('alerts.attention');
  const locked = (day: string) =>
    scheduleNeedingAction(parseSchedule(readFileSync(`${vaultPath}.schedule.json`, 'utf8')), day);
  const explain = (ids: readonly string[]) =>
    ids.map((id) => `${id} ${JSON.stringify(byKey.get(id)?.reasons.map((r) => [r.kind, r.state]))}`).join('\n');
  /** The unlocked keys needing action `days` after NOW, at the same hour, from the core (nothing rewritten). */
  const unlockedAfter = (days: number) => {
    clock.set(new Date(Date.parse(now) + days * 86_400_000).toISOString());
    const a = s.alerts.attention();
    clock.set(now);
    return coreNeedingAction(a.keys, a.byKey, false);
  };
  return { core, unlocked, unlockedAfter, summary, locked, explain, close: () => host.lock() };
}

const dayAfter = (days: number) => new Date(Date.parse(NOW) + days * 86_400_000).toISOString().slice(0, 10);
const DAYS = [0, 1, 3, 6, 10, 45];

/** For each day, the keys the locked count would name that the unlocked one would not, and the reverse. */
function drift(v: Awaited<ReturnType<typeof seeded>>): string[] {
  return DAYS.flatMap((d) => {
    const un = v.unlockedAfter(d);
    const lo = v.locked(dayAfter(d));
    const missing = un.keyIds.filter((id) => !lo.keyIds.includes(id));
    const extra = lo.keyIds.filter((id) => !un.keyIds.includes(id));
    const act = un.actNow === lo.actNow ? [] : [`day ${d}: act now ${un.actNow} unlocked, ${lo.actNow} locked`];
    return [
      ...act,
      ...missing.map((id) => `day ${d}: only unlocked ${id}`),
      ...extra.map((id) => `day ${d}: only locked ${id}`),
    ];
  });
}

describe('the locked tray count', () => {
  it('equals the unlocked count on the 200-key demo vault, past-date and refused keys included', async () => {
    const v = await seeded('team', 200);
    expect(v.unlocked.keyIds.length).toBe(v.summary.needsAction);
    const locked = v.locked(NOW.slice(0, 10));
    const missing = v.unlocked.keyIds.filter((id) => !locked.keyIds.includes(id));
    const extra = locked.keyIds.filter((id) => !v.unlocked.keyIds.includes(id));
    expect(v.explain([...missing, ...extra])).toBe('');
    expect([...locked.keyIds].sort()).toEqual([...v.unlocked.keyIds].sort());
    expect(locked.actNow).toBe(v.unlocked.actNow);
    v.close();
  });

  it('equals it on the every-rule mix too (leaks, stuck revocations, expired and deployed)', async () => {
    const v = await seeded('every-rule', 200);
    const locked = v.locked(NOW.slice(0, 10));
    const missing = v.unlocked.keyIds.filter((id) => !locked.keyIds.includes(id));
    const extra = locked.keyIds.filter((id) => !v.unlocked.keyIds.includes(id));
    expect(v.explain([...missing, ...extra])).toBe('');
    expect([...locked.keyIds].sort()).toEqual([...v.unlocked.keyIds].sort());
    expect(locked.actNow).toBe(v.unlocked.actNow);
    v.close();
  });

  it('a schedule written days ago still counts a key that expired before it was written', async () => {
    const v = await seeded('team', 200);
    const later = v.locked('2028-03-05');
    for (const id of v.unlocked.keyIds.slice(0, v.unlocked.actNow)) expect(later.keyIds).toContain(id);
    v.close();
  });

  for (const profile of ['team', 'every-rule'] as const) {
    it(`follows the unlocked count day by day while locked (${profile})`, async () => {
      const v = await seeded(profile, 200);
      expect(drift(v)).toEqual([]);
      v.close();
    });

    it(`a 5-day snooze of every key needing action counts 0, then each key again when it ends (${profile})`, async () => {
      const v = await seeded(profile, 200);
      const s = v.core.session();
      expect(v.unlocked.keyIds.length).toBeGreaterThan(0);
      s.alerts.bulk({ ids: v.unlocked.keyIds, of: 'keys', op: 'snooze', days: 5 });
      s.alerts.writeSchedule();
      expect(v.unlockedAfter(0).keyIds).toEqual([]);
      expect(v.locked(dayAfter(0)).keyIds).toEqual([]);
      expect(v.unlockedAfter(6).keyIds.length).toBeGreaterThan(0);
      expect(drift(v)).toEqual([]);
      v.close();
    });
  }

  it('a revocation pending since today counts as stuck from the day it is over a day old', async () => {
    const v = await seeded('team', 20);
    const s = v.core.session();
    const inv = v.core.inventory();
    const [pending] = inv.insertPrepared([
      inv.prepare({ name: 'Old deploy key', platform: 'custom', status: 'revocation-pending' } as never, {
        value: 'ghp_' + 'x'.repeat(36),
      }),
    ]);
    s.alerts.writeSchedule();
    expect(v.unlockedAfter(0).keyIds).not.toContain(pending?.id);
    expect(v.unlockedAfter(2).keyIds).toContain(pending?.id);
    expect(v.locked(dayAfter(2)).keyIds).toContain(pending?.id);
    expect(drift(v)).toEqual([]);
    v.close();
  });
});
