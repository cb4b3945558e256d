// Ctrl/Cmd+K: run a command or jump to a key by typing part of its name.
import { useEffect, useMemo, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { Icon, type IconName } from '../../components/Icon';
import { PLATFORM_LABEL } from '../../lib/platforms';
import { useOpenInventory } from '../inventory-file/OpenInventoryButton';
import { useChecklists } from '../../stores/checklists.store';
import { useKeys } from '../../stores/keys.store';
import { lockVault } from '../../stores/lock';
import { usePrefs } from '../../stores/prefs.store';
import { useScan } from '../../stores/scan.store';
import { useSession } from '../../stores/session.store';
import { useUi } from '../../stores/ui.store';

type Item = { id: string; icon: IconName; label: string; hint?: string; run: () => void };

export function CommandPalette() {
  const setPalette = useUi((s) => s.setPalette);
  const setAdd = useUi((s) => s.setAdd);
  const setCreate = useUi((s) => s.setCreate);
  const setImport = useUi((s) => s.setImport);
  const setTransfer = useUi((s) => s.setTransfer);
  const setView = useSession((s) => s.setView);
  const keys = useKeys((s) => s.keys);
  const open = useKeys((s) => s.open);
  const theme = usePrefs((s) => s.prefs.theme);
  const setStarting = useChecklists((s) => s.setStarting);
  const importChecklist = useChecklists((s) => s.importFile);
  const savePrefs = usePrefs((s) => s.save);
  const openInventory = useOpenInventory();
  const openScan = useScan((s) => s.open);
  const [text, setText] = useState('');
  const [index, setIndex] = useState(0);
  const close = () => setPalette(false);

  const items = useMemo<Item[]>(() => {
    const commands: Item[] = [
      { id: 'add', icon: 'plus', label: 'Add a key', run: () => setAdd(true) },
      { id: 'create', icon: 'external', label: 'Create a key in a platform', run: () => setCreate(true) },
      { id: 'import', icon: 'import', label: 'Import keys from a file', run: () => setImport(true) },
      {
        id: 'export',
        icon: 'export',
        label: 'Export the inventory (no secrets)…',
        run: () => setTransfer('export'),
      },
      { id: 'backup', icon: 'shield', label: 'Back up the vault…', run: () => setTransfer('backup') },
      {
        id: 'scan',
        icon: 'search',
        label: 'Scan a folder…',
        hint: 'Find plaintext copies of your keys',
        run: openScan,
      },
      { id: 'inventory', icon: 'keys', label: 'Go to Inventory', run: () => setView('inventory') },
      { id: 'alerts', icon: 'alert', label: 'Go to Alerts', run: () => setView('alerts') },
      { id: 'checklists', icon: 'check', label: 'Go to Checklists', run: () => setView('checklists') },
      {
        id: 'start-checklist',
        icon: 'check',
        label: 'Start a rotation checklist…',
        run: () => setStarting({ keyId: null }),
      },
      {
        id: 'import-checklist',
        icon: 'arrowRight',
        label: 'Import a signed checklist…',
        run: () => void importChecklist(),
      },
      { id: 'settings', icon: 'settings', label: 'Go to Settings', run: () => setView('settings') },
      { id: 'open-inventory', icon: 'search', label: 'Open an inventory export (read-only)…', run: openInventory },
      {
        id: 'theme',
        icon: theme === 'dark' ? 'sun' : 'moon',
        label: theme === 'dark' ? 'Use the light theme' : 'Use the dark theme',
        run: () => void savePrefs({ theme: theme === 'dark' ? 'light' : 'dark' }),
      },
      { id: 'lock', icon: 'lock', label: 'Lock the vault', run: () => void lockVault() },
    ];
    const q = text.trim().toLowerCase();
    if (!q) return commands;
    const matching = commands.filter((c) => c.label.toLowerCase().includes(q));
    const found = keys
      .filter((k) => k.name.toLowerCase().includes(q) || k.account.toLowerCase().includes(q))
      .slice(0, 8)
      .map<Item>((k) => ({
        id: k.id,
        icon: 'keys',
        label: k.name,
        hint: `${PLATFORM_LABEL[k.platform]} · ${k.account || k.hint}`,
        run: () => (setView('inventory'), open(k.id)),
      }));
    const checklistFor = keys
      .filter((k) => k.name.toLowerCase().includes(q))
      .slice(0, 3)
      .map<Item>((k) => ({
        id: `checklist-${k.id}`,
        icon: 'check',
        label: `Start a checklist for ${k.name}`,
        hint: PLATFORM_LABEL[k.platform],
        run: () => setStarting({ keyId: k.id }),
      }));
    return [...matching, ...found, ...checklistFor];
  }, [
    text,
    keys,
    theme,
    setAdd,
    setCreate,
    setImport,
    setTransfer,
    setView,
    savePrefs,
    open,
    openInventory,
    setStarting,
    importChecklist,
    openScan,
  ]);

  const run = (item: Item | undefined) => {
    if (!item) return;
    close();
    item.run();
  };

  const onListKey = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown') setIndex((i) => Math.min(items.length - 1, i + 1));
    else if (e.key === 'ArrowUp') setIndex((i) => Math.max(0, i - 1));
    else if (e.key === 'Home') setIndex(0);
    else if (e.key === 'End') setIndex(Math.max(0, items.length - 1));
    else if (e.key === 'Enter') run(items[index]);
    else return;
    e.preventDefault();
  };
  const selected = items[index] ? `palette-${index}` : undefined;
  // The selected result stays in view as the arrows move it.
  useEffect(() => {
    if (selected) document.getElementById(selected)?.scrollIntoView({ block: 'nearest' });
  }, [selected]);

  return (
    <Dialog title="Command palette" onClose={close}>
      <div className="palette">
        <div className="search">
          <Icon name="command" />
          <input
            placeholder="Type a command or a key name…"
            aria-label="Command or key"
            role="combobox"
            aria-expanded="true"
            aria-controls="palette-list"
            aria-activedescendant={selected}
            aria-autocomplete="list"
            value={text}
            onChange={(e) => {
              setText(e.target.value);
              setIndex(0);
            }}
            onKeyDown={onListKey}
          />
        </div>
        {/* Focusable, so that a long list scrolls from the keyboard too (arrows move, Enter runs). */}
        <ul
          id="palette-list"
          role="listbox"
          aria-label="Results"
          tabIndex={0}
          aria-activedescendant={selected}
          onKeyDown={onListKey}
        >
          {items.map((item, i) => (
            <li
              key={item.id}
              id={`palette-${i}`}
              role="option"
              aria-selected={i === index}
              className={i === index ? 'on' : ''}
              onMouseEnter={() => setIndex(i)}
              onClick={() => run(item)}
            >
              <Icon name={item.icon} />
              <span>{item.label}</span>
              {item.hint ? <span className="faint">{item.hint}</span> : null}
            </li>
          ))}
          {items.length === 0 ? (
            <li className="faint" role="presentation">
              Nothing matches “{text}”.
            </li>
          ) : null}
        </ul>
      </div>
    </Dialog>
  );
}
