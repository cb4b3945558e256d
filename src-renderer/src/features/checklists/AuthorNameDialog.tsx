// Asks once for the name teammates see, the first time the user does something that records an
// author (starting or ticking a checklist, signing a file, the team folder). Enter saves it and the
// action goes on; Esc or Cancel drops the action and changes nothing.
import { useState, type FormEvent } from 'react';
import { AUTHOR_NAME } from '../../api/messages';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
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

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (name.trim() === '') return setEmpty(true);
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
            id="author-name"
            value={name}
            maxLength={120}
            autoComplete="name"
            placeholder={AUTHOR_NAME.placeholder}
            aria-invalid={isEmpty || error !== null}
            aria-describedby="author-name-help"
            onChange={(e) => setName(e.target.value)}
          />
          <small className="muted" id="author-name-help">
            {AUTHOR_NAME.help}
          </small>
          {isEmpty ? (
            <p className="field-error" role="alert">
              {AUTHOR_NAME.empty}
            </p>
          ) : null}
        </div>
      </form>
      <ErrorNote error={error} highlighted />
    </Dialog>
  );
}
