// The app's one folder scan, as the renderer follows it: whether its dialog is open, the status main
// answers (counts while it runs, then the result grouped by key), polled while it runs.
// SECURITY: main never answers a value, only places and names; this store holds what it answers.
import type { ScanImportItem, ScanImportOutcome, ScanStatus } from '../../../src-main/contract/scan';
import { create } from 'zustand';
import { call } from '../api/client';
import { useAlerts } from './alerts.store';
import { useKeys } from './keys.store';

const POLL_MS = 200;

type ScanState = {
  isOpen: boolean;
  /** The scan this dialog follows: null before one is started (or after the vault locked). */
  status: ScanStatus | null;
  /** Whether the last start asked for the folder's git history too. */
  gitHistory: boolean;
  isAsking: boolean;
  error: unknown;
  /** Counts finished scans, so views showing recorded findings read them again. */
  finished: number;
  open: () => void;
  close: () => void;
  setGitHistory: (on: boolean) => void;
  /** Asks main for a folder (its native dialog) and starts the scan; a cancelled dialog changes nothing. */
  start: () => Promise<void>;
  cancel: () => Promise<void>;
  again: () => void;
  /**
   * Stores unknown keys of the shown result (named by their group's id; main holds the values), then
   * reloads the keys and alerts, since each new key carries its findings. Throws what main refused.
   */
  importUnknown: (items: ScanImportItem[]) => Promise<ScanImportOutcome[]>;
};

let timer: number | null = null;
const stopPolling = () => {
  if (timer !== null) window.clearTimeout(timer);
  timer = null;
};

const initial = {
  isOpen: false,
  status: null as ScanStatus | null,
  gitHistory: false,
  isAsking: false,
  error: null as unknown,
  finished: 0,
};

export const useScan = create<ScanState>()((set, get) => {
  /** A status main answered for the scan this store follows; once finished, findings and alerts are read again. */
  const follow = (status: ScanStatus) => {
    set({ status });
    if (status.phase === 'running') return poll();
    if (status.phase !== 'done') return undefined;
    set({ finished: get().finished + 1 });
    // Findings raise an act-now alert on their key.
    void useKeys
      .getState()
      .load()
      .then(() => useAlerts.getState().load())
      .catch(() => undefined);
    return undefined;
  };
  const poll = () => {
    stopPolling();
    timer = window.setTimeout(() => {
      call('scan.status', {}).then(follow, (error: unknown) => set({ error }));
    }, POLL_MS);
  };
  return {
    ...initial,
    open() {
      set({ isOpen: true, error: null });
      // A scan left running when the dialog closed is followed again (or its result shown, if it finished).
      if (get().status?.phase !== 'running') return;
      call('scan.status', {}).then(follow, (error: unknown) => set({ error }));
    },
    close() {
      stopPolling();
      const running = get().status?.phase === 'running';
      // Closing leaves a running scan to finish in main; a finished one is forgotten here.
      set({ isOpen: false, error: null, status: running ? get().status : null });
    },
    setGitHistory: (gitHistory) => set({ gitHistory }),
    /** Back to the start: choose another folder. */
    again: () => set({ status: null, error: null }),
    async start() {
      set({ isAsking: true, error: null });
      try {
        const answer = await call('host.scanFolder', { gitHistory: get().gitHistory });
        if (answer.status === 'started') follow(answer.scan);
      } catch (error) {
        set({ error });
      } finally {
        set({ isAsking: false });
      }
    },
    async importUnknown(items) {
      const answer = await call('scan.importUnknown', { items });
      set({ status: answer.scan });
      // The new keys are listed, and their findings raise an act-now alert, before their detail can open.
      await useKeys
        .getState()
        .load()
        .then(() => useAlerts.getState().load())
        .catch(() => undefined);
      return answer.outcomes;
    },
    async cancel() {
      stopPolling();
      try {
        set({ status: await call('scan.cancel', {}) });
      } catch (error) {
        set({ error });
      }
    },
  };
});

export const resetScan = () => {
  stopPolling();
  useScan.setState(initial);
};
