// Settings kept by the host: theme, auto-lock and how long a copied key stays on the clipboard.
import type { ReactNode } from 'react';
import type { Preferences } from '../../../../src-main/contract/channels';
import { messageOf } from '../../api/client';
import { Icon, type IconName } from '../../components/Icon';
import { usePrefs } from '../../stores/prefs.store';
import { useSession } from '../../stores/session.store';
import { useUi } from '../../stores/ui.store';
import { TeamCard } from '../checklists/TeamCard';
import { AlertSettingsCard } from './AlertSettingsCard';
import { CommandLineCard } from './CommandLineCard';
import { PlatformAccountsCard } from './PlatformAccountsCard';

const THEME_ICON: Record<Preferences['theme'], IconName> = { system: 'monitor', light: 'sun', dark: 'moon' };
const THEME_LABEL: Record<Preferences['theme'], string> = { system: 'System', light: 'Light', dark: 'Dark' };
const THEMES: Preferences['theme'][] = ['system', 'light', 'dark'];
const AUTO_LOCK = [1, 2, 5, 10, 15, 30, 60];
const CLIPBOARD = [10, 20, 30, 45, 60, 90];

function Row({ title, help, children }: { title: string; help: string; children: ReactNode }) {
  return (
    <div className="setting">
      <div>
        <h3>{title}</h3>
        <p className="muted">{help}</p>
      </div>
      <div className="setting-control">{children}</div>
    </div>
  );
}

export function SettingsScreen() {
  const prefs = usePrefs((s) => s.prefs);
  const save = usePrefs((s) => s.save);
  const path = useSession((s) => s.status?.path ?? '');
  const notify = useUi((s) => s.notify);
  const update = (patch: Partial<Omit<Preferences, 'cliAgent'>>) =>
    save(patch).then(
      () => notify({ tone: 'success', title: 'Settings saved' }),
      (e: unknown) => notify({ tone: 'error', title: messageOf(e) }),
    );

  return (
    <section className="screen settings" aria-labelledby="settings-title">
      <header className="screen-header">
        <div>
          <h1 id="settings-title">Settings</h1>
          <p className="muted">How Keyward looks and how it protects the unlocked vault.</p>
        </div>
      </header>
      <div className="settings-body">
        <section className="card">
          <h2>Appearance</h2>
          <Row title="Theme" help="Follow the system, or always use a light or dark theme.">
            <div className="segmented" role="radiogroup" aria-label="Theme">
              {THEMES.map((t) => (
                <button
                  key={t}
                  type="button"
                  role="radio"
                  aria-checked={prefs.theme === t}
                  className={prefs.theme === t ? 'on' : ''}
                  onClick={() => void update({ theme: t })}
                >
                  <Icon name={THEME_ICON[t]} size={14} /> {THEME_LABEL[t]}
                </button>
              ))}
            </div>
          </Row>
        </section>
        <section className="card">
          <h2>Security</h2>
          <Row
            title="Lock after inactivity"
            help="The vault locks when you have not used Keyward for this long, and always when the computer sleeps or its screen locks."
          >
            <select
              aria-label="Lock after inactivity"
              value={prefs.autoLockMinutes}
              onChange={(e) => void update({ autoLockMinutes: Number(e.target.value) })}
            >
              {AUTO_LOCK.map((m) => (
                <option key={m} value={m}>
                  {m === 1 ? '1 minute' : `${m} minutes`}
                </option>
              ))}
            </select>
          </Row>
          <Row
            title="Clear the clipboard after"
            help="A copied key is removed from the clipboard after this time, unless you have copied something else since."
          >
            <select
              aria-label="Clear the clipboard after"
              value={prefs.clipboardSeconds}
              onChange={(e) => void update({ clipboardSeconds: Number(e.target.value) })}
            >
              {CLIPBOARD.map((s) => (
                <option key={s} value={s}>
                  {s} seconds
                </option>
              ))}
            </select>
          </Row>
        </section>
        <CommandLineCard />
        <AlertSettingsCard />
        <PlatformAccountsCard />
        <TeamCard />
        <section className="card">
          <h2>Vault</h2>
          <Row
            title="Vault file"
            help="One encrypted file; back it up like any other file. It is useless without the master password."
          >
            <code className="path">{path}</code>
          </Row>
          <Row
            title="Backup"
            help="The whole vault in one file sealed with the master password. Restoring one replaces the vault, so it is done with Keyward closed (the backup dialog says how)."
          >
            <button type="button" className="button" onClick={() => useUi.getState().setTransfer('backup')}>
              <Icon name="shield" /> Back up vault…
            </button>
          </Row>
        </section>
      </div>
    </section>
  );
}
