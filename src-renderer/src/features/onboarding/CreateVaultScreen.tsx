// First run: choose the master password. It cannot be recovered, and the screen says so
// plainly before the vault is created.
import { useState, type FormEvent } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { OpenInventoryButton } from '../inventory-file/OpenInventoryButton';
import { Icon } from '../../components/Icon';
import { useSession } from '../../stores/session.store';
import { MIN_LENGTH, MIN_SCORE, passwordStrength } from './strength';
import { MasterPasswordField } from '../../components/MasterPasswordField';

export function CreateVaultScreen() {
  const create = useSession((s) => s.create);
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [isUnderstood, setUnderstood] = useState(false);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const strength = passwordStrength(password);
  const isMismatch = confirm.length > 0 && confirm !== password;
  const canCreate =
    strength.score >= MIN_SCORE && password.length >= MIN_LENGTH && confirm === password && isUnderstood && !isBusy;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!canCreate) return;
    setBusy(true);
    setError(null);
    try {
      await create(password);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main className="gate">
      <form className="gate-card" onSubmit={(e) => void submit(e)} aria-labelledby="create-title">
        <div className="brand-mark" aria-hidden="true">
          <Icon name="shield" size={22} />
        </div>
        <h1 id="create-title">Create your Keyward vault</h1>
        <p className="lead">
          Your API keys are encrypted on this computer with a master password. Keyward never sends it anywhere.
        </p>

        <MasterPasswordField value={password} onChange={setPassword} isNew describedBy="strength-hint" />
        <div className={`strength strength-${strength.score}`} aria-live="polite">
          <div
            className="strength-bar"
            role="meter"
            aria-label="Password strength"
            aria-valuemin={0}
            aria-valuemax={4}
            aria-valuenow={strength.score}
            aria-valuetext={strength.label}
          >
            {[0, 1, 2, 3].map((i) => (
              <span key={i} className={i < strength.score ? 'on' : ''} />
            ))}
          </div>
          <div className="strength-text">
            <strong>{password ? strength.label : 'Strength'}</strong>
            <span id="strength-hint">{strength.hint}</span>
          </div>
        </div>

        <label className="field">
          <span>Repeat the password</span>
          <input
            type="password"
            autoComplete="new-password"
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            aria-invalid={isMismatch}
          />
          {isMismatch ? <small className="field-error">The passwords do not match.</small> : null}
        </label>

        <div className="warning-box">
          <Icon name="alert" size={18} />
          <div>
            <strong>There is no way to recover a forgotten master password.</strong>
            <p>Not by us, not by anyone: without it the vault cannot be decrypted. Store it in a safe place.</p>
          </div>
        </div>
        <label className="check">
          <input type="checkbox" checked={isUnderstood} onChange={(e) => setUnderstood(e.target.checked)} />
          <span>I understand that Keyward cannot recover this password.</span>
        </label>

        <ErrorNote error={error} />
        <button type="submit" className="button primary block" disabled={!canCreate}>
          {isBusy ? 'Creating the vault…' : 'Create vault'}
        </button>
        <OpenInventoryButton />
      </form>
    </main>
  );
}
