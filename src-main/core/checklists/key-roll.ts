// What finishing a run does to its key: the new key's creation date is today, its expiry
// moves forward by the old key's lifetime (or the rotation policy), and the key's
// history says so. Pure: returns the patch and the history detail.
import { formatDay, parseDay, type DayNumber } from '../alerts/calendar-date.js';
import type { KeyRecord } from '../inventory/key.types.js';

export type KeyRoll = { patch: { createdAt: string; expiresAt?: string }; detail: string };

export function rollFor(key: KeyRecord, rotateEveryDays: number | null, today: DayNumber, runId: string): KeyRoll {
  const created = parseDay(key.createdAt);
  const exp = parseDay(key.expiresAt);
  const lifetime = created !== null && exp !== null && exp > created ? exp - created : null;
  const period = lifetime ?? rotateEveryDays;
  const patch: KeyRoll['patch'] = { createdAt: formatDay(today) };
  let expiry = 'expiry unchanged';
  if (exp !== null && period !== null) {
    patch.expiresAt = formatDay(today + period);
    expiry = `expiry ${key.expiresAt ?? ''} -> ${patch.expiresAt}`;
  } else if (exp !== null) {
    expiry = "expiry unchanged: record the new key's expiry";
  }
  const rotation = rotateEveryDays === null ? '' : `; next rotation ${formatDay(today + rotateEveryDays)}`;
  return { patch, detail: `checklist ${runId} finished; ${expiry}${rotation}` };
}
