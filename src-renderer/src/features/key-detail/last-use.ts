// "Last used" on a key's detail: the date the user or platform gave, or Keyward's own last use of the
// secret (run, read, clip, reveal, copy; in the sealed history) when that is as late or later.
type WithUses = { lastUsedAt: string | null; history: readonly { at: string; action: string }[] };

const USE_ACTIONS = new Set(['copied', 'revealed', 'used']);

/** The day to show and whether it is Keyward's own use. */
export function lastUseShown(record: WithUses): {
  day: string | null;
  isLocal: boolean;
} {
  let local: string | null = null;
  for (const h of record.history) if (USE_ACTIONS.has(h.action) && (local === null || h.at > local)) local = h.at;
  if (local === null || (record.lastUsedAt !== null && record.lastUsedAt > local.slice(0, 10)))
    return { day: record.lastUsedAt, isLocal: false };
  return { day: local, isLocal: true };
}
