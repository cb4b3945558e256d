// File → Export inventory…: the inventory WITHOUT secrets as an HTML report (for auditors,
// the default), Keyward JSON, CSV or Markdown. The host checks the master password typed
// again, shows the native save dialog and writes the file (0600); this dialog never sees a path
// it did not get back from the host. A plaintext export of secrets is not offered here.
import { plural } from '../../api/messages';
import { useCallback, useState } from 'react';
import type { AppExportFormat } from '../../../../src-main/contract/transfer';
import { call } from '../../api/client';
import { Icon } from '../../components/Icon';
import { useUi } from '../../stores/ui.store';
import { ReauthDialog, useReauthCall } from './reauth';

const FORMATS: { format: AppExportFormat; label: string; use: string }[] = [
  {
    format: 'html',
    label: 'HTML report',
    use: 'For auditors: one page with the summary, the expiry chart, alerts and every key. Opens offline in any browser.',
  },
  {
    format: 'json',
    label: 'Keyward JSON',
    use: 'Read back exactly by File → Open inventory, here or on another machine; for scripts and other tools.',
  },
  { format: 'csv', label: 'CSV', use: 'For spreadsheets: one row per key, safe against formula injection.' },
  {
    format: 'md',
    label: 'Markdown',
    use: 'For a wiki page or a ticket: summary, expiry timeline, alerts and the table.',
  },
];

export function ExportDialog() {
  const setTransfer = useUi((s) => s.setTransfer);
  const notify = useUi((s) => s.notify);
  const [format, setFormat] = useState<AppExportFormat>('html');
  const send = useCallback(
    async (password: string) => {
      const r = await call('host.exportInventory', { format, password });
      if (r.status === 'saved')
        notify({ tone: 'success', title: `Exported ${plural(r.keys, 'key')} to ${r.fileName}` });
      return r;
    },
    [format, notify],
  );
  const reauth = useReauthCall(send);
  const isBusy = reauth.isBusy;

  return (
    <ReauthDialog
      title="Export inventory"
      id="export-dialog"
      width="wide"
      submitLabel="Choose file and export…"
      busyLabel="Checking the password…"
      help="Exports need it even while the vault is unlocked. Keyward checks it, then asks where to save."
      reauth={reauth}
      onClose={() => setTransfer(null)}
      before={
        <>
          <p className="muted">
            What Keyward knows about every key: platform, account, owner, expiry, deployments, verification and alerts.
          </p>
          <fieldset className="transfer-formats">
            <legend>Format</legend>
            {FORMATS.map((f) => (
              <label key={f.format} className={`transfer-format${format === f.format ? ' on' : ''}`}>
                <input
                  type="radio"
                  name="export-format"
                  value={f.format}
                  checked={format === f.format}
                  onChange={() => setFormat(f.format)}
                  disabled={isBusy}
                />
                <span>
                  <strong>{f.label}</strong>
                  <span className="muted small">{f.use}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <p className="transfer-promise">
            <Icon name="shield" /> No secret and no part of one is in this file: not the key, not its hint.
          </p>
        </>
      }
      saved={(r) => (
        <span className="small">
          {r.keys.toLocaleString('en')} {r.keys === 1 ? 'key' : 'keys'}, no secrets
          {r.damaged > 0 ? `; ${r.damaged} damaged records could not be read and are not in it` : ''}.
        </span>
      )}
      after={
        <details className="transfer-more">
          <summary>Need the secrets too?</summary>
          <p className="small">
            To keep everything, secrets included, back up the vault: the backup is one file sealed with your master
            password.{' '}
            <button type="button" className="button small" onClick={() => setTransfer('backup')} disabled={isBusy}>
              Back up vault…
            </button>
          </p>
          <p className="small muted">
            A plaintext export of the secrets is deliberately not in the app. To move every key to another vault, use
            Back up vault above; Keyward’s command-line tool can write the secrets in clear, behind a warning and the
            password typed again (docs/EXPORT-FORMATS.md).
          </p>
        </details>
      }
    />
  );
}
