// Change the master password, from the unlock screen (the vault must be locked). When the
// old password may have leaked, the vault key is rotated too (on by default then), through
// the same core call as `keyward passwd --rotate-vault-key`. SECURITY: passwords stay in
// this component's state and are cleared once sent.
import { useRef, useState, type FormEvent } from 'react';
import { call, UiError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorNote, FieldError, fieldErrorId, useSelectFieldInError } from '../../components/ErrorNote';
import { MasterPasswordField } from '../../components/MasterPasswordField';
import { useUi } from '../../stores/ui.store';

const FORM = 'change-password';

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const notify = useUi((s) => s.notify);
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [mayHaveLeaked, setLeaked] = useState(false);
  const [rotateVaultKey, setRotate] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const isMismatch = repeat.length > 0 && repeat !== newPassword;
  const oldRef = useRef<HTMLInputElement>(null);
  const newRef = useRef<HTMLInputElement>(null);
  // A wrong current password is said under it; a refused new one under the new one. Either way focus goes
  // back to that field with its text selected, so retyping replaces it.
  const at =
    error instanceof UiError
      ? error.code === 'WRONG_PASSWORD'
        ? 'oldPassword'
        : error.subject === 'newPassword'
          ? 'newPassword'
          : undefined
      : undefined;
  useSelectFieldInError(at === 'oldPassword' ? oldRef : at === 'newPassword' ? newRef : null, error, !isBusy);
  const canChange = oldPassword.length > 0 && newPassword.length > 0 && repeat === newPassword && !isBusy;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!canChange) return;
    setBusy(true);
    setError(null);
    try {
      const r = await call('vault.changePassword', { oldPassword, newPassword, rotateVaultKey });
      notify({
        tone: 'success',
        title: 'Master password changed.',
        detail: r.rotated
          ? 'The vault key was rotated: an old copy of the vault with the old password opens nothing added from now on.'
          : 'An old copy of the vault still opens with the old password.',
      });
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog title="Change the master password" onClose={onClose}>
      <form className="change-password-form" onSubmit={(e) => void submit(e)}>
        <MasterPasswordField
          label="Current master password"
          value={oldPassword}
          onChange={(v) => {
            setOld(v);
            if (at === 'oldPassword') setError(null); // what was said is about the text that was there
          }}
          isBusy={isBusy}
          isWrong={at === 'oldPassword'}
          inputRef={oldRef}
          describedBy={at === 'oldPassword' ? fieldErrorId(FORM, 'oldPassword') : undefined}
        />
        <FieldError error={error} form={FORM} field="oldPassword" at={at} />
        <label className="field">
          <span>New master password</span>
          <input
            ref={newRef}
            type="password"
            autoComplete="new-password"
            value={newPassword}
            onChange={(e) => {
              setNew(e.target.value);
              if (at === 'newPassword') setError(null);
            }}
            aria-invalid={at === 'newPassword'}
            aria-describedby={at === 'newPassword' ? fieldErrorId(FORM, 'newPassword') : undefined}
            disabled={isBusy}
          />
        </label>
        <FieldError error={error} form={FORM} field="newPassword" at={at} />
        <label className="field">
          <span>Repeat the new password</span>
          <input
            type="password"
            autoComplete="new-password"
            value={repeat}
            onChange={(e) => setRepeat(e.target.value)}
            aria-invalid={isMismatch}
            disabled={isBusy}
          />
          {isMismatch ? <small className="field-error">The passwords do not match.</small> : null}
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={mayHaveLeaked}
            onChange={(e) => {
              setLeaked(e.target.checked);
              if (e.target.checked) setRotate(true);
            }}
            disabled={isBusy}
          />
          <span>The old password may have leaked</span>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={rotateVaultKey}
            onChange={(e) => setRotate(e.target.checked)}
            disabled={isBusy}
          />
          <span>
            Rotate the vault key: re-encrypt every record under a new key, so an old copy of the vault with the old
            password opens nothing added later
          </span>
        </label>
        {at === undefined ? <ErrorNote error={error} /> : null}
        <div className="form-actions">
          <button type="submit" className="button primary block" disabled={!canChange}>
            {isBusy ? (rotateVaultKey ? 'Re-encrypting the vault…' : 'Changing…') : 'Change password'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
