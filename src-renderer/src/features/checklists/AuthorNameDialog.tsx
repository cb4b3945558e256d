// Asks once for the name teammates see, the first time the user does something that records an
// author (starting or ticking a checklist, signing a file, the team folder). Enter saves it and the
// action goes on; Esc or Cancel drops the action and changes nothing.
import { useRef, useState, type FormEvent } from 'react';
import { UiError } from '../../api/client';
import { AUTHOR_NAME } from '../../api/messages';
import { Dialog } from '../../components/Dialog';
import { ErrorNote, FieldError, fieldErrorId, useSelectFieldInError } from '../../components/ErrorNote';

const FORM = 'author-name';
import { useAuthor } from '../../stores/author.store';

export function AuthorNameDialog() {
  const isAsking = useAuthor((s) => s.asking !== null);
  return isAsking ? <AskName /> : null;
}

function AskName() {
  const save = useAuthor((s) => s.save);
  const cancel = useAuthor((s) => s.cancel);
  const [name, setName] = useState('');
  const [isEmpty, setEmpty] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  // The name is the one field: a name refused (a key pasted as the name, too long) is said under it.
  const at = error instanceof UiError && error.code === 'BAD_INPUT' ? 'name' : undefined;
  useSelectFieldInError(at === undefined ? null : input, error, !isBusy);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (name.trim() === '') {
      setError(null); // one note at a time: the empty name, not an earlier refusal
      return setEmpty(true);
    }
    setEmpty(false);
    setBusy(true);
    try {
      await save(name);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={AUTHOR_NAME.title}
      onClose={cancel}
      footer={
        <>
          <button type="button" className="button" onClick={cancel}>
            Cancel
          </button>
          <button type="submit" form="author-name-form" className="button primary" disabled={isBusy}>
            {AUTHOR_NAME.save}
          </button>
        </>
      }
    >
      <form id="author-name-form" className="form-grid" onSubmit={(e) => void submit(e)}>
        <div className="field span-2">
          <label className="field-label" htmlFor="author-name">
            {AUTHOR_NAME.label}
          </label>
          <input
            ref={input}
            id="author-name"
            value={name}
            maxLength={120}
            autoComplete="name"
            placeholder={AUTHOR_NAME.placeholder}
            aria-invalid={isEmpty || at === 'name'}
            aria-describedby={at === 'name' ? `author-name-help ${fieldErrorId(FORM, 'name')}` : 'author-name-help'}
            onChange={(e) => {
              // What was said of the name is about the text that was there: typing takes it away.
              setName(e.target.value);
              setEmpty(false);
              if (at === 'name') setError(null);
            }}
          />
          <small className="muted" id="author-name-help">
            {AUTHOR_NAME.help}
          </small>
          <FieldError error={error} form={FORM} field="name" at={at} />
          {isEmpty ? (
            <p className="field-error" role="alert">
              {AUTHOR_NAME.empty}
            </p>
          ) : null}
        </div>
      </form>
      {at === undefined ? <ErrorNote error={error} /> : null}
    </Dialog>
  );
}
