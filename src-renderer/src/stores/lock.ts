// The one place that clears every store when the vault locks. The page then reloads,
// so nothing the renderer held survives in its memory either (I-4).
import { call, whenVaultLocked } from '../api/client';
import { resetAlerts } from './alerts.store';
import { resetAuthor } from './author.store';
import { resetInventoryFile } from './inventory-file.store';
import { resetChecklists } from './checklists.store';
import { resetKeys } from './keys.store';
import { resetScan } from './scan.store';
import { resetSession } from './session.store';
import { resetUi } from './ui.store';

export function clearAllStores(): void {
  resetKeys();
  resetAlerts();
  resetChecklists();
  resetAuthor();
  resetUi();
  resetScan();
  resetInventoryFile();
  resetSession();
}

export async function lockVault(): Promise<void> {
  try {
    await call('vault.lock', {});
  } finally {
    clearAllStores();
    window.location.reload();
  }
}

whenVaultLocked(() => {
  clearAllStores();
  window.location.reload();
});
