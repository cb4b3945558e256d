// The unlocked app: sidebar (Inventory, Alerts, Settings, Lock) and the current screen.
// Loads the inventory and its alerts once on unlock.
import { useEffect } from 'react';
import { messageOf, nextStep } from '../../api/client';
import { Icon, type IconName } from '../../components/Icon';
import { useAlerts } from '../../stores/alerts.store';
import { useChecklists } from '../../stores/checklists.store';
import { useKeys } from '../../stores/keys.store';
import { lockVault } from '../../stores/lock';
import { useScan } from '../../stores/scan.store';
import { useSession, type View } from '../../stores/session.store';
import { useUi } from '../../stores/ui.store';
import { AddKeyDialog } from '../add-key/AddKeyDialog';
import { CreateKeyWizard } from '../lifecycle/CreateKeyWizard';
import { ImportDialog } from '../import/ImportDialog';
import { BulkEditDialog } from '../inventory/BulkEditDialog';
import { AlertsScreen } from '../alerts/AlertsScreen';
import { ChecklistDialogs } from '../checklists/ChecklistDialogs';
import { ChecklistsScreen } from '../checklists/ChecklistsScreen';
import { InventoryScreen } from '../inventory/InventoryScreen';
import { CommandPalette } from '../palette/CommandPalette';
import { ScanDialog } from '../scan/ScanDialog';
import { SettingsScreen } from '../settings/SettingsScreen';

const NAV: { view: View; label: string; icon: IconName }[] = [
  { view: 'inventory', label: 'Inventory', icon: 'keys' },
  { view: 'alerts', label: 'Alerts', icon: 'alert' },
  { view: 'checklists', label: 'Checklists', icon: 'check' },
  { view: 'settings', label: 'Settings', icon: 'settings' },
];

export function AppShell() {
  const view = useSession((s) => s.view);
  const setView = useSession((s) => s.setView);
  const isReadOnly = useSession((s) => s.status?.readOnly ?? false);
  const integrityWarning = useSession((s) => s.status?.integrityWarning ?? null);
  const commitWarning = useSession((s) => s.status?.commitWarning ?? null);
  const readOnlyReason = useSession((s) => s.status?.readOnlyReason ?? null);
  const keyCount = useKeys((s) => s.keys.length);
  const loadKeys = useKeys((s) => s.load);
  // Keys (not alerts) that are act now or due soon: the same number as the Alerts heading and the tray.
  const urgent = useAlerts((s) => s.counts?.needsAction ?? 0);
  const loadAlerts = useAlerts((s) => s.load);
  const openRuns = useChecklists((s) => s.runs.filter((r) => !r.finished).length);
  const isPaletteOpen = useUi((s) => s.isPaletteOpen);
  const isAddOpen = useUi((s) => s.isAddOpen);
  const isCreateOpen = useUi((s) => s.isCreateOpen);
  const isImportOpen = useUi((s) => s.isImportOpen);
  const bulkEditIds = useUi((s) => s.bulkEditIds);
  const isScanOpen = useScan((s) => s.isOpen);
  const setCreate = useUi((s) => s.setCreate);
  const setPalette = useUi((s) => s.setPalette);
  const notify = useUi((s) => s.notify);

  useEffect(() => {
    const fail = (e: unknown) => notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) });
    loadKeys().then(() => loadAlerts().catch(fail), fail);
  }, [loadKeys, loadAlerts, notify]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setPalette(true);
      }
      if ((e.metaKey || e.ctrlKey) && e.shiftKey && e.key.toLowerCase() === 'l') {
        e.preventDefault();
        void lockVault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [setPalette]);

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#inventory-title"
        onClick={(e) => {
          e.preventDefault();
          setView('inventory');
          // After the inventory renders: its search, or the screen itself when there is nothing to search.
          window.requestAnimationFrame(() =>
            (
              document.querySelector<HTMLElement>('input[aria-label="Search keys"]') ??
              document.querySelector<HTMLElement>('section.inventory')
            )?.focus(),
          );
        }}
      >
        Skip to inventory
      </a>
      <nav className="sidebar" aria-label="Main">
        <div className="brand">
          <span className="brand-mark small" aria-hidden="true">
            <Icon name="shield" size={16} />
          </span>
          Keyward
        </div>
        <ul>
          {NAV.map((n) => (
            <li key={n.view}>
              <button
                type="button"
                className={`nav-item${view === n.view ? ' on' : ''}`}
                aria-current={view === n.view ? 'page' : undefined}
                onClick={() => setView(n.view)}
              >
                <Icon name={n.icon} />
                <span>{n.label}</span>
                {n.view === 'inventory' && keyCount > 0 ? (
                  <span className="nav-count">{keyCount.toLocaleString('en')}</span>
                ) : null}
                {n.view === 'checklists' && openRuns > 0 ? <span className="nav-count">{openRuns}</span> : null}
                {n.view === 'alerts' && urgent > 0 ? (
                  <span
                    className="nav-count urgent"
                    aria-label={`${urgent} ${urgent === 1 ? 'key needs' : 'keys need'} action`}
                    data-testid="needs-action-badge"
                  >
                    {urgent}
                  </span>
                ) : null}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-foot">
          <button type="button" className="nav-item" onClick={() => setPalette(true)}>
            <Icon name="command" />
            <span>Commands</span>
            <kbd>Ctrl K</kbd>
          </button>
          <button type="button" className="nav-item" onClick={() => void lockVault()}>
            <Icon name="lock" />
            <span>Lock</span>
          </button>
        </div>
      </nav>
      <main className="content">
        {isReadOnly && readOnlyReason !== null ? (
          <div className="banner" role="alert" data-testid="read-only-reason">
            The vault is open read-only ({readOnlyReason}): you can read and copy keys, but not change them.
          </div>
        ) : isReadOnly ? (
          <div className="banner" role="alert">
            The vault file is damaged, so it is open read-only: you can read and copy keys, but not change them. Restore
            it from a backup.
          </div>
        ) : null}
        {integrityWarning ? (
          <div className="banner" role="alert" data-testid="integrity-warning">
            {integrityWarning}
          </div>
        ) : null}
        {commitWarning ? (
          <div className="banner" role="alert" data-testid="commit-warning">
            {commitWarning}
          </div>
        ) : null}
        {view === 'inventory' ? (
          <InventoryScreen />
        ) : view === 'alerts' ? (
          <AlertsScreen />
        ) : view === 'checklists' ? (
          <ChecklistsScreen />
        ) : (
          <SettingsScreen />
        )}
      </main>
      {isAddOpen ? <AddKeyDialog /> : null}
      {isCreateOpen ? <CreateKeyWizard onClose={() => setCreate(false)} /> : null}
      {isImportOpen ? <ImportDialog /> : null}
      {bulkEditIds ? <BulkEditDialog ids={bulkEditIds} /> : null}
      {isScanOpen ? <ScanDialog /> : null}
      {isPaletteOpen ? <CommandPalette /> : null}
      <ChecklistDialogs />
    </div>
  );
}
