// Search, filters, the Needs action view and sort of the inventory, in memory: 10k keys filter in a few
// milliseconds, so search-as-you-type needs no round trip. Metadata only.
import type { KeyRecord, KeyRow } from '../../../../src-main/contract/keys';
import { STATE_RANK, needsAction } from '../../lib/attention';
import { PLATFORM_LABEL } from '../../lib/platforms';
import type { Filters, InventoryView, Sort, SortColumn } from '../../stores/keys.store';

/** A listed key, or a key of an opened export (which has no attention state). */
export type TableKey = KeyRecord & Partial<Pick<KeyRow, 'attention' | 'statusTruth'>>;

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

function matches(k: TableKey, f: Filters, words: string[], view: InventoryView): boolean {
  const state = k.attention?.state ?? 'fine';
  if (view === 'needs-action' && !needsAction(state)) return false;
  if (f.state && state !== f.state) return false;
  if (f.platform && k.platform !== f.platform) return false;
  // The status the badge shows (an active key past its expiry is expired), as the core filters it.
  if (f.status && (k.statusTruth ?? k.status) !== f.status) return false;
  if (f.tag && !k.tags.includes(f.tag)) return false;
  if (f.owner && k.owner !== f.owner) return false;
  if (words.length > 0) {
    const text = searchText(k);
    for (const w of words) if (!text.includes(w)) return false;
  }
  return true;
}

/** Whether the inventory shows `k` with this search, these filters and this view. */
export function isShown(k: TableKey, query: string, filters: Filters, view: InventoryView): boolean {
  return matches(k, filters, query.toLowerCase().split(/\s+/).filter(Boolean), view);
}

const collator = new Intl.Collator('en', { sensitivity: 'base', numeric: true });

function sortValue(k: TableKey, column: SortColumn): string {
  // By state: most urgent first, then the soonest expiry (no expiry last within a state).
  if (column === 'state') return `${STATE_RANK[k.attention?.state ?? 'fine']}${k.expiresAt ?? '9999-99-99'}`;
  if (column === 'status') return k.statusTruth ?? k.status;
  const v = k[column];
  return v === null || v === undefined ? '' : String(v);
}

export function queryKeys<K extends TableKey>(
  keys: readonly K[],
  query: string,
  filters: Filters,
  sort: Sort,
  view: InventoryView = 'all',
): K[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const found = keys.filter((k) => matches(k, filters, words, view));
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
