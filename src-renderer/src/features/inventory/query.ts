// Search, filters and sort of the inventory, in memory: 10k keys filter in a few
// milliseconds, so search-as-you-type needs no round trip. Metadata only.
import type { Alert } from '../../../../src-main/contract/alerts';
import type { KeyRecord } from '../../../../src-main/contract/keys';
import { PLATFORM_LABEL } from '../../lib/platforms';
import type { Filters, Sort, SortColumn } from '../../stores/keys.store';

const textCache = new WeakMap<KeyRecord, string>();
function searchText(k: KeyRecord): string {
  let t = textCache.get(k);
  if (t === undefined) {
    t = [
      k.name,
      k.account,
      k.owner,
      k.environment,
      k.purpose,
      k.notes,
      k.hint,
      PLATFORM_LABEL[k.platform],
      ...k.tags,
      ...k.deployedTo,
    ]
      .join('\u0001')
      .toLowerCase();
    textCache.set(k, t);
  }
  return t;
}

/** The worst alert severity per key id. */
export function alertLevels(alerts: readonly Alert[]): Map<string, Alert['severity']> {
  const rank = { info: 0, warning: 1, critical: 2 } as const;
  const out = new Map<string, Alert['severity']>();
  for (const a of alerts) {
    const prev = out.get(a.keyId);
    if (prev === undefined || rank[a.severity] > rank[prev]) out.set(a.keyId, a.severity);
  }
  return out;
}

function matches(k: KeyRecord, f: Filters, words: string[], levels: Map<string, Alert['severity']>): boolean {
  if (f.platform && k.platform !== f.platform) return false;
  if (f.status && k.status !== f.status) return false;
  if (f.tag && !k.tags.includes(f.tag)) return false;
  if (f.owner && k.owner !== f.owner) return false;
  if (f.alert) {
    const level = levels.get(k.id);
    if (level === undefined || (f.alert !== 'any' && level !== f.alert)) return false;
  }
  if (words.length > 0) {
    const text = searchText(k);
    for (const w of words) if (!text.includes(w)) return false;
  }
  return true;
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function sortValue(k: KeyRecord, column: SortColumn): string {
  const v = k[column];
  return v === null || v === undefined ? '' : String(v);
}

export function queryKeys(
  keys: readonly KeyRecord[],
  query: string,
  filters: Filters,
  sort: Sort,
  levels: Map<string, Alert['severity']>,
): KeyRecord[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const found = keys.filter((k) => matches(k, filters, words, levels));
  const dir = sort.isDescending ? -1 : 1;
  return found.sort((a, b) => {
    const x = sortValue(a, sort.column);
    const y = sortValue(b, sort.column);
    // Empty values (no expiry, never used) go last whichever the direction.
    if (x === '' || y === '') return x === y ? collator.compare(a.name, b.name) : x === '' ? 1 : -1;
    return dir * collator.compare(x, y) || collator.compare(a.name, b.name);
  });
}

/** Distinct values for the filter menus. */
export function facets(keys: readonly KeyRecord[]): { tags: string[]; owners: string[] } {
  const tags = new Set<string>();
  const owners = new Set<string>();
  for (const k of keys) {
    for (const t of k.tags) tags.add(t);
    if (k.owner) owners.add(k.owner);
  }
  return { tags: [...tags].sort(collator.compare), owners: [...owners].sort(collator.compare) };
}
