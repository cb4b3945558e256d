import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import { computeAlerts } from '../../../src-main/core/alerts/compute-alerts.js';
import { checkOverrides } from '../../../src-main/core/alerts/key-policy.js';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { byRule, makeKey, shift } from './make-key.js';

const TODAY = '2028-02-28';
const NOW = new Date('2028-02-28T12:00:00.000Z');
const run = (keys: KeyRecord[], now = NOW, timeZone = 'UTC') =>
  computeAlerts(keys, { settings: DEFAULT_ALERT_SETTINGS, now, timeZone });

describe('expiring: thresholds 30, 7, 1 at their boundaries', () => {
  const cases = [
    { left: 31, rule: null, severity: null, threshold: null },
    { left: 30, rule: 'expiring', severity: 'info', threshold: 30 },
    { left: 29, rule: 'expiring', severity: 'info', threshold: 30 },
    { left: 8, rule: 'expiring', severity: 'info', threshold: 30 },
    { left: 7, rule: 'expiring', severity: 'warning', threshold: 7 },
    { left: 6, rule: 'expiring', severity: 'warning', threshold: 7 },
    { left: 2, rule: 'expiring', severity: 'warning', threshold: 7 },
    { left: 1, rule: 'expiring', severity: 'critical', threshold: 1 }, // 2028-02-29, a leap day
    { left: 0, rule: 'expiring', severity: 'critical', threshold: 1 },
    { left: -1, rule: 'expired-active', severity: 'critical', threshold: null },
    { left: -400, rule: 'expired-active', severity: 'critical', threshold: null },
  ] as const;
  it.each(cases)('$left days left -> $rule $severity', ({ left, rule, severity, threshold }) => {
    const key = makeKey({ expiresAt: shift(TODAY, left) });
    const alerts = run([key]).filter((a) => a.rule === 'expiring' || a.rule === 'expired-active');
    if (rule === null) return expect(alerts).toEqual([]);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ rule, severity, keyId: key.id, dueDate: shift(TODAY, left) });
    expect(alerts[0]?.threshold).toBe(threshold ?? undefined);
    expect(alerts[0]?.id).toBe(threshold === null ? `${rule}:${key.id}` : `${rule}:${key.id}:${threshold}`);
    expect(alerts[0]?.action).toBe('rotate');
  });

  it('counts the leap day: 2028-02-29 is one day after 2028-02-28 and 2028-03-01 is two', () => {
    const leap = makeKey({ expiresAt: '2028-02-29' });
    const march = makeKey({ expiresAt: '2028-03-01' });
    const [a, b] = run([leap, march]);
    expect(a).toMatchObject({ keyId: leap.id, severity: 'critical', threshold: 1 });
    expect(b).toMatchObject({ keyId: march.id, severity: 'warning', threshold: 7 });
  });

  it('crosses a year and a non-leap February correctly', () => {
    const now = new Date('2029-02-27T09:00:00.000Z');
    const [a] = run([makeKey({ expiresAt: '2029-03-01', lastUsedAt: '2029-02-26' })], now);
    expect(a).toMatchObject({
      rule: 'expiring',
      threshold: 7,
      reason: expect.stringContaining('in 2 days') as unknown,
    });
  });

  it('ignores keys that are not active for upcoming expiry', () => {
    const keys = (['revoked', 'expired', 'revocation-pending'] as const).map((status) =>
      makeKey({ status, expiresAt: shift(TODAY, 3) }),
    );
    expect(byRule(run(keys), 'expiring')).toEqual([]);
  });
});

describe('"today" is the calendar date in the user time zone', () => {
  // 23:30 UTC on 28 Feb: already 29 Feb in Berlin (UTC+1), still 28 Feb in New York (UTC-5).
  const now = new Date('2028-02-28T23:30:00.000Z');
  const cases = [
    { expiresAt: '2028-03-07', zone: 'Europe/Berlin', rule: 'expiring', severity: 'warning' },
    { expiresAt: '2028-03-07', zone: 'America/New_York', rule: 'expiring', severity: 'info' },
    { expiresAt: '2028-02-28', zone: 'Europe/Berlin', rule: 'expired-active', severity: 'critical' },
    { expiresAt: '2028-02-28', zone: 'America/New_York', rule: 'expiring', severity: 'critical' },
    { expiresAt: '2028-03-30', zone: 'Europe/Berlin', rule: 'expiring', severity: 'info' },
    { expiresAt: '2028-03-30', zone: 'America/New_York', rule: null, severity: null },
  ] as const;
  it.each(cases)('$expiresAt in $zone -> $rule $severity', ({ expiresAt, zone, rule, severity }) => {
    const alerts = run([makeKey({ expiresAt })], now, zone).filter((a) => a.rule.startsWith('expir'));
    if (rule === null) return expect(alerts).toEqual([]);
    expect(alerts).toEqual([expect.objectContaining({ rule, severity })]);
  });

  it('rejects an unknown time zone with BAD_INPUT', () => {
    expect(() => run([], NOW, 'Mars/Olympus')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }) as Error);
  });
});

