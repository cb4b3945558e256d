// What the export and backup dialogs share: their frame, the master password typed again, sent to the
// host once with the one call that needs it, and the line naming the file written.
// SECURITY: the password lives in this component's state only until it is sent, then the
// field is emptied; it never enters a store. The host checks it, not this code (I-5).
import { useCallback, useState, type FormEvent, type ReactNode } from 'react';
import type { SavedFile } from '../../../../src-main/contract/transfer';
import { UiError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { MasterPasswordField } from '../../components/MasterPasswordField';

/** Bytes as people read them: 812 bytes, 12.4 KB, 3.1 MB. */
export function formatBytes(n: number): string {
  if (n < 1000) return `${n} ${n === 1 ? 'byte' : 'bytes'}`;
  if (n < 1_000_000) return `${(n / 1000).toFixed(1)} KB`;
  return `${(n / 1_000_000).toFixed(1)} MB`;
}

/**
 * Runs `send(password)` on submit with the password typed, after emptying the field: a
 * retry (wrong password, a cancelled save dialog) means typing it again.
 */
export function useReauthCall<T>(send: (password: string) => Promise<T>) {
  const [password, setPassword] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<T | null>(null);
  const submit = useCallback(
    async (e?: FormEvent) => {
      e?.preventDefault();
      if (!password || isBusy) return;
      const typed = password;
      setPassword('');
      setBusy(true);
      setError(null);
      setResult(null);
      try {
        setResult(await send(typed));
      } catch (err) {
        setError(err);
      } finally {
        setBusy(false);
      }
    },
    [password, isBusy, send],
  );
  const isWrong = error instanceof UiError && (error.code === 'WRONG_PASSWORD' || error.code === 'REAUTH_REQUIRED');
  return { password, setPassword, isBusy, error, result, submit, isWrong };
}

function ReauthField({
  value,
  onChange,
  isBusy,
  isWrong,
  help,
}: {
  value: string;
  onChange: (v: string) => void;
  isBusy: boolean;
  isWrong: boolean;
  help: string;
}) {
  return (
    <MasterPasswordField
      label="Master password, typed again"
      value={value}
      onChange={onChange}
      isWrong={isWrong}
      isBusy={isBusy}
      describedBy="reauth-help"
    >
      <small id="reauth-help" className="muted small">
        {help}
      </small>
    </MasterPasswordField>
  );
}

type Outcome = SavedFile | { status: 'cancelled' };

/** The result line: which file, how large, where; or that nothing was written. */
function OutcomeLine({ outcome, children }: { outcome: Outcome | null; children?: ReactNode }) {
  if (outcome === null) return null;
  if (outcome.status === 'cancelled')
    return (
      <p className="muted small" role="status">
        No file was chosen, so nothing was written.
      </p>
    );
  return (
    <div className="transfer-saved" role="status" data-testid="transfer-saved">
      <strong>
        Saved {outcome.fileName} ({formatBytes(outcome.bytes)})
      </strong>
      <span className="muted small" title={outcome.folder}>
        in {outcome.folder}
      </span>
      {children}
    </div>
  );
}

/**
 * The frame of both dialogs: a form whose submit sends the password typed again, the
 * busy state, the error and the outcome. `before` goes above the password, `after` below.
 */
export function ReauthDialog<T extends Outcome>({
  title,
  id,
  submitLabel,
  busyLabel,
  help,
  reauth,
  onClose,
  width,
  before,
  busy,
  saved,
  after,
}: {
  title: string;
  id: string;
  submitLabel: string;
  busyLabel: string;
  help: string;
  reauth: ReturnType<typeof useReauthCall<T>>;
  onClose: () => void;
  width?: 'narrow' | 'wide';
  before: ReactNode;
  busy?: ReactNode;
  saved?: (result: Extract<T, { status: 'saved' }>) => ReactNode;
  after?: ReactNode;
}) {
  const { password, setPassword, isBusy, error, result, submit, isWrong } = reauth;
  return (
    <Dialog
      title={title}
      onClose={isBusy ? () => undefined : onClose}
      width={width}
      footer={
        <>
          <button type="button" className="button" onClick={onClose} disabled={isBusy}>
            {result?.status === 'saved' ? 'Close' : 'Cancel'}
          </button>
          <button type="submit" form={id} className="button primary" disabled={!password || isBusy}>
            {isBusy ? busyLabel : submitLabel}
          </button>
        </>
      }
    >
      <form id={id} className="transfer" onSubmit={(e) => void submit(e)} data-testid={id}>
        {before}
        <ReauthField value={password} onChange={setPassword} isBusy={isBusy} isWrong={isWrong} help={help} />
        {isBusy ? busy : null}
        <ErrorNote error={error} />
        <OutcomeLine outcome={result}>
          {result?.status === 'saved' ? saved?.(result as Extract<T, { status: 'saved' }>) : null}
        </OutcomeLine>
        {after}
      </form>
    </Dialog>
  );
}
