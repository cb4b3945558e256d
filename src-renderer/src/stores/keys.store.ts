// The inventory as listed (metadata only: no store ever holds a secret), the search,
// filters and sort of the table, and the selected and open key.
import { create } from 'zustand';
import type { KeyInput, KeyPatch, KeyRecord, KeyRow, PlatformId } from '../../../src-main/contract/keys';
import type { StatusTruth } from '../../../src-main/contract/attention';
import { call } from '../api/client';
import { isShown } from '../features/inventory/query';
import { needsAction, type AttentionState } from '../lib/attention';

export type SortColumn =
  'state' | 'name' | 'platform' | 'account' | 'hint' | 'owner' | 'environment' | 'status' | 'expiresAt' | 'lastUsedAt';
/** Which keys the inventory lists: those that need action (act now, due soon), or all. */
export type InventoryView = 'needs-action' | 'all';
export type Sort = { column: SortColumn; isDescending: boolean };
export type Filters = {
  platform: PlatformId | '';
  /** The status the badge shows (statusTruth), as the core filters it. */
  status: StatusTruth | '';
  state: AttentionState | '';
  tag: string;
  owner: string;
};
/** A change to a key's fields, as the contract checks it. */
export type KeyFields = KeyPatch;

type KeysState = {
  /** Each key with its attention (state, reasons, next action) and truthful status, as the core computed them. */
  keys: KeyRow[];
  damaged: { id: string; message: string }[];
  isLoaded: boolean;
  query: string;
  view: InventoryView;
  /** The key whose Expires field opens for editing (the "Record expiry" action), once. */
  editingExpiryOf: string | null;
  filters: Filters;
  sort: Sort;
  activeId: string | null;
  openId: string | null;
  load: () => Promise<void>;
  add: (fields: KeyInput, secret: { value: string; instanceId?: string }) => Promise<KeyRecord>;
  edit: (id: string, patch: KeyFields) => Promise<KeyRecord>;
  replace: (row: KeyRow) => void;
  /** Re-reads one key (its history grows when its secret is revealed or copied). */
  reload: (id: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
  setQuery: (query: string) => void;
  setView: (view: InventoryView) => void;
  editExpiry: (id: string | null) => void;
  setFilter: <F extends keyof Filters>(name: F, value: Filters[F]) => void;
  clearFilters: () => void;
  sortBy: (column: SortColumn) => void;
  setActive: (id: string | null) => void;
  open: (id: string | null) => void;
};

export const NO_FILTERS: Filters = { platform: '', status: '', state: '', tag: '', owner: '' };
const initial = {
  keys: [] as KeyRow[],
  damaged: [],
  isLoaded: false,
  query: '',
  view: 'needs-action' as InventoryView,
  editingExpiryOf: null,
  filters: NO_FILTERS,
  sort: { column: 'state', isDescending: false } as Sort,
  activeId: null,
  openId: null,
};

/**
 * A search, filter or view that hides the open key's row closes its detail: the panel never shows a key the
 * table (and its "1 of 30") leaves out. One that keeps the row shown leaves the detail open.
 */
function closedIfHidden(
  state: KeysState,
  next: Partial<Pick<KeysState, 'query' | 'filters' | 'view'>>,
): Partial<KeysState> {
  const k = state.openId ? state.keys.find((x) => x.id === state.openId) : undefined;
  if (!k) return {};
  const shown = isShown(k, next.query ?? state.query, next.filters ?? state.filters, next.view ?? state.view);
  return shown ? {} : { openId: null, activeId: state.activeId === k.id ? null : state.activeId };
}

export const useKeys = create<KeysState>()((set, get) => ({
  ...initial,
  async load() {
    const { keys, damaged } = await call('keys.list', {});
    set({ keys, damaged, isLoaded: true });
  },
  async add(fields, secret) {
    const record = await call('keys.add', { fields, secret });
    // Listed as a row: with the state the core gives it.
    const row = await call('keys.get', { id: record.id });
    set({ keys: [...get().keys, row], activeId: record.id });
    return record;
  },
  async edit(id, patch) {
    const record = await call('keys.edit', { id, patch });
    // An edit can change the key's state (an expiry recorded, a status set): re-read the row.
    get().replace(await call('keys.get', { id }));
    return record;
  },
  replace(row) {
    set({ keys: get().keys.map((k) => (k.id === row.id ? row : k)) });
  },
  async reload(id) {
    get().replace(await call('keys.get', { id }));
  },
  async remove(id) {
    await call('keys.remove', { id });
    set({ keys: get().keys.filter((k) => k.id !== id), openId: null, activeId: null });
  },
  setQuery: (query) => set({ query, ...closedIfHidden(get(), { query }) }),
  setView: (view) => set({ view, ...closedIfHidden(get(), { view }) }),
  editExpiry: (editingExpiryOf) => set({ editingExpiryOf }),
  setFilter(name, value) {
    const filters = { ...get().filters, [name]: value };
    set({ filters, ...closedIfHidden(get(), { filters }) });
  },
  clearFilters: () => set({ filters: NO_FILTERS, query: '' }),
  sortBy(column) {
    const { sort } = get();
    set({
      sort: sort.column === column ? { column, isDescending: !sort.isDescending } : { column, isDescending: false },
    });
  },
  setActive: (activeId) => set({ activeId }),
  open(openId) {
    if (!openId) return set({ openId });
    // Opening a key (from the palette, an alert, a new key) shows its row: a key that needs no action is listed in All keys.
    const { keys, view, query, filters } = get();
    const k = keys.find((x) => x.id === openId);
    const isListed = view === 'all' || (k !== undefined && needsAction(k.attention.state));
    const nextView: InventoryView = isListed ? view : 'all';
    // A search or filter that would hide its row is cleared: the row is shown and selected beside its detail.
    const isHidden = k !== undefined && !isShown(k, query, filters, nextView);
    set({
      openId,
      activeId: openId,
      ...(isListed ? {} : { view: nextView }),
      ...(isHidden ? { filters: NO_FILTERS, query: '' } : {}),
    });
  },
}));

export const resetKeys = () => useKeys.setState(initial);
