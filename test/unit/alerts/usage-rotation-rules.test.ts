import { describe, expect, it } from 'vitest';
import type { AlertSettings } from '../../../src-main/core/alerts/alert.types.js';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import { computeAlerts } from '../../../src-main/core/alerts/compute-alerts.js';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { byRule, makeKey, shift } from './make-key.js';

const TODAY = '2028-02-28';
const NOW = new Date('2028-02-28T12:00:00.000Z');
const run = (keys: KeyRecord[], opts: { now?: Date; timeZone?: string; settings?: AlertSettings } = {}) =>
  computeAlerts(keys, {
    settings: opts.settings ?? DEFAULT_ALERT_SETTINGS,
    now: opts.now ?? NOW,
    timeZone: opts.timeZone ?? 'UTC',
  });

describe('unused: last used more than 90 days ago', () => {
  it.each([
    { ago: 89, isAlert: false },
    { ago: 90, isAlert: false },
    { ago: 91, isAlert: true },
    { ago: 400, isAlert: true },
  ])('last used $ago days ago -> $isAlert', ({ ago, isAlert }) => {
    const key = makeKey({ lastUsedAt: shift(TODAY, -ago) });
    const alerts = byRule(run([key]), 'unused');
    expect(alerts).toHaveLength(isAlert ? 1 : 0);
    if (isAlert)
      expect(alerts[0]).toMatchObject({
        id: `unused:${key.id}:90`,
        severity: 'warning',
        action: 'revoke',
        dueDate: shift(TODAY, -ago + 91),
      });
  });

  it('takes the latest of the recorded date, a valid verification, and copies or reveals', () => {
    const old = shift(TODAY, -200);
    const recentIso = '2028-02-20T08:00:00.000Z';
    const verified = makeKey({ lastUsedAt: old, lastVerification: { at: recentIso, result: 'valid', message: '' } });
    const refused = makeKey({ lastUsedAt: old, lastVerification: { at: recentIso, result: 'invalid', message: '' } });
    const copied = makeKey({ lastUsedAt: old, history: [{ at: recentIso, action: 'copied' }] });
    const revealed = makeKey({ lastUsedAt: null, history: [{ at: '2028-02-01T10:00:00+02:00', action: 'revealed' }] });
    const edited = makeKey({ lastUsedAt: old, history: [{ at: recentIso, action: 'edited' }] });
    const unused = byRule(run([verified, refused, copied, revealed, edited]), 'unused').map((a) => a.keyId);
    expect(unused).toEqual([refused.id, edited.id]);
  });

  it('dates a copy timestamp in the user time zone', () => {
    // 23:30 UTC on 29 Nov is 30 Nov in Berlin: 90 days before 28 Feb there, 91 in New York.
    const key = makeKey({ lastUsedAt: null, history: [{ at: '2027-11-29T23:30:00.000Z', action: 'copied' }] });
    expect(byRule(run([key], { timeZone: 'Europe/Berlin' }), 'unused')).toHaveLength(0);
    expect(byRule(run([key], { timeZone: 'America/New_York' }), 'unused')).toHaveLength(1);
  });

  it('honours unusedDays from settings, platform and the key', () => {
    const settings = { ...DEFAULT_ALERT_SETTINGS, unusedDays: 30, perPlatform: { kubiya: { unusedDays: 60 } } };
    const global = makeKey({ lastUsedAt: shift(TODAY, -31) });
    const platform = makeKey({ platform: 'kubiya', expiresAt: shift(TODAY, 100), lastUsedAt: shift(TODAY, -31) });
    const own = makeKey({ lastUsedAt: shift(TODAY, -11), extra: { 'alerts.unusedDays': '10' } });
    expect(byRule(run([global, platform, own], { settings }), 'unused').map((a) => [a.keyId, a.threshold])).toEqual([
      [global.id, 30],
      [own.id, 10],
    ]);
  });
});

describe('never used: N days after creation', () => {
  it.each([
    { age: 89, isAlert: false },
    { age: 90, isAlert: true },
    { age: 91, isAlert: true },
  ])('created $age days ago, never used -> $isAlert', ({ age, isAlert }) => {
    const key = makeKey({ lastUsedAt: null, createdAt: shift(TODAY, -age) });
    const alerts = byRule(run([key]), 'never-used');
    expect(alerts).toHaveLength(isAlert ? 1 : 0);
    if (isAlert)
      expect(alerts[0]).toMatchObject({ severity: 'warning', action: 'revoke', dueDate: shift(TODAY, -age + 90) });
  });

  it('falls back to the record creation date when the platform date is unknown', () => {
    const key = makeKey({ lastUsedAt: null, createdAt: null, recordCreatedAt: '2027-11-29T12:00:00.000Z' });
    expect(byRule(run([key]), 'never-used')).toHaveLength(1);
  });

  it('says nothing about keys that are not active', () => {
    const key = makeKey({ lastUsedAt: null, createdAt: '2020-01-01', status: 'revocation-pending' });
    expect(byRule(run([key]), 'never-used')).toHaveLength(0);
  });
});

describe('rotation due', () => {
  it.each([
    { now: '2029-02-27T12:00:00.000Z', isAlert: false },
    { now: '2029-02-28T12:00:00.000Z', isAlert: true }, // 365 days after the leap day 2028-02-29
    { now: '2029-03-01T12:00:00.000Z', isAlert: true },
  ])('created on 2028-02-29, every 365 days, at $now -> $isAlert', ({ now, isAlert }) => {
    const key = makeKey({ createdAt: '2028-02-29', rotateEveryDays: 365, lastUsedAt: now.slice(0, 10) });
    const alerts = byRule(run([key], { now: new Date(now) }), 'rotation-due');
    expect(alerts).toHaveLength(isAlert ? 1 : 0);
    if (isAlert)
      expect(alerts[0]).toMatchObject({
        id: `rotation-due:${key.id}:365`,
        severity: 'warning',
        action: 'rotate',
        dueDate: '2029-02-28',
      });
  });

  it('counts from the last secret change when there is one', () => {
    const key = makeKey({
      createdAt: '2027-01-01',
      rotateEveryDays: 90,
      history: [{ at: '2028-01-15T10:00:00.000Z', action: 'secret-changed' }],
    });
    expect(byRule(run([key]), 'rotation-due')).toHaveLength(0);
    const later = new Date('2028-04-14T10:00:00.000Z');
    expect(byRule(run([{ ...key, lastUsedAt: '2028-04-13' }], { now: later }), 'rotation-due')).toHaveLength(1);
  });

  it('resolves the policy: settings per key > key record > platform > platform default', () => {
    const settings: AlertSettings = {
      ...DEFAULT_ALERT_SETTINGS,
      rotationDefaultsDays: { kai: 400 },
      perPlatform: { knouds: { rotateEveryDays: 100 } },
      perKey: { off: { rotateEveryDays: null } },
    };
    const created = shift(TODAY, -200);
    const platformDefault = makeKey({ platform: 'kai', createdAt: created });
    const platformOverride = makeKey({ platform: 'knouds', createdAt: created });
    const ownRecord = makeKey({ platform: 'kai', createdAt: created, rotateEveryDays: 150 });
    const switchedOff = makeKey({ id: 'off', platform: 'knouds', createdAt: created, rotateEveryDays: 30 });
    const alerts = byRule(
      run([platformDefault, platformOverride, ownRecord, switchedOff], { settings }),
      'rotation-due',
    );
    expect(alerts.map((a) => [a.keyId, a.threshold])).toEqual([
      [platformOverride.id, 100],
      [ownRecord.id, 150],
    ]);
  });
});
