// The vault's state as the interface sees it, and which screen is showing.
import { create } from 'zustand';
import type { VaultStatus } from '../../../src-main/contract/outputs';
import { call } from '../api/client';

export type Phase = 'loading' | 'first-run' | 'locked' | 'unlocked';
export type View = 'inventory' | 'alerts' | 'checklists' | 'settings';

type SessionState = {
  phase: Phase;
  status: VaultStatus | null;
  view: View;
  failedUnlocks: number;
  refresh: () => Promise<void>;
  create: (password: string) => Promise<void>;
  unlock: (password: string) => Promise<void>;
  setView: (view: View) => void;
};

const phaseOf = (s: VaultStatus): Phase => (!s.exists ? 'first-run' : s.unlocked ? 'unlocked' : 'locked');
const initial = { phase: 'loading' as Phase, status: null, view: 'inventory' as View, failedUnlocks: 0 };

export const useSession = create<SessionState>()((set, get) => ({
  ...initial,
  async refresh() {
    const status = await call('vault.status', {});
    set({ status, phase: phaseOf(status) });
  },
  async create(password) {
    const status = await call('vault.create', { password });
    set({ status, phase: phaseOf(status), view: 'inventory' });
  },
  async unlock(password) {
    try {
      const status = await call('vault.unlock', { password });
      set({ status, phase: phaseOf(status), failedUnlocks: 0 });
    } catch (e) {
      set({ failedUnlocks: get().failedUnlocks + 1 });
      throw e;
    }
  },
  setView: (view) => set({ view }),
}));

export const resetSession = () => useSession.setState({ ...initial, phase: 'locked' });
