import { describe, expect, it } from 'vitest';
import type { Alert, AlertState } from '../../../src-main/core/alerts/alert.types.js';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import {
  alertExitCode,
  applyAlertState,
  computeAlerts,
  sortAlerts,
} from '../../../src-main/core/alerts/compute-alerts.js';
import { makeKey } from './make-key.js';

const alert = (over: Partial<Alert>): Alert => ({
  id: 'expiring:k:7',
  rule: 'expiring',
  severity: 'warning',
  keyId: 'k',
  keyName: 'K',
  platform: 'custom',
  reason: 'r',
  action: 'rotate',
  ...over,
});

describe('applyAlertState', () => {
  const a = alert({});
  it.each([
    { until: '2028-03-02', now: '2028-03-01T22:59:59.000Z', zone: 'UTC', isShown: false },
    { until: '2028-03-02', now: '2028-03-02T00:00:00.000Z', zone: 'UTC', isShown: true },
    { until: '2028-03-02', now: '2028-03-01T23:30:00.000Z', zone: 'Europe/Berlin', isShown: true }, // already 2 March there
    { until: '2028-03-02', now: '2028-03-01T23:30:00.000Z', zone: 'America/New_York', isShown: false },
    { until: '2028-03-02T09:00:00.000Z', now: '2028-03-02T08:59:59.999Z', zone: 'UTC', isShown: false },
    { until: '2028-03-02T09:00:00.000Z', now: '2028-03-02T09:00:00.000Z', zone: 'UTC', isShown: true },
    { until: 'whenever', now: '2028-03-01T00:00:00.000Z', zone: 'UTC', isShown: true },
  ])('snoozed until $until, at $now in $zone -> shown $isShown', ({ until, now, zone, isShown }) => {
    const state: AlertState = { snoozes: { [a.id]: until }, acks: [] };
    expect(applyAlertState([a], state, new Date(now), zone)).toHaveLength(isShown ? 1 : 0);
  });

  it('hides acknowledged alerts until a closer threshold gives a new id', () => {
    const now = new Date('2028-02-28T12:00:00.000Z');
    const key = makeKey({ id: 'k', expiresAt: '2028-03-05' });
    const input = { settings: DEFAULT_ALERT_SETTINGS, now, timeZone: 'UTC' };
    const state: AlertState = { snoozes: {}, acks: ['expiring:k:7'] };
    expect(applyAlertState(computeAlerts([key], input), state, now, 'UTC')).toEqual([]);
    const later = new Date('2028-03-04T12:00:00.000Z');
    const shown = applyAlertState(computeAlerts([key], { ...input, now: later }), state, later, 'UTC');
    expect(shown.map((x) => x.id)).toEqual(['expiring:k:1']);
  });

  it('ignores snoozes of other alerts and inherited property names', () => {
    const state: AlertState = { snoozes: { other: '2999-01-01' }, acks: [] };
    expect(applyAlertState([a, alert({ id: 'constructor' })], state, new Date(), 'UTC')).toHaveLength(2);
  });
});

describe('alertExitCode', () => {
  it.each([
    { severities: [], code: 0 },
    { severities: ['info', 'info'], code: 0 },
    { severities: ['info', 'warning'], code: 1 },
    { severities: ['critical'], code: 1 },
  ] as const)('$severities -> $code', ({ severities, code }) => {
    expect(alertExitCode(severities.map((severity) => alert({ severity })))).toBe(code);
  });
});

describe('sortAlerts', () => {
  it('puts the most severe first, then the soonest due', () => {
    const list = [
      alert({ id: '1', severity: 'info', dueDate: '2028-01-01' }),
      alert({ id: '2', severity: 'critical', dueDate: '2028-05-01' }),
      alert({ id: '3', severity: 'warning' }),
      alert({ id: '4', severity: 'warning', dueDate: '2028-02-01' }),
    ];
    expect(sortAlerts(list).map((x) => x.id)).toEqual(['2', '4', '3', '1']);
  });
});
