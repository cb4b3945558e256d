// The secret of one key: its hint by default; the value only after an explicit
// reveal, held in this component's state (never a store) and hidden again after 30 s.
// Copy happens in the host, which writes the clipboard and clears it later.
import { useEffect, useState } from 'react';
import { call, messageOf, nextStep } from '../../api/client';
import { Icon } from '../../components/Icon';
import { useKeys } from '../../stores/keys.store';
import { useUi } from '../../stores/ui.store';

export const REVEAL_SECONDS = 30;

export function SecretField({ id, hint }: { id: string; hint: string }) {
  const notify = useUi((s) => s.notify);
  const reload = useKeys((s) => s.reload);
  const [shown, setShown] = useState<{ value: string; instanceId?: string } | null>(null);
  const [secondsLeft, setSecondsLeft] = useState(0);

  // SECURITY: the plaintext lives here only, and goes when the countdown ends or the
  // panel closes (the panel mounts one SecretField per key).
  useEffect(() => {
    if (!shown) return undefined;
    const started = Date.now();
    setSecondsLeft(REVEAL_SECONDS);
    const tick = window.setInterval(() => {
      const left = REVEAL_SECONDS - Math.floor((Date.now() - started) / 1000);
      if (left <= 0) setShown(null);
      else setSecondsLeft(left);
    }, 250);
    return () => window.clearInterval(tick);
  }, [shown]);

  async function reveal() {
    try {
      setShown(await call('keys.reveal', { id }));
      await reload(id);
    } catch (e) {
      notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) });
    }
  }

  async function copy() {
    try {
      const { clearsInSeconds } = await call('host.copySecret', { id });
      notify({
        tone: 'success',
        title: 'Copied to the clipboard',
        detail: `Keyward clears it in ${clearsInSeconds} s if it still holds this key.`,
      });
      await reload(id);
    } catch (e) {
      notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) });
    }
  }

  return (
    <div className="secret">
      <div className="secret-value" data-testid="secret-value">
        {shown ? (
          <>
            {shown.instanceId ? <span className="secret-instance">instance {shown.instanceId}</span> : null}
            <code className="revealed">{shown.value}</code>
          </>
        ) : (
          <code className="masked" aria-label={`Hidden secret, hint ${hint}`}>
            •••••••••••• <span>{hint}</span>
          </code>
        )}
      </div>
      <div className="secret-actions">
        {shown ? (
          <button type="button" className="button small" onClick={() => setShown(null)}>
            <Icon name="eyeOff" /> Hide{' '}
            <span className="countdown" aria-label={`hides in ${secondsLeft} seconds`}>
              {secondsLeft}s
            </span>
          </button>
        ) : (
          <button type="button" className="button small" onClick={() => void reveal()}>
            <Icon name="eye" /> Reveal
          </button>
        )}
        <button type="button" className="button small" onClick={() => void copy()}>
          <Icon name="copy" /> Copy
        </button>
      </div>
      {shown ? (
        <div className="reveal-timer" aria-hidden="true">
          <span style={{ width: `${(secondsLeft / REVEAL_SECONDS) * 100}%` }} />
        </div>
      ) : null}
    </div>
  );
}
