// File → Back up vault…: the whole vault (every key with its secret, history, alerts and
// settings) as one file sealed with the master password (docs/BACKUP-FORMAT.md). The host
// checks the password typed again, shows the native save dialog and writes the file.
// Restoring is the CLI's (`keyward restore FILE`): a restore replaces the open vault.
import { useCallback } from 'react';
import { call } from '../../api/client';
import { useUi } from '../../stores/ui.store';
import { ReauthDialog, useReauthCall } from './reauth';

export function BackupDialog() {
  const setTransfer = useUi((s) => s.setTransfer);
  const notify = useUi((s) => s.notify);
  const send = useCallback(
    async (password: string) => {
      const r = await call('host.backupVault', { password });
      if (r.status === 'saved') notify({ tone: 'success', title: `Backed up the vault to ${r.fileName}` });
      return r;
    },
    [notify],
  );
  const reauth = useReauthCall(send);

  return (
    <ReauthDialog
      title="Back up vault"
      id="backup-dialog"
      submitLabel="Choose file and back up…"
      busyLabel="Backing up…"
      help="A backup needs it even while the vault is unlocked: it seals the file. Keyward checks it first."
      reauth={reauth}
      onClose={() => setTransfer(null)}
      before={
        <p className="muted">
          One encrypted file with the whole vault: every key and its secret, history, alerts and settings. It is sealed
          with the master password the vault has now; changing the password later does not change this backup.
        </p>
      }
      busy={
        <p className="transfer-busy" role="status">
          <span className="spinner" aria-hidden="true" /> Checking the password, then sealing the backup (a few
          seconds)…
        </p>
      }
      saved={() => <span className="small">Sealed with the master password; it holds every secret, encrypted.</span>}
      after={
        <p className="small muted transfer-restore">
          The app does not restore: a restore replaces the open vault, so it is done with Keyward closed, from Keyward’s
          command-line tool, whose restore help says how (and how to check a backup without restoring it).
        </p>
      }
    />
  );
}
