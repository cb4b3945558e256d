// A key chosen by typing: the field filters the keys by name, platform, account and owner as
// the user types; ArrowDown / ArrowUp move through the matches, Enter chooses one, Esc clears
// the text. An ARIA combobox over a listbox, so a screen reader hears each match.
import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import type { KeyRecord } from '../../../src-main/contract/keys';
import { plural } from '../api/messages';
import { PLATFORM_LABEL } from '../lib/platforms';

const SHOWN = 50;
const label = (k: KeyRecord) => `${k.name} · ${PLATFORM_LABEL[k.platform]}${k.account ? ` · ${k.account}` : ''}`;

export function KeyPicker(props: { keys: readonly KeyRecord[]; value: string; onChange: (id: string) => void }) {
  const { keys, value, onChange } = props;
  const listId = useId();
  const chosen = keys.find((k) => k.id === value);
  const [text, setText] = useState(chosen ? label(chosen) : '');
  const [isOpen, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const matches = useMemo(() => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const sorted = [...keys].sort((a, b) => a.name.localeCompare(b.name));
    if (chosen && text === label(chosen)) return sorted;
    return sorted.filter((k) => {
      const hay = `${k.name} ${PLATFORM_LABEL[k.platform]} ${k.account} ${k.owner} ${k.environment}`.toLowerCase();
      return words.every((w) => hay.includes(w));
    });
  }, [keys, text, chosen]);
  const shown = matches.slice(0, SHOWN);

  function choose(k: KeyRecord) {
    onChange(k.id);
    setText(label(k));
    setOpen(false);
  }

  function onKeyDown(e: KeyboardEvent<HTMLInputElement>) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((i) => (isOpen ? Math.min(shown.length - 1, Math.max(0, i + step)) : 0));
    } else if (e.key === 'Enter' && isOpen) {
      const k = shown[active];
      if (k) {
        e.preventDefault();
        choose(k);
      }
    } else if (e.key === 'Escape' && isOpen) {
      // Closes the list only: the dialog stays open.
      e.preventDefault();
      e.stopPropagation();
      setOpen(false);
    }
  }

  const activeKey = isOpen ? shown[active] : undefined;
  return (
    <div className="key-picker">
      <input
        role="combobox"
        aria-label="Key"
        aria-autocomplete="list"
        aria-expanded={isOpen}
        aria-controls={listId}
        aria-activedescendant={activeKey ? `${listId}-${activeKey.id}` : undefined}
        placeholder="Type a name, platform, account or owner…"
        value={text}
        autoFocus
        onChange={(e) => {
          setText(e.target.value);
          setActive(0);
          setOpen(true);
          if (value) onChange('');
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      {isOpen ? (
        <ul id={listId} role="listbox" aria-label="Matching keys" className="key-picker-list">
          {shown.map((k, i) => (
            <li
              key={k.id}
              id={`${listId}-${k.id}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(k);
              }}
            >
              {label(k)}
            </li>
          ))}
          {shown.length === 0 ? <li className="faint">No key matches “{text}”.</li> : null}
          {matches.length > SHOWN ? (
            <li className="faint">{plural(matches.length - SHOWN, 'more key')}: type more to narrow.</li>
          ) : null}
        </ul>
      ) : null}
      <small className="muted" aria-live="polite">
        {chosen ? `Chosen: ${chosen.name}` : `${plural(matches.length, 'key')} match.`}
      </small>
    </div>
  );
}
