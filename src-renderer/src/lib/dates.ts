// Calendar dates (YYYY-MM-DD) relative to today, in the user's time zone.
export type Urgency = 'expired' | 'critical' | 'warning' | 'soon' | 'ok' | 'none';

const DAY_MS = 86_400_000;

export function todayIso(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** Whole days from today to `iso` (negative in the past): a calendar date, or a moment (a use Keyward recorded, with
 * its time), counted by the local day it fell on. */
export function daysFromToday(iso: string, now = new Date()): number {
  const day = iso.length > 10 ? todayIso(new Date(iso)) : iso;
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const target = Date.UTC(y, m - 1, d);
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((target - today) / DAY_MS);
}

export function addDays(iso: string, days: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

export function expiryUrgency(expiresAt: string | null, now = new Date()): Urgency {
  if (!expiresAt) return 'none';
  const days = daysFromToday(expiresAt, now);
  // The same steps as the default alert thresholds (30, 7, 1 days: info, warning, critical).
  if (days < 0) return 'expired';
  if (days <= 1) return 'critical';
  if (days <= 7) return 'warning';
  if (days <= 30) return 'soon';
  return 'ok';
}

/** "in 3 days", "tomorrow", "2 months ago" ... */
export function relativeDay(iso: string | null, now = new Date()): string {
  if (!iso) return '—';
  const days = daysFromToday(iso, now);
  if (days === 0) return 'today';
  if (days === 1) return 'tomorrow';
  if (days === -1) return 'yesterday';
  const abs = Math.abs(days);
  const span =
    abs < 14
      ? `${abs} days`
      : abs < 60
        ? `${Math.round(abs / 7)} weeks`
        : abs < 730
          ? `${Math.round(abs / 30.44)} months`
          : `${Math.round(abs / 365.25)} years`;
  return days > 0 ? `in ${span}` : `${span} ago`;
}

export function formatDate(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso.length === 10 ? `${iso}T12:00:00` : iso);
  return d.toLocaleDateString('en', { year: 'numeric', month: 'short', day: 'numeric' });
}

export function formatDateTime(iso: string): string {
  return new Date(iso).toLocaleString('en', {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}
