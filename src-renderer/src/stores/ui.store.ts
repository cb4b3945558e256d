// Transient interface state: toasts, the command palette, the add-key dialog, the create-key wizard, the import dialog.
import { create } from 'zustand';

export type Toast = { id: number; tone: 'info' | 'success' | 'error'; title: string; detail?: string };

type UiState = {
  toasts: Toast[];
  isPaletteOpen: boolean;
  isAddOpen: boolean;
  isCreateOpen: boolean;
  isImportOpen: boolean;
  notify: (toast: Omit<Toast, 'id'>) => void;
  dismiss: (id: number) => void;
  setPalette: (open: boolean) => void;
  setAdd: (open: boolean) => void;
  setCreate: (open: boolean) => void;
  setImport: (open: boolean) => void;
};

let nextId = 1;
const initial = {
  toasts: [] as Toast[],
  isPaletteOpen: false,
  isAddOpen: false,
  isCreateOpen: false,
  isImportOpen: false,
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
}));

export const resetUi = () => useUi.setState(initial);
