// File → Back up vault…: the whole vault (every key with its secret, history, alerts and
// settings) as one file sealed with the master password (docs/BACKUP-FORMAT.md). The host
// checks the password typed again, shows the native save dialog and writes the file.
// Restoring is the CLI's (`keyward restore FILE`): a restore replaces the open vault.
import { useCallback } from 'react';
import { call } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useUi } from '../../stores/ui.store';
import { ReauthField, SavedLine, useReauthCall } from './reauth';

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
  const { password, setPassword, isBusy, error, result, submit, isWrong } = useReauthCall(send);
  const close = () => setTransfer(null);

  return (
    <Dialog
      title="Back up vault"
      onClose={isBusy ? () => undefined : close}
      footer={
        <>
          <button type="button" className="button" onClick={close} disabled={isBusy}>
            {result?.status === 'saved' ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" form="backup-form" className="button primary" disabled={!password || isBusy}>
            {isBusy ? 'Backing up…' : 'Choose file and back up…'}
          </button>
        </>
      }
    >
      <form id="backup-form" className="transfer" onSubmit={(e) => void submit(e)} data-testid="backup-dialog">
        <p className="muted">
          One encrypted file with the whole vault: every key and its secret, history, alerts and settings. It is sealed
          with the master password the vault has now; changing the password later does not change this backup.
        </p>
        <ReauthField
          value={password}
          onChange={setPassword}
          isBusy={isBusy}
          isWrong={isWrong}
          help="A backup needs it even while the vault is unlocked: it seals the file. Keyward checks it first."
        />
        {isBusy ? (
          <p className="transfer-busy" role="status">
            <span className="spinner" aria-hidden="true" /> Checking the password, then sealing the backup (a few
            seconds)…
          </p>
        ) : null}
        <ErrorNote error={error} />
        {result?.status === 'saved' ? (
          <SavedLine saved={result}>
            <span className="small">Sealed with the master password; it holds every secret, encrypted.</span>
          </SavedLine>
        ) : result?.status === 'cancelled' ? (
          <p className="muted small" role="status">
            No file was chosen, so nothing was written.
          </p>
        ) : null}
        <p className="small muted transfer-restore">
          To restore, close Keyward and run <code>keyward restore FILE</code> (with <code>--verify</code> it only checks
          the backup and writes nothing). The app does not restore: a restore replaces the open vault.
        </p>
      </form>
    </Dialog>
  );
}
