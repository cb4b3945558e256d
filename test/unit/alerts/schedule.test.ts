import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import type { ScheduleEntry } from '../../../src-main/core/alerts/schedule.js';
import { buildNotificationSchedule, digestFor } from '../../../src-main/core/alerts/schedule.js';
import { makeKey } from './make-key.js';

const NOW = new Date('2028-02-28T12:00:00.000Z');
const SECRET_LIKE =
  /HINT-SENTINEL|ACCOUNT-SENTINEL|OWNER-SENTINEL|PURPOSE-SENTINEL|NOTES-SENTINEL|NAME-SENTINEL|sk_live/;

describe('buildNotificationSchedule', () => {
  const key = makeKey({
    id: 'k1',
    name: 'NAME-SENTINEL sk_live',
    expiresAt: '2028-03-29',
    rotateEveryDays: 90,
    createdAt: '2028-01-01',
  });

  it('lists the next crossing of each kind: the next threshold, the day after expiry, the rotation date', () => {
    expect(buildNotificationSchedule([key], DEFAULT_ALERT_SETTINGS, NOW, { timeZone: 'UTC' })).toEqual([
      { keyId: 'k1', date: '2028-02-28', severity: 'info', kind: 'expiring' }, // 30 days before, today
      { keyId: 'k1', date: '2028-03-30', severity: 'critical', kind: 'expired' },
      { keyId: 'k1', date: '2028-03-31', severity: 'warning', kind: 'rotation-due' }, // 2028-01-01 + 90 days (leap year)
    ]);
  });

  it('moves on to the next threshold once one has passed (rebuilt at each unlock), never every date', () => {
    const later = new Date('2028-03-01T12:00:00.000Z'); // the 30-day crossing (2028-02-28) is past
    expect(buildNotificationSchedule([key], DEFAULT_ALERT_SETTINGS, later, { timeZone: 'UTC' })).toEqual([
      { keyId: 'k1', date: '2028-03-22', severity: 'warning', kind: 'expiring' }, // 7 days before
      { keyId: 'k1', date: '2028-03-30', severity: 'critical', kind: 'expired' },
      { keyId: 'k1', date: '2028-03-31', severity: 'warning', kind: 'rotation-due' },
    ]);
  });

  it('holds no name, secret, hint, account or note by default, and only these fields', () => {
    const schedule = buildNotificationSchedule([key], DEFAULT_ALERT_SETTINGS, NOW, { timeZone: 'UTC' });
    const json = JSON.stringify(schedule);
    expect(json).not.toMatch(SECRET_LIKE);
    for (const e of schedule) expect(Object.keys(e).sort()).toEqual(['date', 'keyId', 'kind', 'severity']);
  });

  it('adds the name only when the user opts in, and still nothing else', () => {
    const schedule = buildNotificationSchedule([key], DEFAULT_ALERT_SETTINGS, NOW, {
      timeZone: 'UTC',
      includeNames: true,
    });
    expect(schedule.every((e) => e.name === key.name)).toBe(true);
    expect(JSON.stringify(schedule).replaceAll(key.name, '')).not.toMatch(SECRET_LIKE);
  });

  it('leaves out past crossings, inactive keys and dates beyond the horizon', () => {
    const past = makeKey({ expiresAt: '2028-03-01' }); // 30- and 7-day crossings are past
    const revoked = makeKey({ status: 'revoked', expiresAt: '2028-03-10' });
    const far = makeKey({ expiresAt: '2030-01-01' });
    const schedule = buildNotificationSchedule([past, revoked, far], DEFAULT_ALERT_SETTINGS, NOW, {
      timeZone: 'UTC',
      horizonDays: 60,
    });
    expect(schedule.map((e) => [e.keyId, e.date, e.kind])).toEqual([
      [past.id, '2028-02-29', 'expiring'],
      [past.id, '2028-03-02', 'expired'],
    ]);
  });

  it('drops acknowledged alerts and moves snoozed ones to the snooze date', () => {
    const state = { acks: ['expiring:k1:30'], snoozes: { 'expiring:k1:7': '2028-03-25' } };
    const schedule = buildNotificationSchedule([key], DEFAULT_ALERT_SETTINGS, NOW, { timeZone: 'UTC', state });
    // The acknowledged 30-day crossing is gone; the snoozed 7-day one is the next, on the snooze date.
    expect(schedule.filter((e) => e.kind === 'expiring').map((e) => [e.date, e.severity])).toEqual([
      ['2028-03-25', 'warning'],
    ]);
    // Without the snooze, the 7-day crossing is the next one on its own date.
    const acked = buildNotificationSchedule([key], DEFAULT_ALERT_SETTINGS, NOW, {
      timeZone: 'UTC',
      state: { acks: ['expiring:k1:30'], snoozes: {} },
    });
    expect(acked.filter((e) => e.kind === 'expiring').map((e) => [e.date, e.severity])).toEqual([
      ['2028-03-22', 'warning'],
    ]);
  });

  it('dates "today" in the user time zone', () => {
    const late = new Date('2028-02-28T23:30:00.000Z');
    const berlin = buildNotificationSchedule([key], DEFAULT_ALERT_SETTINGS, late, { timeZone: 'Europe/Berlin' });
    const newYork = buildNotificationSchedule([key], DEFAULT_ALERT_SETTINGS, late, { timeZone: 'America/New_York' });
    expect(berlin.some((e) => e.date === '2028-02-28')).toBe(false);
    expect(newYork.some((e) => e.date === '2028-02-28')).toBe(true);
  });
});

describe('digestFor: one digest a day, not a flood', () => {
  const schedule: ScheduleEntry[] = [
    ...Array.from({ length: 40 }, (_, i): ScheduleEntry => ({
      keyId: `k${i}`,
      date: '2028-03-01',
      severity: 'info',
      kind: 'expiring',
    })),
    { keyId: 'k0', date: '2028-03-01', severity: 'critical', kind: 'expired' },
    { keyId: 'x', date: '2028-03-02', severity: 'warning', kind: 'rotation-due' },
  ];

  it('sums a day into one message, a key counted once at its worst', () => {
    const d = digestFor(schedule, '2028-03-01');
    expect(d).toMatchObject({
      day: '2028-03-01',
      keyCount: 40,
      severity: 'critical',
      bySeverity: { critical: 1, warning: 0, info: 39 },
    });
    expect(d?.title).toBe('Keyward: 40 keys need attention');
    expect(d?.body).toBe('1 expired, 39 expiring soon. Unlock Keyward to see what to do.');
  });

  it('returns null on a quiet day and can catch up on missed days', () => {
    expect(digestFor(schedule, '2028-03-03')).toBeNull();
    expect(digestFor(schedule, '2028-03-03', { sinceDay: '2028-02-29' })?.keyCount).toBe(41);
    expect(digestFor(schedule, '2028-03-03', { sinceDay: '2028-03-01' })?.keyIds).toEqual(['x']);
  });

  it('names keys only when the schedule holds names (opt-in), at most five', () => {
    const named = schedule.slice(0, 7).map((e) => ({ ...e, name: `Name ${e.keyId}` }));
    expect(digestFor(named, '2028-03-01')?.body).toContain('Name k0, Name k1, Name k2, Name k3, Name k4 and 2 more.');
    expect(digestFor(schedule, '2028-03-01')?.body).not.toContain('Name');
  });
});
