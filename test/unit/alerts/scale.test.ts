// 100k keys: correctness of the counts. Timing belongs to src-main/bench/alerts.bench.ts.
import { describe, expect, it } from 'vitest';
import type { AlertRule } from '../../../src-main/core/alerts/alert.types.js';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import { alertExitCode, computeAlerts } from '../../../src-main/core/alerts/compute-alerts.js';
import { benchAlerts } from '../../../src-main/bench/alerts.bench.js';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { makeKey, shift } from './make-key.js';

const TODAY = '2028-02-28';
const N = 100_000;

// Ten kinds of key in turn; each kind raises a known set of alerts.
function inventory(): KeyRecord[] {
  const keys: KeyRecord[] = [];
  for (let i = 0; i < N; i++) {
    const base = { id: `k-${i}`, lastUsedAt: shift(TODAY, -(i % 60)) };
    switch (i % 10) {
      case 0:
        keys.push(makeKey({ ...base, expiresAt: shift(TODAY, 5) }));
        break; // expiring warning
      case 1:
        keys.push(makeKey({ ...base, expiresAt: shift(TODAY, -3), deployedTo: ['ci'] }));
        break; // 2 critical
      case 2:
        keys.push(makeKey({ ...base, lastUsedAt: shift(TODAY, -91) }));
        break; // unused
      case 3:
        keys.push(makeKey({ ...base, status: 'revoked', expiresAt: shift(TODAY, -3) }));
        break; // nothing
      case 4:
        keys.push(makeKey({ ...base, expiresAt: shift(TODAY, 20) }));
        break; // expiring info
      case 5:
        keys.push(makeKey({ ...base, rotateEveryDays: 30, createdAt: shift(TODAY, -30) }));
        break; // rotation due
      case 6:
        keys.push(
          makeKey({ ...base, history: [{ at: '2028-02-27T10:00:00.000Z', action: 'copied' }], lastUsedAt: null }),
        );
        break;
      default:
        keys.push(makeKey(base)); // healthy
    }
  }
  return keys;
}

describe('100k keys', () => {
  it('computes exactly the expected alerts', () => {
    const alerts = computeAlerts(inventory(), {
      settings: DEFAULT_ALERT_SETTINGS,
      now: new Date(`${TODAY}T12:00:00.000Z`),
      timeZone: 'Europe/Berlin',
    });
    const counts: Partial<Record<AlertRule, number>> = {};
    for (const a of alerts) counts[a.rule] = (counts[a.rule] ?? 0) + 1;
    expect(counts).toEqual({
      expiring: 20_000,
      'expired-active': 10_000,
      'expired-deployed': 10_000,
      unused: 10_000,
      'rotation-due': 10_000,
    });
    expect(alerts.filter((a) => a.severity === 'critical')).toHaveLength(20_000);
    expect(alerts.filter((a) => a.severity === 'info')).toHaveLength(10_000);
    expect(new Set(alerts.map((a) => a.id)).size).toBe(alerts.length);
    expect(alertExitCode(alerts)).toBe(1);
  });

  it('the benchmark runs and reports a time', () => {
    const r = benchAlerts(2_000, 1);
    expect(r.keys).toBe(2_000);
    expect(r.alerts).toBeGreaterThan(0);
    expect(r.ms).toBeGreaterThanOrEqual(0);
  });
});
