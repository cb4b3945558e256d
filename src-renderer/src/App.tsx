// The interface's top level: which screen the vault's state calls for.
import { useEffect, useState } from 'react';
import { messageOf } from './api/client';
import { Toasts } from './components/Toasts';
import { CreateVaultScreen } from './features/onboarding/CreateVaultScreen';
import { AppShell } from './features/shell/AppShell';
import { UnlockScreen } from './features/unlock/UnlockScreen';
import { useTheme } from './lib/use-theme';
import { usePrefs } from './stores/prefs.store';
import { useSession } from './stores/session.store';

export function App() {
  const phase = useSession((s) => s.phase);
  const refresh = useSession((s) => s.refresh);
  const loadPrefs = usePrefs((s) => s.load);
  const theme = usePrefs((s) => s.prefs.theme);
  const [bootError, setBootError] = useState<unknown>(null);
  useTheme(theme);

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
      {phase === 'loading' ? (
        <main className="gate" aria-busy="true" />
      ) : phase === 'first-run' ? (
        <CreateVaultScreen />
      ) : phase === 'locked' ? (
        <UnlockScreen />
      ) : (
        <AppShell />
      )}
      <Toasts />
    </>
  );
}
