// An inventory export opened read-only (File → Open inventory…): its keys and alerts,
// never a secret (an export has none, and the host refuses a file that holds any).
import { create } from 'zustand';
import type { InventoryView } from '../../../src-main/contract/transfer';
import { call } from '../api/client';
import { useKeys } from './keys.store';

type InventoryFileState = {
  opened: InventoryView | null;
  isOpening: boolean;
  /** Shows the host's open dialog; resolves false when the user cancelled. */
  open: () => Promise<boolean>;
  close: () => void;
};

// The read-only table reuses the inventory table's selection; it starts and ends empty.
const clearSelection = () => useKeys.setState({ activeId: null, openId: null });

export const useInventoryFile = create<InventoryFileState>()((set, get) => ({
  opened: null,
  isOpening: false,
  async open() {
    if (get().isOpening) return false;
    set({ isOpening: true });
    try {
      const r = await call('host.openInventory', {});
      if (r.cancelled) return false;
      const { cancelled: _c, ...view } = r;
      clearSelection();
      set({ opened: view });
      return true;
    } finally {
      set({ isOpening: false });
    }
  },
  close() {
    clearSelection();
    set({ opened: null });
  },
}));

export const resetInventoryFile = () => useInventoryFile.setState({ opened: null, isOpening: false });
