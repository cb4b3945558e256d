// What finishing a run does to its key. Only when the key's secret was replaced in this
// vault since the run started (history 'secret-changed' or 'rotated' at or after its
// start): the new key's creation date is today, its expiry moves forward by the old key's
// lifetime (or the rotation policy), and the key's history says so. A date someone already
// recorded during the run (storing the new key with its expiry, say) is theirs and is kept,
// never rolled a second time. Without a new secret nothing changes (ticking every box is
// not proof the rotation happened, and a moved expiry would silence its alert).
// Pure: returns the patch and the history detail.
import { formatDay, parseDay, type DayNumber } from '../alerts/calendar-date.js';
import type { KeyRecord } from '../inventory/key.types.js';

/** `rolled` false: the secret was not replaced during the run; nothing is to change and `detail` says why. */
export type KeyRoll = { rolled: boolean; patch: { createdAt?: string; expiresAt?: string }; detail: string };

export const NOT_REPLACED =
  'the secret was not replaced in this vault during the run: store the new key with keyward edit KEY --replace-secret, then the expiry is yours to set';

/** Whether the key's secret was replaced (by edit --replace-secret or the rotation wizard) at or after `since`. */
const secretReplacedSince = (key: KeyRecord, since: string) =>
  key.history.some((h) => h.at >= since && (h.action === 'secret-changed' || h.action === 'rotated'));

/** Fields of the key changed by hand (edit or new secret) at or after `since` (ISO time). */
function editedSince(key: KeyRecord, since: string): Set<string> {
  const fields = new Set<string>();
  for (const h of key.history) {
    if (h.at < since || (h.action !== 'edited' && h.action !== 'secret-changed')) continue;
    for (const f of (h.detail ?? '').split(',')) fields.add(f.trim());
  }
  return fields;
}

export function rollFor(
  key: KeyRecord,
  rotateEveryDays: number | null,
  today: DayNumber,
  run: { id: string; createdAt: string },
): KeyRoll {
  if (!secretReplacedSince(key, run.createdAt))
    return { rolled: false, patch: {}, detail: `checklist ${run.id} finished; ${NOT_REPLACED}` };
  const recorded = editedSince(key, run.createdAt);
  const created = parseDay(key.createdAt);
  const exp = parseDay(key.expiresAt);
  const lifetime = created !== null && exp !== null && exp > created ? exp - created : null;
  const period = lifetime ?? rotateEveryDays;
  const patch: KeyRoll['patch'] = {};
  if (!recorded.has('createdAt')) patch.createdAt = formatDay(today);
  let expiry = 'expiry unchanged';
  if (recorded.has('expiresAt')) {
    expiry = `expiry ${key.expiresAt ?? 'none'} as recorded during the run`;
  } else if (exp !== null && period !== null) {
    patch.expiresAt = formatDay(today + period);
    expiry = `expiry ${key.expiresAt ?? ''} -> ${patch.expiresAt}`;
  } else if (exp !== null) {
    expiry = "expiry unchanged: record the new key's expiry";
  }
  const rotation = rotateEveryDays === null ? '' : `; next rotation ${formatDay(today + rotateEveryDays)}`;
  return { rolled: true, patch, detail: `checklist ${run.id} finished; ${expiry}${rotation}` };
}
