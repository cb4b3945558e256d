// Starts a rotation checklist for a key: the template (the key's platform's by default)
// and, optionally, a due date other than the one worked out from the key's dates.
import { plural } from '../../api/messages';
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { KeyPicker } from '../../components/KeyPicker';
import { useAuthor } from '../../stores/author.store';
import { useChecklists } from '../../stores/checklists.store';
import { useKeys } from '../../stores/keys.store';
import { useSession } from '../../stores/session.store';

export function StartChecklistDialog({ keyId, onClose }: { keyId: string | null; onClose: () => void }) {
  const keys = useKeys((s) => s.keys);
  const templates = useChecklists((s) => s.templates);
  const loadTemplates = useChecklists((s) => s.loadTemplates);
  const start = useChecklists((s) => s.start);
  const setView = useSession((s) => s.setView);
  const ensureAuthor = useAuthor((s) => s.ensure);
  const [chosenKey, setChosenKey] = useState(keyId ?? '');
  const [templateId, setTemplateId] = useState('');
  const [due, setDue] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setBusy] = useState(false);

  useEffect(() => {
    loadTemplates().catch(setError);
  }, [loadTemplates]);
  const key = keys.find((k) => k.id === chosenKey);
  // The key's platform's template, until the user picks another.
  const effective = templateId || (key && templates.some((t) => t.id === key.platform) ? key.platform : 'custom');
  const template = templates.find((t) => t.id === effective);

  async function submit() {
    if (!key) return setError(null);
    // The run records who started it: the name is asked once, first (Esc starts nothing). Before the button is
    // disabled as busy, so focus can go back to it.
    if (!(await ensureAuthor().catch((e: unknown) => (setError(e), false)))) return;
    setBusy(true);
    setError(null);
    try {
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
