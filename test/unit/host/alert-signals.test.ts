// The tray count and the daily OS notification count KEYS needing action (act now + due soon),
// the sidebar badge's number: from the core while unlocked, from the schedule file while locked.
// The notification names the most urgent key only when names are allowed, and stays silent while
// the same keys need action; its memory beside the vault is written atomically, 0600, with no name.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ScheduleEntry } from '../../../src-main/core/alerts/schedule.js';
import { createCore } from '../../../src-main/core/app/create-core.js';
import { schedulePathFor } from '../../../src-main/core/alerts/alerts.service.js';
import { KDF_TEST_COST } from '../../../src-main/core/crypto/kdf.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import {
  coreNeedingAction,
  dailyNotification,
  dueKeyCount,
  notifiedPathFor,
  parseSchedule,
  readNotified,
  scheduleNeedingAction,
  writeNotified,
} from '../../../src-main/host/alert-signals.js';
import { TEST_PASSWORD, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const tmp = tempDir('keyward-alert-signals-');
afterAll(() => tmp.cleanup());
const TODAY = '2028-03-01';
const e = (
  keyId: string,
  date: string,
  kind: ScheduleEntry['kind'],
  severity: ScheduleEntry['severity'] = 'warning',
  name?: string,
): ScheduleEntry => ({
  keyId,
  date,
  kind,
  severity,
  ...(name ? { name } : {}),
});

describe('the locked tray count (dueKeyCount) counts what needsAction would, as far as the schedule tells', () => {
  it('counts a snoozed entry only from its `from` day, and an `attention` entry from its date', () => {
    const entries: ScheduleEntry[] = [
      { ...e('snoozed', '2028-02-25', 'expired', 'critical'), from: '2028-03-06' }, // expired, snoozed to 03-06
      e('back', '2028-03-06', 'attention', 'critical'), // a refusal whose snooze ends 03-06
      e('stuck', '2028-03-03', 'attention', 'critical'), // a revocation a day old on 03-03
      e('refused', '2028-03-01', 'attention', 'critical'), // refused when written
    ];
    expect(scheduleNeedingAction(entries, TODAY).keyIds).toEqual(['refused']);
    expect(scheduleNeedingAction(entries, '2028-03-03').keyIds).toEqual(['refused', 'stuck']);
    const later = scheduleNeedingAction(entries, '2028-03-06');
    expect([...later.keyIds].sort()).toEqual(['back', 'refused', 'snoozed', 'stuck']);
    expect(later.actNow).toBe(4);
    expect(parseSchedule(JSON.stringify({ version: 1, writtenAt: TODAY, entries }))).toEqual(entries);
    expect(parseSchedule(JSON.stringify({ version: 1, entries: [{ ...entries[1], from: 'soon' }] }))).toEqual([]);
  });

  it('counts expired and expiring within 7 days and a rotation due in the last 7 days, once per key', () => {
    const entries = [
      e('expired', '2028-02-25', 'expired', 'critical'), // expired on 02-24: act now
      e('soon', '2028-03-06', 'expired', 'critical'), // expires 03-05, in 4 days: due soon
      e('soon', '2028-03-04', 'expiring', 'critical'), // the same key's 1-day warning: counted once
      e('week', '2028-03-09', 'expired', 'critical'), // expires 03-08, in 7 days: due soon
      e('later', '2028-03-10', 'expired', 'critical'), // expires in 8 days: not yet
      e('later', '2028-03-02', 'expiring', 'warning'), // its 7-day warning falls tomorrow: not yet
      e('month', '2028-02-20', 'expiring', 'info'), // a 30-day warning reached: housekeeping
      e('rot', '2028-02-27', 'rotation-due', 'warning'), // due 3 days ago: due soon
      e('rot-old', '2028-01-10', 'rotation-due', 'warning'), // long overdue: housekeeping
      e('rot-next', '2028-03-20', 'rotation-due', 'warning'), // ahead: nothing yet
    ];
    const n = scheduleNeedingAction(entries, TODAY);
    // Act now first, then by the day each fell or falls due.
    expect(n.keyIds).toEqual(['expired', 'rot', 'soon', 'week']);
    expect(n.actNow).toBe(1);
    expect(dueKeyCount(entries, TODAY)).toBe(4);
    // The old count took any warning by today: it counted a 30-day reminder and long-overdue rotations.
    expect(dueKeyCount([e('rot-old', '2028-01-10', 'rotation-due')], TODAY)).toBe(0);
  });

  it('agrees with alerts.attention on a real vault for the kinds the schedule carries', async () => {
    const vaultPath = join(tmp.dir, 'count.db');
    const core = createCore({ clock: fixedClock(`${TODAY}T09:00:00Z`), vaultPath, kdf: KDF_TEST_COST });
    await core.create(TEST_PASSWORD);
    const inv = core.inventory();
    const verified = { at: '2028-02-28T00:00:00.000Z', result: 'valid' as const, message: 'ok' };
    const add = (name: string, over: Record<string, unknown>) => {
      const k = inv.add(
        sampleKey({ platform: 'custom', name, lastUsedAt: '2028-02-28', createdAt: '2028-01-20', ...over }),
        {
          value: `secret-of-${name}-0123456789`,
        },
      );
      inv.annotate(k.id, { lastVerification: verified }, { action: 'verified' });
    };
    add('Expires in 3 days', { expiresAt: '2028-03-04' });
    add('Expires in 6 days', { expiresAt: '2028-03-07' });
    add('Expires in 20 days', { expiresAt: '2028-03-21' }); // housekeeping
    add('Fine', { expiresAt: '2028-09-01' });
    add('Rotation due today', { createdAt: '2027-12-02', rotateEveryDays: 90, expiresAt: '2028-09-01' });
    const session = core.session();
    session.alerts.writeSchedule();
    const summary = session.alerts.summary();
    expect(summary.needsAction).toBe(3);
    const entries = parseSchedule(readFileSync(schedulePathFor(vaultPath), 'utf8'));
    expect(dueKeyCount(entries, TODAY)).toBe(summary.needsAction);
    core.lock();
  });
});

describe('the daily notification', () => {
  const memory = join(tmp.dir, 'vault.db.notified.json');

  it('counts keys, names the most urgent only when names are allowed, and is silent until something changes', () => {
    const named = scheduleNeedingAction(
      [
        e('a', '2028-03-04', 'expired', 'critical', 'Deploy bot'),
        e('b', '2028-02-27', 'expired', 'critical', 'Billing export'),
      ],
      TODAY,
    );
    const first = dailyNotification(named, readNotified(memory), TODAY, false);
    expect(first?.notification?.title).toBe('Keyward: 2 keys need action');
    expect(first?.notification?.body).toBe(
      'Most urgent: Billing export. 1 to act on now. Unlock Keyward to see what to do.',
    );
    expect(first?.notification?.critical).toBe(true);
    expect(writeNotified(memory, first!.memory)).toBeNull();

    // Without names in the schedule: the count only.
    const unnamed = scheduleNeedingAction([e('a', '2028-03-04', 'expired'), e('b', '2028-02-27', 'expired')], TODAY);
    expect(dailyNotification(unnamed, null, TODAY, false)?.notification?.body).toBe(
      '1 to act on now. Unlock Keyward to see what to do.',
    );

    // The same day: at most one. The next day, the same keys: silent. A new key: shown again.
    expect(dailyNotification(named, readNotified(memory), TODAY, false)).toBeNull();
    expect(dailyNotification(named, readNotified(memory), '2028-03-02', false)).toBeNull();
    const more = scheduleNeedingAction(
      [...[e('a', '2028-03-04', 'expired'), e('b', '2028-02-27', 'expired')], e('c', '2028-03-05', 'expired')],
      '2028-03-02',
    );
    const next = dailyNotification(more, readNotified(memory), '2028-03-02', false);
    expect(next?.notification?.title).toBe('Keyward: 3 keys need action');
    // Nothing needs action: nothing to say.
    expect(dailyNotification(scheduleNeedingAction([], TODAY), null, TODAY, false)).toBeNull();
  });

  it('unlocked, it counts what the core counts and names a key only when names are allowed', () => {
    const keys = [
      { id: 'k1', name: 'Fine one' },
      { id: 'k2', name: 'Due soon one' },
      { id: 'k3', name: 'Act now one' },
    ];
    const byKey = new Map([
      ['k1', { state: 'fine' as const, reasons: [], action: 'none' as const }],
      ['k2', { state: 'due-soon' as const, reasons: [], action: 'rotate' as const }],
      ['k3', { state: 'act-now' as const, reasons: [], action: 'rotate' as const }],
    ]);
    expect(coreNeedingAction(keys, byKey, true)).toEqual({
      keyIds: ['k3', 'k2'],
      actNow: 1,
      urgentName: 'Act now one',
    });
    expect(coreNeedingAction(keys, byKey, false)).toEqual({ keyIds: ['k3', 'k2'], actNow: 1 });
  });

  it('the most urgent key is the one check and the Alerts screen put first, not the first in the inventory', () => {
    const keys = [
      { id: 'y', name: 'Expired yesterday', expiresAt: '2028-02-29' },
      { id: 'o', name: 'Expired long ago', expiresAt: '2028-02-17' },
    ];
    const expired = { kind: 'expired-active', state: 'act-now' as const, message: 'Expired' };
    const byKey = new Map([
      ['y', { state: 'act-now' as const, reasons: [expired], action: 'rotate' as const }],
      ['o', { state: 'act-now' as const, reasons: [expired], action: 'rotate' as const }],
    ]);
    expect(coreNeedingAction(keys, byKey, true)).toMatchObject({ keyIds: ['o', 'y'], urgentName: 'Expired long ago' });
  });

  it('speaks again when a key moves from due soon to act now, and when keys come back after a day with none', () => {
    const path = notifiedPathFor(join(tmp.dir, 'moves.db'));
    const soon = { keyIds: ['a', 'b'], actNow: 1 };
    const first = dailyNotification(soon, null, '2028-03-01', false);
    expect(writeNotified(path, first!.memory)).toBeNull();
    // b expires: the same two keys, now both to act on.
    const worse = dailyNotification({ keyIds: ['b', 'a'], actNow: 2 }, readNotified(path), '2028-03-02', false);
    expect(worse?.notification?.body).toContain('2 to act on now.');
    expect(writeNotified(path, worse!.memory)).toBeNull();
    // Everything snoozed for a day: nothing shown, but remembered.
    const quiet = dailyNotification({ keyIds: [], actNow: 0 }, readNotified(path), '2028-03-03', false);
    expect(quiet?.notification).toBeNull();
    expect(writeNotified(path, quiet!.memory)).toBeNull();
    // The snooze ends: the same keys need action again, and that is said.
    const back = dailyNotification({ keyIds: ['b', 'a'], actNow: 2 }, readNotified(path), '2028-03-04', false);
    expect(back?.notification?.title).toBe('Keyward: 2 keys need action');
  });

  it('its memory is written atomically, 0600, holds no key id or name, and a damaged one counts as none', () => {
    const path = notifiedPathFor(join(tmp.dir, 'mem.db'));
    const n = dailyNotification(
      scheduleNeedingAction([e('key-id-CANARY', '2028-03-04', 'expired', 'critical', 'name-CANARY')], TODAY),
      null,
      TODAY,
      false,
    );
    expect(writeNotified(path, n!.memory)).toBeNull();
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('CANARY');
    expect(Object.keys(JSON.parse(text) as object).sort()).toEqual(['count', 'day', 'fingerprint', 'version']);
    expect(readdirSync(tmp.dir).filter((f) => f.includes('.tmp') || f.includes('~'))).toEqual([]);
    expect(readNotified(path)).toEqual(n!.memory);
    expect(writeNotified(path, { ...n!.memory, count: 2 })).toBeNull();
    expect(readNotified(path)?.count).toBe(2);
    expect(existsSync(path)).toBe(true);
    expect(readNotified(join(tmp.dir, 'missing.json'))).toBeNull();
  });
});
