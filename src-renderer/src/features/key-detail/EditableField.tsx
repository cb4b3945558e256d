// One metadata field, edited in place: click to edit, Enter (or leaving the field)
// saves, Esc cancels. The core validates; its message shows under the field. A doubt
// (`warn`) shows as the value is typed, and such a value is saved only on a second Enter.
import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { messageOf } from '../../api/client';
import { CONFIRM_WARNED_EDIT } from '../../api/messages';

export type FieldKind = 'text' | 'textarea' | 'date' | 'number' | 'select' | 'list';
type Props = {
  label: string;
  value: string;
  kind?: FieldKind;
  options?: { value: string; label: string }[];
  placeholder?: string;
  display?: ReactNode;
  onSave: (value: string) => Promise<unknown>;
  /** Opens the field for editing (an action such as "Record expiry" asked for it); `onEditOpened` then fires once. */
  isEditRequested?: boolean;
  onEditOpened?: () => void;
  /** What is doubtful about a draft (an expiry already past), said as it is typed; null when nothing is. */
  warn?: (draft: string) => string | null;
};

export function EditableField({
  label,
  value,
  kind = 'text',
  options = [],
  placeholder = 'Not set',
  display,
  onSave,
  isEditRequested = false,
  onEditOpened,
  warn,
}: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  /** The doubtful draft the user pressed Enter on once: Enter again saves it. */
  const [warnedDraft, setWarnedDraft] = useState<string | null>(null);
  const noteId = useId();
  const isEditing = draft !== null;
  const warning = draft !== null && draft !== value && warn ? warn(draft) : null;
  const isAwaitingConfirm = warning !== null && warnedDraft === draft;

  useEffect(() => {
    if (!isEditRequested) return;
    setDraft(value);
    onEditOpened?.();
  }, [isEditRequested, value, onEditOpened]);

  async function commit(isEnter: boolean) {
    if (draft === null) return;
    if (draft === value) return setDraft(null);
    // A doubtful value is never saved in passing (leaving the field): the first Enter asks, the second saves.
    if (warning !== null && !isAwaitingConfirm) {
      if (isEnter) setWarnedDraft(draft);
      return;
    }
    try {
      await onSave(draft);
      setDraft(null);
      setError(null);
      setWarnedDraft(null);
    } catch (e) {
      setError(e);
    }
  }
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setDraft(null);
      setError(null);
      setWarnedDraft(null);
    }
    if (e.key === 'Enter' && (kind !== 'textarea' || e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      void commit(true);
    }
  };
  const common = {
    'aria-label': label,
    autoFocus: true,
    value: draft ?? '',
    onKeyDown: onKey,
    onBlur: () => void commit(false),
    'aria-invalid': warning !== null || error !== null,
    ...(warning !== null || error !== null ? { 'aria-describedby': noteId } : {}),
  };

  return (
    <div className={`prop${isEditing ? ' editing' : ''}`}>
      <dt>{label}</dt>
      <dd>
        {!isEditing ? (
          <button type="button" className="prop-value" onClick={() => setDraft(value)}>
            <span className="sr-only">Edit {label}: </span>
            {value ? (display ?? value) : <span className="faint">{placeholder}</span>}
          </button>
        ) : kind === 'textarea' ? (
          <textarea rows={4} {...common} onChange={(e) => setDraft(e.target.value)} />
        ) : kind === 'select' ? (
          <select {...common} onChange={(e) => setDraft(e.target.value)}>
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            type={kind === 'list' ? 'text' : kind}
            {...common}
            onChange={(e) => setDraft(e.target.value)}
            placeholder={kind === 'list' ? 'Comma-separated' : undefined}
          />
        )}
        {error ? (
          <small className="field-error" role="alert" id={noteId}>
            {messageOf(error)}
          </small>
        ) : warning !== null ? (
          <small className="field-warning" role="alert" id={noteId}>
            Check: {warning}
            {isAwaitingConfirm ? ` ${CONFIRM_WARNED_EDIT}` : ''}
          </small>
        ) : null}
      </dd>
    </div>
  );
}
