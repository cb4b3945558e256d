// Alerts computed by the core over the inventory, and the keys they put in each attention
// state (counted by the core's one function: the badge, the Alerts heading and the tray agree).
import { create } from 'zustand';
import type { Alert } from '../../../src-main/contract/alerts';
import type { AttentionSummary } from '../../../src-main/contract/attention';
import { call } from '../api/client';
import { useKeys } from './keys.store';

type AlertsState = {
  alerts: Alert[];
  /** Keys per state; `needsAction` = act now + due soon. Null until loaded. */
  counts: AttentionSummary | null;
  load: () => Promise<void>;
  /** Hides an alert until `until` (YYYY-MM-DD); it comes back then if it still stands. */
  snooze: (alertId: string, until: string) => Promise<void>;
  /** Hides an alert until it changes (a closer threshold gives it a new id). */
  acknowledge: (alertId: string) => Promise<void>;
  /**
   * Snoozes (for `days`) or acknowledges every reason of these keys at once; their states follow.
   * Answers the ids skipped because the key no longer exists. The lists are reloaded even on an error.
   */
  bulkKeys: (keyIds: string[], op: 'snooze' | 'acknowledge', days?: number) => Promise<string[]>;
};

const initial = { alerts: [] as Alert[], counts: null as AttentionSummary | null };

export const useAlerts = create<AlertsState>()((set, get) => ({
  ...initial,
  async load() {
    const [{ alerts }, counts] = await Promise.all([call('alerts.list', {}), call('alerts.attention', {})]);
    set({ alerts, counts });
  },
  async snooze(alertId, until) {
    await call('alerts.snooze', { alertId, until });
    await Promise.all([get().load(), useKeys.getState().load()]);
  },
  async acknowledge(alertId) {
    await call('alerts.acknowledge', { alertId });
    await Promise.all([get().load(), useKeys.getState().load()]);
  },
  async bulkKeys(keyIds, op, days) {
    if (keyIds.length === 0) return [];
    try {
      const { skipped } = await call('alerts.bulk', {
        ids: keyIds,
        of: 'keys',
        op,
        ...(days === undefined ? {} : { days }),
      });
      return skipped;
    } finally {
      await Promise.all([get().load(), useKeys.getState().load()]);
    }
  },
}));

export const resetAlerts = () => useAlerts.setState(initial);
