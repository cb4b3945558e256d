// Transient interface state: toasts, the command palette, the add-key dialog, the create-key wizard, the import
// dialog, the export and backup dialogs.
import { create } from 'zustand';

/** Which file-writing dialog is open: the inventory export (no secrets) or the sealed backup. */
export type TransferDialog = 'export' | 'backup';
export type Toast = { id: number; tone: 'info' | 'success' | 'error'; title: string; detail?: string };

type UiState = {
  toasts: Toast[];
  isPaletteOpen: boolean;
  isAddOpen: boolean;
  isCreateOpen: boolean;
  isImportOpen: boolean;
  transfer: TransferDialog | null;
  /** The keys the bulk edit dialog changes (an import's keys, or the listed ones); null when closed. */
  bulkEditIds: string[] | null;
  notify: (toast: Omit<Toast, 'id'>) => void;
  dismiss: (id: number) => void;
  setPalette: (open: boolean) => void;
  setAdd: (open: boolean) => void;
  setCreate: (open: boolean) => void;
  setImport: (open: boolean) => void;
  setTransfer: (dialog: TransferDialog | null) => void;
  setBulkEdit: (ids: string[] | null) => void;
};

let nextId = 1;
const initial = {
  toasts: [] as Toast[],
  isPaletteOpen: false,
  isAddOpen: false,
  isCreateOpen: false,
  isImportOpen: false,
  transfer: null as TransferDialog | null,
  bulkEditIds: null as string[] | null,
};

export const useUi = create<UiState>()((set, get) => ({
  ...initial,
  notify(toast) {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-3), { ...toast, id }] });
    window.setTimeout(() => get().dismiss(id), toast.tone === 'error' ? 8000 : 4000);
  },
  dismiss: (id) => set({ toasts: get().toasts.filter((t) => t.id !== id) }),
  setPalette: (isPaletteOpen) => set({ isPaletteOpen }),
  setAdd: (isAddOpen) => set({ isAddOpen }),
  setCreate: (isCreateOpen) => set({ isCreateOpen }),
  setImport: (isImportOpen) => set({ isImportOpen }),
  setTransfer: (transfer) => set({ transfer }),
  setBulkEdit: (bulkEditIds) => set({ bulkEditIds }),
}));

export const resetUi = () => useUi.setState(initial);
