// Benchmark of computeAlerts on a synthetic inventory (target: 100k keys < 100 ms).
// Called by the bench runner; it only measures and returns numbers, never prints.
import { performance } from 'node:perf_hooks';
import { DEFAULT_ALERT_SETTINGS } from '../core/alerts/alert.types.js';
import { computeAlerts } from '../core/alerts/compute-alerts.js';
import type { KeyRecord, KeyStatus, PlatformId } from '../core/inventory/key.types.js';

const PLATFORMS: PlatformId[] = ['kai', 'kubiya', 'kognitos', 'knouds', 'kaana', 'custom'];
const STATUSES: KeyStatus[] = [
  'active',
  'active',
  'active',
  'active',
  'active',
  'active',
  'expired',
  'revoked',
  'revocation-pending',
];
const NOW = new Date('2028-02-28T12:00:00.000Z');
const DAY = 86_400_000;

function day(offset: number): string {
  return new Date(NOW.getTime() + offset * DAY).toISOString().slice(0, 10);
}

function iso(offsetMs: number): string {
  return new Date(NOW.getTime() + offsetMs).toISOString();
}

/** A varied, deterministic inventory that raises every alert rule. */
export function syntheticKeys(n: number): KeyRecord[] {
  const keys: KeyRecord[] = [];
  for (let i = 0; i < n; i++) {
    const platform = PLATFORMS[i % PLATFORMS.length] ?? 'custom';
    keys.push({
      id: `key-${i.toString(36).padStart(6, '0')}`,
      platform,
      name: `key ${i}`,
      account: `account-${i % 50}`,
      hint: 'xx…abcd',
      scopes: [],
      environment: i % 2 === 0 ? 'prod' : 'dev',
      owner: '',
      purpose: '',
      deployedTo: i % 5 === 0 ? ['ci'] : [],
      tags: [],
      notes: '',
      createdAt: day(-((i * 7) % 700)),
      expiresAt: i % 7 === 0 ? null : day((i % 400) - 40),
      lastUsedAt: i % 4 === 0 ? null : day(-((i * 13) % 200)),
      status: STATUSES[i % STATUSES.length] ?? 'active',
      rotateEveryDays: i % 6 === 0 ? 180 : null,
      // Every 16th key has no trace of use at all (never-used once old enough).
      lastVerification:
        i % 16 === 0
          ? null
          : { at: iso(-(i % 97) * 3_600_000 * 5), result: i % 11 === 0 ? 'invalid' : 'valid', message: '' },
      history: [
        { at: iso(-(i % 300) * DAY), action: 'created' },
        ...(i % 16 === 0
          ? []
          : [{ at: iso(-(i % 150) * DAY - (i % 1440) * 60_000), action: i % 2 === 0 ? 'copied' : 'revealed' }]),
      ],
      extra: {},
      recordCreatedAt: iso(-(i % 300) * DAY),
      recordUpdatedAt: iso(-(i % 3) * DAY),
    });
  }
  return keys;
}

/** Median wall time of computeAlerts over `runs` runs (after one warm-up) for n keys. */
export function benchAlerts(n: number, runs = 5): { ms: number; alerts: number; keys: number } {
  const keys = syntheticKeys(n);
  const input = {
    settings: DEFAULT_ALERT_SETTINGS,
    now: NOW,
    timeZone: 'Europe/Berlin',
    duplicateGroups: [[`key-${'0'.repeat(6)}`, `key-${'1'.padStart(6, '0')}`]],
  };
  let alerts = computeAlerts(keys, input).length;
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    alerts = computeAlerts(keys, input).length;
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round((times[Math.floor(times.length / 2)] ?? 0) * 10) / 10, alerts, keys: n };
}
