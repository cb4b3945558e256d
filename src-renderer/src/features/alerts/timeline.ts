// Upcoming expiries and rotations of the next 90 days, in weekly buckets for the chart.
import type { KeyRecord } from '../../../../src-main/contract/keys';
import { addDays, daysFromToday, todayIso } from '../../lib/dates';

export const HORIZON_DAYS = 90;
const WEEKS = Math.ceil(HORIZON_DAYS / 7);
export type Bucket = { start: string; expiries: number; rotations: number };

/** The day a key's rotation policy says it is due, or null. */
export function rotationDue(k: KeyRecord): string | null {
  if (!k.rotateEveryDays) return null;
  const from = k.createdAt ?? k.recordCreatedAt.slice(0, 10);
  return addDays(from, k.rotateEveryDays);
}

export function upcoming(keys: readonly KeyRecord[], now = new Date()): Bucket[] {
  const today = todayIso(now);
  const buckets: Bucket[] = Array.from({ length: WEEKS }, (_, i) => ({
    start: addDays(today, i * 7),
    expiries: 0,
    rotations: 0,
  }));
  const place = (iso: string | null, field: 'expiries' | 'rotations') => {
    if (!iso) return;
    const d = daysFromToday(iso, now);
    const b = d >= 0 && d < HORIZON_DAYS ? buckets[Math.floor(d / 7)] : undefined;
    if (b) b[field] += 1;
  };
  for (const k of keys) {
    if (k.status !== 'active') continue;
    place(k.expiresAt, 'expiries');
    place(rotationDue(k), 'rotations');
  }
  return buckets;
}

export function countBy<T extends string, K extends KeyRecord>(keys: readonly K[], pick: (k: K) => T): [T, number][] {
  const m = new Map<T, number>();
  for (const k of keys) m.set(pick(k), (m.get(pick(k)) ?? 0) + 1);
  return [...m].sort((a, b) => b[1] - a[1]);
}
