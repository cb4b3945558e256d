// The interface's top level: which screen the vault's state calls for.
import { useEffect, useState } from 'react';
import { messageOf } from './api/client';
import { Toasts } from './components/Toasts';
import { InventoryFileView } from './features/inventory-file/InventoryFileView';
import { useOpenInventory } from './features/inventory-file/OpenInventoryButton';
import { TransferDialogs } from './features/export/TransferDialogs';
import { CreateVaultScreen } from './features/onboarding/CreateVaultScreen';
import { AppShell } from './features/shell/AppShell';
import { UnlockScreen } from './features/unlock/UnlockScreen';
import { useTheme } from './lib/use-theme';
import { useInventoryFile } from './stores/inventory-file.store';
import { usePrefs } from './stores/prefs.store';
import { useScan } from './stores/scan.store';
import { useSession } from './stores/session.store';
import { useUi } from './stores/ui.store';

export function App() {
  const phase = useSession((s) => s.phase);
  const refresh = useSession((s) => s.refresh);
  const loadPrefs = usePrefs((s) => s.load);
  const theme = usePrefs((s) => s.prefs.theme);
  const [bootError, setBootError] = useState<unknown>(null);
  const opened = useInventoryFile((s) => s.opened);
  const openInventory = useOpenInventory();
  useTheme(theme);

  // The desktop shell's File menu: Open inventory…, Export inventory…, Back up vault…, Scan a folder for keys….
  useEffect(() => {
    window.keyward.onCommand?.((command) => {
      if (command === 'open-inventory') return openInventory();
      const ui = useUi.getState();
      if (useSession.getState().phase !== 'unlocked')
        return ui.notify({
          tone: 'error',
          title:
            command === 'scan-folder'
              ? 'Unlock the vault first: a scan compares the folder with the keys it holds.'
              : 'Unlock the vault first: exports and backups read it.',
        });
      if (command === 'scan-folder') return useScan.getState().open();
      ui.setTransfer(command === 'backup-vault' ? 'backup' : 'export');
    });
  }, [openInventory]);

  useEffect(() => {
    Promise.all([loadPrefs(), refresh()]).catch(setBootError);
  }, [loadPrefs, refresh]);

  if (bootError) {
    return (
      <main className="gate">
        <div className="gate-card" role="alert">
          <h1>Keyward cannot open its vault</h1>
          <p>{messageOf(bootError)}</p>
          <p className="muted">Restart Keyward. If this keeps happening, check that the vault folder is readable.</p>
        </div>
      </main>
    );
  }
  return (
    <>
      {opened ? (
        <InventoryFileView view={opened} />
      ) : phase === 'loading' ? (
        <main className="gate" aria-busy="true" />
      ) : phase === 'first-run' ? (
        <CreateVaultScreen />
      ) : phase === 'locked' ? (
        <UnlockScreen />
      ) : (
        <AppShell />
      )}
      {phase === 'unlocked' ? <TransferDialogs /> : null}
      <Toasts />
    </>
  );
}
