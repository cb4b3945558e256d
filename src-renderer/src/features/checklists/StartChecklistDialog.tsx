// Starts a rotation checklist for a key: the template (the key's platform's by default)
// and, optionally, a due date other than the one worked out from the key's dates.
import { plural } from '../../api/messages';
import { useEffect, useState } from 'react';
import { call } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { KeyPicker } from '../../components/KeyPicker';
import { useChecklists } from '../../stores/checklists.store';
import { useKeys } from '../../stores/keys.store';
import { useSession } from '../../stores/session.store';

export function StartChecklistDialog({ keyId, onClose }: { keyId: string | null; onClose: () => void }) {
  const keys = useKeys((s) => s.keys);
  const templates = useChecklists((s) => s.templates);
  const loadTemplates = useChecklists((s) => s.loadTemplates);
  const start = useChecklists((s) => s.start);
  const setView = useSession((s) => s.setView);
  const [chosenKey, setChosenKey] = useState(keyId ?? '');
  const [templateId, setTemplateId] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);
  /** The author's name, asked once: null until team.status answers, '' … while the user types it. */
  const [needsName, setNeedsName] = useState(false);
  const [author, setAuthor] = useState('');
  const [nameError, setNameError] = useState('');

  useEffect(() => {
    loadTemplates().catch(setError);
    call('team.status', {}).then((t) => setNeedsName(!t.nameChosen), setError);
  }, [loadTemplates]);
  const key = keys.find((k) => k.id === chosenKey);
  // The key's platform's template, until the user picks another.
  const effective = templateId || (key && templates.some((t) => t.id === key.platform) ? key.platform : 'custom');
  const template = templates.find((t) => t.id === effective);

  async function submit() {
    if (!key) return setError(null);
    if (needsName && author.trim() === '') {
      setNameError('Type your name: teammates see it on this checklist and on your ticks.');
      return;
    }
    setBusy(true);
    setError(null);
    setNameError('');
    try {
      if (needsName) {
        await call('team.setName', { name: author.trim() });
        setNeedsName(false);
      }
      await start(key.id, effective, due || undefined);
      setView('checklists');
      onClose();
      // Focus follows into the new run (its title), not back to the Start checklist button.
      requestAnimationFrame(() => {
        const title = document.querySelector<HTMLElement>('[data-testid="run-view"] #run-title');
        if (!title) return;
        title.tabIndex = -1;
        title.focus();
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={key && keyId ? `Start a checklist for ${key.name}` : 'Start a rotation checklist'}
      onClose={onClose}
      width="wide"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button primary"
            disabled={!key || !template || isBusy}
            onClick={() => void submit()}
          >
            Start checklist
          </button>
        </>
      }
    >
      <div className="form-grid start-form">
        {keyId === null ? (
          <div className="field span-2">
            <span>Key</span>
            <KeyPicker keys={keys} value={chosenKey} onChange={setChosenKey} />
          </div>
        ) : null}
        {needsName ? (
          <label className="field span-2">
            <span>Your name</span>
            {/* Known only once Team settings answer, after the dialog placed focus: take it then, unless the key
                picker comes first and has it. */}
            <input
              autoFocus={keyId !== null}
              value={author}
              maxLength={120}
              onChange={(e) => setAuthor(e.target.value)}
              aria-invalid={nameError !== ''}
              aria-describedby="author-help"
              placeholder="Ana Lima"
            />
            <small className="muted" id="author-help">
              Asked once: the name teammates see as the author of your checklists and ticks. Change it in Settings ›
              Team sharing.
            </small>
            {nameError ? (
              <p className="field-error" role="alert">
                {nameError}
              </p>
            ) : null}
          </label>
        ) : null}
        <label className="field">
          <span>Template</span>
          <select aria-label="Template" value={effective} onChange={(e) => setTemplateId(e.target.value)}>
            {templates.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
                {key && t.id === key.platform ? ' (this platform)' : ''}
                {t.builtIn ? '' : ' · edited'}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Due date (optional)</span>
          <input type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        </label>
        <p className="span-2 muted small">
          Left empty, it is due seven days before the key expires, or on its rotation date if that is earlier.
        </p>
        {template ? (
          <div className="span-2 template-preview">
            <h3>
              {plural(template.steps.length, 'step')} from “{template.name}”
            </h3>
            <ol>
              {template.steps.map((s) => (
                <li key={s.id}>
                  {s.title}
                  {s.kind === 'deployments' ? (
                    <span className="faint">
                      {' '}
                      — one step per deployment
                      {key ? ` (${key.deployedTo.length || 'none recorded'})` : ''}
                    </span>
                  ) : null}
                </li>
              ))}
            </ol>
          </div>
        ) : null}
      </div>
      <ErrorNote error={error} />
    </Dialog>
  );
}
