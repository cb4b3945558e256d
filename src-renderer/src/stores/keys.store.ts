// The inventory as listed (metadata only: no store ever holds a secret), the search,
// filters and sort of the table, and the selected and open key.
import { create } from 'zustand';
import type { KeyInput, KeyPatch, KeyRecord, KeyStatus, PlatformId } from '../../../src-main/contract/keys';
import { call } from '../api/client';

export type SortColumn =
  'name' | 'platform' | 'account' | 'hint' | 'owner' | 'environment' | 'status' | 'expiresAt' | 'lastUsedAt';
export type Sort = { column: SortColumn; isDescending: boolean };
export type AlertFilter = '' | 'any' | 'critical' | 'warning';
export type Filters = {
  platform: PlatformId | '';
  status: KeyStatus | '';
  alert: AlertFilter;
  tag: string;
  owner: string;
};
/** A change to a key's fields, as the contract checks it. */
export type KeyFields = KeyPatch;

type KeysState = {
  keys: KeyRecord[];
  damaged: { id: string; message: string }[];
  isLoaded: boolean;
  query: string;
  filters: Filters;
  sort: Sort;
  activeId: string | null;
  openId: string | null;
  load: () => Promise<void>;
  add: (fields: KeyInput, secret: { value: string; instanceId?: string }) => Promise<KeyRecord>;
  edit: (id: string, patch: KeyFields) => Promise<KeyRecord>;
  replace: (record: KeyRecord) => void;
  /** Re-reads one key (its history grows when its secret is revealed or copied). */
  reload: (id: string) => Promise<void>;
  remove: (id: string) => Promise<void>;
  setQuery: (query: string) => void;
  setFilter: <F extends keyof Filters>(name: F, value: Filters[F]) => void;
  clearFilters: () => void;
  sortBy: (column: SortColumn) => void;
  setActive: (id: string | null) => void;
  open: (id: string | null) => void;
};

export const NO_FILTERS: Filters = { platform: '', status: '', alert: '', tag: '', owner: '' };
const initial = {
  keys: [] as KeyRecord[],
  damaged: [],
  isLoaded: false,
  query: '',
  filters: NO_FILTERS,
  sort: { column: 'expiresAt', isDescending: false } as Sort,
  activeId: null,
  openId: null,
};

export const useKeys = create<KeysState>()((set, get) => ({
  ...initial,
  async load() {
    const { keys, damaged } = await call('keys.list', {});
    set({ keys, damaged, isLoaded: true });
  },
  async add(fields, secret) {
    const record = await call('keys.add', { fields, secret });
    set({ keys: [...get().keys, record], activeId: record.id });
    return record;
  },
  async edit(id, patch) {
    const record = await call('keys.edit', { id, patch });
    get().replace(record);
    return record;
  },
  replace(record) {
    set({ keys: get().keys.map((k) => (k.id === record.id ? record : k)) });
  },
  async reload(id) {
    get().replace(await call('keys.get', { id }));
  },
  async remove(id) {
    await call('keys.remove', { id });
    set({ keys: get().keys.filter((k) => k.id !== id), openId: null, activeId: null });
  },
  setQuery: (query) => set({ query }),
  setFilter: (name, value) => set({ filters: { ...get().filters, [name]: value } }),
  clearFilters: () => set({ filters: NO_FILTERS, query: '' }),
  sortBy(column) {
    const { sort } = get();
    set({
      sort: sort.column === column ? { column, isDescending: !sort.isDescending } : { column, isDescending: false },
    });
  },
  setActive: (activeId) => set({ activeId }),
  open: (openId) => set(openId ? { openId, activeId: openId } : { openId }),
}));

export const resetKeys = () => useKeys.setState(initial);
