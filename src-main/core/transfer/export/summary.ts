// Counts an inventory report shows: keys by platform, status, owner and expiry
// window, plus the expiry timeline (keys expiring per month over the next 12
// months, and those already expired). Pure; dates are YYYY-MM-DD in the given zone.
import { dayResolver, formatDay, parseDay } from '../../alerts/calendar-date.js';
import type { KeyRecord } from '../../inventory/key.types.js';

export type Count = { label: string; count: number };
export type TimelineBucket = { label: string; from: string | null; to: string | null; count: number; names: string[] };

export type InventorySummary = {
  total: number;
  byPlatform: Count[];
  byStatus: Count[];
  byOwner: Count[];
  expired: number;
  expiringIn30Days: number;
  noExpiry: number;
  /** First bucket: already expired; then 12 calendar months from this one. */
  timeline: TimelineBucket[];
};

function counted(values: string[]): Count[] {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return [...m]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Keys still in use: revoked keys are gone and expire nothing. */
const counts = (k: KeyRecord) => k.status !== 'revoked';

/** `statusOf`: the status the app tells of a key (an expired key still recorded active is expired). */
export function summarise(
  keys: readonly KeyRecord[],
  now: Date,
  timeZone?: string,
  statusOf: (k: KeyRecord) => string = (k) => k.status,
): InventorySummary {
  const today = dayResolver(timeZone).dayOf(now.getTime());
  const todayText = formatDay(today);
  const y0 = Number(todayText.slice(0, 4));
  const m0 = Number(todayText.slice(5, 7)) - 1;
  const months = Array.from({ length: 12 }, (_, i) => {
    const y = y0 + Math.floor((m0 + i) / 12);
    const m = (m0 + i) % 12;
    const from = `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const ny = y + Math.floor((m + 1) / 12);
    const nm = (m + 1) % 12;
    return { label: `${MONTHS[m] ?? ''} ${y}`, from, next: `${ny}-${String(nm + 1).padStart(2, '0')}-01` };
  });
  const expiredBucket: TimelineBucket = { label: 'Expired', from: null, to: todayText, count: 0, names: [] };
  const buckets: TimelineBucket[] = months.map((m) => ({
    label: m.label,
    from: m.from,
    to: m.next,
    count: 0,
    names: [],
  }));
  let expired = 0;
  let soon = 0;
  let noExpiry = 0;
  for (const k of keys) {
    if (!counts(k)) continue;
    const on = k.expiresAt;
    const exp = parseDay(on);
    if (exp === null || on === null) {
      noExpiry++;
      continue;
    }
    if (exp < today || k.status === 'expired') {
      expired++;
      expiredBucket.count++;
      expiredBucket.names.push(k.name);
      continue;
    }
    if (exp - today <= 30) soon++;
    const b = buckets.find((x) => x.from !== null && x.to !== null && on >= x.from && on < x.to);
    if (b) {
      b.count++;
      b.names.push(k.name);
    }
  }
  return {
    total: keys.length,
    byPlatform: counted(keys.map((k) => k.platform)),
    byStatus: counted(keys.map(statusOf)),
    byOwner: counted(keys.map((k) => (k.owner.trim() === '' ? '(no owner)' : k.owner))),
    expired,
    expiringIn30Days: soon,
    noExpiry,
    timeline: [expiredBucket, ...buckets],
  };
}
