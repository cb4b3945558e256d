// The Alerts screen's rows: one per key that is not fine (its reasons inside), filtered by
// state, platform, reason and words, most urgent first. In memory; the core gave each key its state.
import type { KeyRow, PlatformId } from '../../../../src-main/contract/keys';
import { STATE_RANK, type AttentionState } from '../../lib/attention';

/** '' = what needs action (act now, due soon), with housekeeping in the weekly digest below. */
export type StateFilter = '' | AttentionState | 'any';
export type AttentionFilters = { state: StateFilter; platform: PlatformId | ''; reason: string; query: string };
export const NO_ATTENTION_FILTERS: AttentionFilters = { state: '', platform: '', reason: '', query: '' };

const byUrgency = (a: KeyRow, b: KeyRow) =>
  STATE_RANK[a.attention.state] - STATE_RANK[b.attention.state] ||
  (a.expiresAt ?? '9999').localeCompare(b.expiresAt ?? '9999') ||
  a.name.localeCompare(b.name);

// Per keystroke only the filter runs: the urgency order and each key's lower-cased text are
// worked out once per list the core sent (the lists and rows are replaced, never mutated).
const sortedCache = new WeakMap<readonly KeyRow[], KeyRow[]>();
const textCache = new WeakMap<KeyRow, string>();

function searchText(k: KeyRow): string {
  let text = textCache.get(k);
  if (text === undefined) {
    text = `${k.name}\u0001${k.owner}\u0001${k.attention.reasons.map((r) => r.message).join('\u0001')}`.toLowerCase();
    textCache.set(k, text);
  }
  return text;
}

function byUrgencyOnce(keys: readonly KeyRow[]): KeyRow[] {
  let sorted = sortedCache.get(keys);
  if (sorted === undefined) {
    sorted = keys.filter((k) => k.attention.state !== 'fine').sort(byUrgency);
    sortedCache.set(keys, sorted);
    for (const k of sorted) searchText(k); // before the first keystroke, not on it
  }
  return sorted;
}

function matchesOthers(k: KeyRow, f: AttentionFilters, words: string[]): boolean {
  if (f.platform && k.platform !== f.platform) return false;
  if (f.reason && !k.attention.reasons.some((r) => r.kind === f.reason)) return false;
  if (words.length === 0) return true;
  const text = searchText(k);
  return words.every((w) => text.includes(w));
}

/** The main list and the weekly digest (housekeeping, shown apart only when the state filter leaves it out). */
export function attentionRows(keys: readonly KeyRow[], f: AttentionFilters): { main: KeyRow[]; digest: KeyRow[] } {
  const words = f.query.toLowerCase().split(/\s+/).filter(Boolean);
  const main: KeyRow[] = [];
  const digest: KeyRow[] = [];
  // Already most urgent first: filtering keeps that order.
  for (const k of byUrgencyOnce(keys)) {
    const s = k.attention.state;
    if (!matchesOthers(k, f, words)) continue;
    if (f.state === '' ? s === 'act-now' || s === 'due-soon' : f.state === 'any' || f.state === s) main.push(k);
    else if (f.state === '' && s === 'housekeeping') digest.push(k);
  }
  return { main, digest };
}

/** The reason kinds present, for the reason filter. */
export function reasonKinds(keys: readonly KeyRow[]): string[] {
  const kinds = new Set<string>();
  for (const k of keys) for (const r of k.attention.reasons) kinds.add(r.kind);
  return [...kinds].sort();
}

export const isFiltered = (f: AttentionFilters): boolean =>
  f.state !== '' || f.platform !== '' || f.reason !== '' || f.query.trim() !== '';

/** Words for the reason kinds (the alert rules); an unknown kind reads as itself. */
const REASON_LABEL: Record<string, string> = {
  expiring: 'Expiring',
  'expired-active': 'Expired, still active',
  'expired-deployed': 'Expired, still deployed',
  unused: 'Unused',
  'never-used': 'Never used',
  'rotation-due': 'Rotation due',
  'no-expiry': 'No expiry recorded',
  'revocation-pending': 'Revocation stuck',
  'verify-failed': 'Refused by its platform',
  'near-key-cap': 'Near the key cap',
  'duplicate-secret': 'Same secret twice',
  'checklist-due': 'Checklist due',
  leaked: 'Leaked',
  'never-verified': 'Never verified',
};
export const reasonLabel = (kind: string): string => REASON_LABEL[kind] ?? kind.replace(/-/g, ' ');
