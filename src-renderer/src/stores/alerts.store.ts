// Alerts computed by the core over the inventory: what needs attention.
import { create } from 'zustand';
import type { Alert } from '../../../src-main/core/alerts/alert.types';
import { call } from '../api/client';

type AlertsState = {
  alerts: Alert[];
  load: () => Promise<void>;
};

const initial = { alerts: [] as Alert[] };

export const useAlerts = create<AlertsState>()((set) => ({
  ...initial,
  async load() {
    const { alerts } = await call('alerts.list', {});
    set({ alerts });
  },
}));

export const resetAlerts = () => useAlerts.setState(initial);
