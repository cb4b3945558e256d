// The setting that lets the command line use the app's unlocked vault (docs/AGENT.md). Turning it
// on asks for the master password again: the app never keeps it, it hands it to the agent.
// SECURITY: the password lives in this form's state only until the call answers.
import { useEffect, useState, type FormEvent } from 'react';
import type { CliAgentStatus } from '../../../../src-main/contract/outputs';
import { call, messageOf } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { MasterPasswordField } from '../../components/MasterPasswordField';
import { useUi } from '../../stores/ui.store';

export function CommandLineCard() {
  const notify = useUi((s) => s.notify);
  const [status, setStatus] = useState<CliAgentStatus | null>(null);
  const [isAsking, setAsking] = useState(false);
  const [password, setPassword] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    call('host.cliAgent', {}).then(setStatus, setError);
  }, []);

  async function turnOn(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setStatus(await call('host.setCliAgent', { on: true, password }));
      setAsking(false);
      notify({ tone: 'success', title: 'The command line can use this unlocked vault' });
    } catch (err) {
      setError(err);
    } finally {
      setPassword('');
      setBusy(false);
    }
  }

  async function turnOff() {
    setError(null);
    try {
      setStatus(await call('host.setCliAgent', { on: false }));
      notify({ tone: 'success', title: 'The command line’s session is locked' });
    } catch (err) {
      setError(err);
      notify({ tone: 'error', title: messageOf(err) });
    }
  }

  const isOn = status?.on === true;
  return (
    <section className="card" aria-labelledby="cli-agent-title">
      <h2 id="cli-agent-title">Command line</h2>
      <div className="setting">
        <div>
          <h3 id="cli-agent-name">Let the command line use this unlocked vault</h3>
          <p className="muted" id="cli-agent-help">
            While Keyward is unlocked, the <code>keyward</code> command line works without asking for the password
            (commands that replace the vault or its password, back it up or rotate a key still ask). Any program running
            as you can then read your keys, as with ssh-agent. It locks when Keyward locks or quits.
          </p>
          {status && !status.available ? <p className="muted">{status.unavailableReason}</p> : null}
          {isOn ? (
            <p className="muted" role="status">
              {status.running
                ? 'On: the command line is using this session.'
                : `On: it starts at the next unlock.${status.problem ? ` Last time: ${status.problem}` : ''}`}
            </p>
          ) : null}
        </div>
        <div className="setting-control">
          <label className="check">
            <input
              type="checkbox"
              checked={isOn || isAsking}
              disabled={status === null || !status.available || isBusy}
              aria-labelledby="cli-agent-name"
              aria-describedby="cli-agent-help"
              onChange={(e) => {
                if (e.target.checked) setAsking(true);
                else if (isAsking) setAsking(false);
                else void turnOff();
              }}
            />
            <span aria-hidden="true">Allow</span>
          </label>
        </div>
      </div>
      {isAsking && !isOn ? (
        <form onSubmit={(e) => void turnOn(e)} aria-label="Turn on the command line’s session">
          <MasterPasswordField value={password} onChange={setPassword} isBusy={isBusy} isWrong={error !== null}>
            <small className="muted">Asked again to hand to the command line; Keyward does not keep it.</small>
          </MasterPasswordField>
          <div className="form-actions">
            <button type="button" className="button" onClick={() => setAsking(false)} disabled={isBusy}>
              Cancel
            </button>
            <button type="submit" className="button primary" disabled={isBusy || password === ''}>
              {isBusy ? 'Turning on…' : 'Turn on'}
            </button>
          </div>
        </form>
      ) : null}
      <ErrorNote error={error} />
    </section>
  );
}
