// Test helpers: a key record with neutral defaults and independent date arithmetic.
import type { Alert, AlertRule } from '../../../src-main/core/alerts/alert.types.js';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';

/** YYYY-MM-DD shifted by whole days, computed with Date.UTC (independent of the code under test). */
export function shift(day: string, days: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

let counter = 0;

/** A healthy, recently used active key on the 'custom' platform (no caps, no expiry rule). */
export function makeKey(over: Partial<KeyRecord> = {}): KeyRecord {
  counter++;
  return {
    id: `k${counter}`,
    platform: 'custom',
    name: `Key ${counter}`,
    account: 'ACCOUNT-SENTINEL',
    hint: 'HINT-SENTINEL',
    scopes: [],
    environment: 'prod',
    owner: 'OWNER-SENTINEL',
    purpose: 'PURPOSE-SENTINEL',
    deployedTo: [],
    tags: [],
    notes: 'NOTES-SENTINEL',
    createdAt: '2027-01-01',
    expiresAt: null,
    lastUsedAt: '2028-02-27',
    status: 'active',
    rotateEveryDays: null,
    lastVerification: null,
    history: [],
    extra: {},
    recordCreatedAt: '2027-01-01T00:00:00.000Z',
    recordUpdatedAt: '2027-01-01T00:00:00.000Z',
    ...over,
  };
}

export function byRule(alerts: readonly Alert[], rule: AlertRule): Alert[] {
  return alerts.filter((a) => a.rule === rule);
}
