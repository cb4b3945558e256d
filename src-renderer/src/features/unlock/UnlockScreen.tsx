// The unlock screen. After repeated wrong passwords the host makes each attempt wait
// longer (1, 2, 4 … 30 s); the screen says so and shows that it is waiting.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { UiError } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { OpenInventoryButton } from '../inventory-file/OpenInventoryButton';
import { useSession } from '../../stores/session.store';
import { MasterPasswordField } from '../../components/MasterPasswordField';
import { ChangePasswordDialog } from './ChangePasswordDialog';

export function UnlockScreen() {
  const unlock = useSession((s) => s.unlock);
  const failures = useSession((s) => s.failedUnlocks);
  const path = useSession((s) => s.status?.path ?? '');
  const [password, setPassword] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [isChanging, setChanging] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  // After a failed attempt the field is enabled again with focus in it and the wrong password selected, so that
  // typing replaces it.
  useEffect(() => {
    if (!error || isBusy) return;
    field.current?.focus();
    field.current?.select();
  }, [error, isBusy]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!password || isBusy) return;
    setBusy(true);
    setError(null);
    try {
      await unlock(password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  const isWrong = error instanceof UiError && error.code === 'WRONG_PASSWORD';
  return (
    <main className="gate">
      <form className="gate-card" onSubmit={(e) => void submit(e)} aria-labelledby="unlock-title">
        <div className="brand-mark" aria-hidden="true">
          <Icon name="lock" size={22} />
        </div>
        <h1 id="unlock-title">Unlock Keyward</h1>
        <p className="lead">Enter your master password to open the vault.</p>
        <MasterPasswordField
          value={password}
          onChange={setPassword}
          isWrong={isWrong}
          isBusy={isBusy}
          inputRef={field}
        />
        <ErrorNote error={error} />
        {failures >= 5 && isBusy ? (
          <p className="muted small">Too many wrong attempts: Keyward waits before checking this one.</p>
        ) : null}
        <button type="submit" className="button primary block" disabled={!password || isBusy}>
          {isBusy ? 'Checking…' : 'Unlock'}
        </button>
        <p className="vault-path" title={path}>
          {path}
        </p>
        <OpenInventoryButton />
        <button type="button" className="button ghost block" onClick={() => setChanging(true)} disabled={isBusy}>
          Change the master password…
        </button>
      </form>
      {isChanging ? <ChangePasswordDialog onClose={() => setChanging(false)} /> : null}
    </main>
  );
}
