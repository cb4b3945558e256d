// One metadata field, edited in place: click to edit, Enter (or leaving the field)
// saves, Esc cancels. The core validates; its message shows under the field.
import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';
import { messageOf } from '../../api/client';

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
}: Props) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const isEditing = draft !== null;

  useEffect(() => {
    if (!isEditRequested) return;
    setDraft(value);
    onEditOpened?.();
  }, [isEditRequested, value, onEditOpened]);

  async function commit() {
    if (draft === null) return;
    if (draft === value) return setDraft(null);
    try {
      await onSave(draft);
      setDraft(null);
      setError(null);
    } catch (e) {
      setError(e);
    }
  }
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      setDraft(null);
      setError(null);
    }
    if (e.key === 'Enter' && (kind !== 'textarea' || e.metaKey || e.ctrlKey)) {
      e.preventDefault();
      void commit();
    }
  };
  const common = {
    'aria-label': label,
    autoFocus: true,
    value: draft ?? '',
    onKeyDown: onKey,
    onBlur: () => void commit(),
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
          <small className="field-error" role="alert">
            {messageOf(error)}
          </small>
        ) : null}
      </dd>
    </div>
  );
}