describe('expired but still deployed', () => {
  it.each([
    { expiresAt: shift(TODAY, 0), status: 'active', deployedTo: ['ci'], isAlert: false },
    { expiresAt: shift(TODAY, -1), status: 'active', deployedTo: ['ci', 'prod'], isAlert: true },
    { expiresAt: shift(TODAY, -1), status: 'active', deployedTo: [], isAlert: false },
    { expiresAt: null, status: 'expired', deployedTo: ['ci'], isAlert: true },
    { expiresAt: shift(TODAY, -5), status: 'expired', deployedTo: ['ci'], isAlert: true },
    { expiresAt: shift(TODAY, -5), status: 'revoked', deployedTo: ['ci'], isAlert: false },
  ] as const)(
    '$status, expires $expiresAt, deployed to $deployedTo -> $isAlert',
    ({ expiresAt, status, deployedTo, isAlert }) => {
      const alerts = byRule(run([makeKey({ expiresAt, status, deployedTo: [...deployedTo] })]), 'expired-deployed');
      expect(alerts).toHaveLength(isAlert ? 1 : 0);
      if (isAlert) expect(alerts[0]).toMatchObject({ severity: 'critical', action: 'rotate' });
    },
  );

  it('an expired active deployed key raises both expired-active and expired-deployed', () => {
    const rules = run([makeKey({ expiresAt: shift(TODAY, -2), deployedTo: ['ci'] })]).map((a) => a.rule);
    expect(rules.sort()).toEqual(['expired-active', 'expired-deployed']);
  });
});

describe('threshold overrides', () => {
  it('per platform, per key in settings, per key in KeyMeta.extra, in that order of strength', () => {
    const settings = {
      ...DEFAULT_ALERT_SETTINGS,
      perPlatform: { kaana: { expiryThresholdsDays: [14] } },
      perKey: { 'pk-1': { expiryThresholdsDays: [3] } },
    };
    const exp = shift(TODAY, 10);
    const platform = makeKey({ platform: 'kaana', account: 'a1', expiresAt: exp });
    const perKey = makeKey({
      id: 'pk-1',
      platform: 'kaana',
      account: 'a2',
      expiresAt: exp,
      extra: { 'alerts.expiryThresholdsDays': '60' },
    });
    const extra = makeKey({
      platform: 'kaana',
      account: 'a3',
      expiresAt: shift(TODAY, 45),
      extra: { 'alerts.expiryThresholdsDays': '60, 20' },
    });
    const broken = makeKey({ expiresAt: exp, extra: { 'alerts.expiryThresholdsDays': 'soon' } });
    const alerts = byRule(
      computeAlerts([platform, perKey, extra, broken], { settings, now: NOW, timeZone: 'UTC' }),
      'expiring',
    );
    expect(alerts.map((a) => [a.keyId, a.threshold, a.severity])).toEqual([
      [platform.id, 14, 'info'],
      [extra.id, 60, 'info'],
      [broken.id, 30, 'info'], // malformed override ignored
    ]);
  });

  it('keyward check --within / --unused-for win over every other override', () => {
    const base = { ...DEFAULT_ALERT_SETTINGS, perKey: { k: { expiryThresholdsDays: [90], unusedDays: 400 } } };
    const settings = checkOverrides(base, { withinDays: 10, unusedForDays: 30 });
    expect(settings.forced).toEqual({ expiryThresholdsDays: [7, 1, 10], unusedDays: 30 });
    const keys = [
      makeKey({ id: 'k', expiresAt: shift(TODAY, 10), lastUsedAt: shift(TODAY, -31) }),
      makeKey({ expiresAt: shift(TODAY, 11), extra: { 'alerts.expiryThresholdsDays': '30' } }),
    ];
    const alerts = computeAlerts(keys, { settings, now: NOW, timeZone: 'UTC' });
    expect(alerts.map((a) => [a.keyId, a.rule, a.threshold])).toEqual([
      ['k', 'expiring', 10],
      ['k', 'unused', 30],
    ]);
  });
});
