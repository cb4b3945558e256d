// Alerts computed by the core over the inventory: what needs attention.
import { create } from 'zustand';
import type { Alert } from '../../../src-main/contract/alerts';
import { call } from '../api/client';

type AlertsState = {
  alerts: Alert[];
  load: () => Promise<void>;
  /** Hides an alert until `until` (YYYY-MM-DD); it comes back then if it still stands. */
  snooze: (alertId: string, until: string) => Promise<void>;
  /** Hides an alert until it changes (a closer threshold gives it a new id). */
  acknowledge: (alertId: string) => Promise<void>;
};

const initial = { alerts: [] as Alert[] };

export const useAlerts = create<AlertsState>()((set, get) => ({
  ...initial,
  async load() {
    const { alerts } = await call('alerts.list', {});
    set({ alerts });
  },
  async snooze(alertId, until) {
    await call('alerts.snooze', { alertId, until });
    await get().load();
  },
  async acknowledge(alertId) {
    await call('alerts.acknowledge', { alertId });
    await get().load();
  },
}));

export const resetAlerts = () => useAlerts.setState(initial);
