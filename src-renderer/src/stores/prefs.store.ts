// Preferences the host keeps (theme, auto-lock, clipboard time): readable before unlock,
// so the lock screen already wears the user's theme.
import { create } from 'zustand';
import type { Preferences } from '../../../src-main/contract/channels';
import { call } from '../api/client';

type PrefsState = {
  prefs: Preferences;
  load: () => Promise<void>;
  save: (patch: Partial<Omit<Preferences, 'cliAgent'>>) => Promise<void>;
};

// Shown only until the host answers (the contract's defaults live host-side; the renderer imports types only).
const BEFORE_LOAD: Preferences = { theme: 'system', autoLockMinutes: 5, clipboardSeconds: 30, cliAgent: false };

export const usePrefs = create<PrefsState>()((set) => ({
  prefs: BEFORE_LOAD,
  async load() {
    set({ prefs: await call('host.preferences', {}) });
  },
  async save(patch) {
    set({ prefs: await call('host.setPreferences', patch) });
  },
}));
