// Test builds of the page (the e2e bridge sets __KEYWARD_TEST__ before the app loads)
// can read every store's state, to prove that no secret ever enters one. The preload
// never sets the flag, so the desktop app exposes nothing.
import { useAlerts } from './alerts.store';
import { useInventoryFile } from './inventory-file.store';
import { useChecklists } from './checklists.store';
import { useKeys } from './keys.store';
import { usePrefs } from './prefs.store';
import { useScan } from './scan.store';
import { useSession } from './session.store';
import { useUi } from './ui.store';

type TestWindow = Window & { __KEYWARD_TEST__?: boolean; __keywardStores?: () => Record<string, unknown> };

export function exposeStoresForTests(): void {
  const w = window as TestWindow;
  if (w.__KEYWARD_TEST__ !== true) return;
  w.__keywardStores = () => ({
    session: useSession.getState(),
    keys: useKeys.getState(),
    alerts: useAlerts.getState(),
    checklists: useChecklists.getState(),
    prefs: usePrefs.getState(),
    ui: useUi.getState(),
    inventoryFile: useInventoryFile.getState(),
    scan: useScan.getState(),
  });
}
