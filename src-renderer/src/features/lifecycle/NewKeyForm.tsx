// A rotation's new key: the pasted secret and its expiry. A past expiry is refused as it is typed
// (a key just made in the portal has not expired); what the core refuses about the secret (the old
// key, a secret stored on another key) is said at that field, and focus goes back to it.
// SECURITY: the secret is read from the form on submit only, never held in state.
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { messageOf, UiError } from '../../api/client';
import { fieldOf } from '../../api/messages';
import { ExpiryChoiceField, SecretField, type ExpiryChoices } from '../../components/KeyFields';
import { pastExpiryIssues } from '../../lib/expiry';

export type NewKeyInput = { value: string; expiresAt: string | null; expiresInDays: number | null };
type FieldName = 'secret' | 'expiresAt';

function focusField(form: HTMLFormElement | null, name: FieldName): void {
  const el = form?.elements.namedItem(name);
  if (el instanceof HTMLElement) requestAnimationFrame(() => el.focus());
}

/** The form field a core refusal concerns, when this form has it; other errors stay the wizard's. */
export function newKeyFieldOf(error: unknown): FieldName | null {
  if (!(error instanceof UiError) || error.code !== 'BAD_INPUT') return null;
  const field = fieldOf(error.subject);
  return field === 'secret' || field === 'value' ? 'secret' : field === 'expiresAt' ? 'expiresAt' : null;
}

export function NewKeyForm(props: {
  choices: ExpiryChoices | null;
  isBusy: boolean;
  /** The last error of the wizard: shown here when it concerns one of these fields. */
  error: unknown;
  onEdited: () => void;
  onSave: (input: NewKeyInput) => void;
}) {
  const form = useRef<HTMLFormElement>(null);
  const expiresLabel = useId();
  const [expiresAt, setExpiresAt] = useState('');
  const refusal = pastExpiryIssues(expiresAt || null, 'just-made')[0] ?? null;
  const at = newKeyFieldOf(props.error);
  const said = at ? messageOf(props.error) : null;
  // A refusal from the core sends focus back to its field, where it is said.
  useEffect(() => {
    if (at) focusField(form.current, at);
  }, [props.error, at]);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (refusal) return focusField(form.current, 'expiresAt');
    const f = new FormData(e.currentTarget);
    const days = String(f.get('expiresInDays') ?? '');
    props.onSave({
      value: String(f.get('secret') ?? '').trim(),
      expiresAt: expiresAt || null,
      expiresInDays: days ? Number(days) : null,
    });
  }

  const expiryNote = refusal?.message ?? (at === 'expiresAt' ? said : null);
  return (
    <form ref={form} className="form-grid" onSubmit={submit} aria-label="New key">
      <SecretField
        label="New secret"
        placeholder="Paste the key the portal showed"
        invalid={at === 'secret'}
        describedBy={at === 'secret' ? 'new-key-secret-issue' : undefined}
        onInput={() => at === 'secret' && props.onEdited()}
      >
        {at === 'secret' ? (
          <p className="field-error" role="alert" id="new-key-secret-issue">
            {said}
          </p>
        ) : null}
      </SecretField>
      {props.choices ? (
        <ExpiryChoiceField choices={props.choices} />
      ) : (
        <label className="field">
          <span id={expiresLabel}>Expires</span>
          <input
            name="expiresAt"
            aria-labelledby={expiresLabel}
            type="date"
            value={expiresAt}
            aria-invalid={expiryNote !== null}
            {...(expiryNote ? { 'aria-describedby': 'new-key-expiresAt-issue' } : {})}
            onChange={(e) => {
              setExpiresAt(e.target.value);
              if (at === 'expiresAt') props.onEdited();
            }}
          />
          {expiryNote ? (
            <p className="field-error" role="alert" id="new-key-expiresAt-issue">
              {expiryNote}
            </p>
          ) : null}
        </label>
      )}
      <div className="form-actions span-2">
        <button type="submit" className="button primary" disabled={props.isBusy}>
          Save the new key
        </button>
      </div>
    </form>
  );
}
