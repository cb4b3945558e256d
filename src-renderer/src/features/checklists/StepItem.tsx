// One step of a run: its state (to do, doing, done, skipped with a reason), who changed
// it and when, its note, and any conflict between two teammates' concurrent changes,
// both versions side by side, settled by keeping one of them (a new tick).
import { stepForApp } from '../../api/messages';
import { useState, type FormEvent } from 'react';
import type { Step, StepState, StepVersion } from '../../../../src-main/contract/checklists';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { useAuthor } from '../../stores/author.store';
import type { TickInput } from '../../stores/checklists.store';
import { STATE_LABEL, STATE_ORDER, whoAndWhen } from './labels';

function StateMark({ state }: { state: StepState }) {
  return (
    <span className={`step-mark mark-${state}`} aria-hidden="true">
      {state === 'done' ? <Icon name="check" size={13} /> : state === 'skipped' ? <span>–</span> : null}
    </span>
  );
}

function Version({
  v,
  label,
  onKeep,
  disabled,
}: {
  v: StepVersion;
  label: string;
  onKeep: () => void;
  disabled: boolean;
}) {
  return (
    <li className="conflict-version">
      <div>
        <span className="faint small">{label}</span>
        <p>
          <strong className={`state-text state-${v.state}`}>{STATE_LABEL[v.state]}</strong>
          {v.by ? (
            <span className="muted" title={`Key fingerprint ${v.by.fingerprint}`}>
              {' '}
              · {whoAndWhen(v)}
            </span>
          ) : null}
        </p>
        {v.state === 'skipped' && v.reason ? <p className="muted">Because: {v.reason}</p> : null}
        {v.note ? <p className="step-note">{v.note}</p> : null}
      </div>
      <button type="button" className="button small" disabled={disabled} onClick={onKeep}>
        Keep this
      </button>
    </li>
  );
}

export function StepItem({
  step,
  index,
  isReadOnly,
  onTick,
}: {
  step: Step;
  index: number;
  isReadOnly: boolean;
  onTick: (input: TickInput) => Promise<unknown>;
}) {
  const [isSkipping, setSkipping] = useState(false);
  const [reason, setReason] = useState('');
  const [isEditingNote, setEditingNote] = useState(false);
  const [note, setNote] = useState(step.note);
  const [isBusy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const title = `${index + 1}. ${step.title}`;
  const who = whoAndWhen(step);

  const ensureAuthor = useAuthor((s) => s.ensure);

  /** False when it failed, or the user cancelled giving the name the tick records (nothing changed). */
  const tick = async (input: TickInput) => {
    // Asked once, first: the controls stay enabled meanwhile, so focus goes back to the one pressed.
    if (!(await ensureAuthor().catch((e: unknown) => (setError(e), false)))) return false;
    setBusy(true);
    setError(null);
    try {
      await onTick(input);
      return true;
    } catch (e) {
      setError(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  const choose = (state: StepState) => {
    if (state === 'skipped') {
      setReason(step.state === 'skipped' ? (step.reason ?? '') : '');
      setSkipping(true);
      return;
    }
    if (state === step.state && step.conflicts.length === 0) return;
    setSkipping(false);
    void tick({ state });
  };
  const skip = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setError(new Error('reason'));
    if (await tick({ state: 'skipped', reason: reason.trim() })) setSkipping(false);
  };
  const saveNote = async (e: FormEvent) => {
    e.preventDefault();
    // A shared note is one line (teammates' terminals show it): line breaks become spaces.
    const input: TickInput = { state: step.state, note: note.replace(/\s*[\r\n]+\s*/g, ' ').trim() };
    if (step.state === 'skipped') input.reason = step.reason ?? '';
    if (await tick(input)) setEditingNote(false);
  };
  const keep = (v: StepVersion) =>
    void tick({ state: v.state, note: v.note, ...(v.state === 'skipped' ? { reason: v.reason ?? '' } : {}) });
  const missingReason = error instanceof Error && error.message === 'reason';

  return (
    <li className={`step is-${step.state}${step.conflicts.length > 0 ? ' has-conflict' : ''}`} data-step={step.id}>
      <div className="step-head">
        <StateMark state={step.state} />
        <div className="step-text">
          <h3 className="step-title">{title}</h3>
          {step.detail ? <p className="step-detail muted">{stepForApp(step.detail)}</p> : null}
          <p className="step-meta">
            {who ? (
              <>
                <span className={`state-text state-${step.state}`}>{STATE_LABEL[step.state]}</span>
                <span className="muted" title={step.by ? `Key fingerprint ${step.by.fingerprint}` : undefined}>
                  {' '}
                  · {who}
                </span>
              </>
            ) : (
              <span className="faint">Not started</span>
            )}
          </p>
          {step.state === 'skipped' && step.reason ? (
            <p className="step-reason">
              <span className="muted">Skipped because:</span> {step.reason}
            </p>
          ) : null}
          {step.note && !isEditingNote ? <p className="step-note">{step.note}</p> : null}
        </div>
        <div className="step-actions">
          <div className="segmented step-states" role="radiogroup" aria-label={`State of step ${index + 1}`}>
            {STATE_ORDER.map((s) => (
              <button
                key={s}
                type="button"
                role="radio"
                aria-checked={step.state === s}
                className={step.state === s ? 'on' : ''}
                disabled={isReadOnly || isBusy}
                onClick={() => choose(s)}
              >
                {s === 'skipped' ? 'Skip…' : STATE_LABEL[s]}
              </button>
            ))}
          </div>
          {!isEditingNote ? (
            <button
              type="button"
              className="button ghost small"
              disabled={isReadOnly || isBusy}
              aria-label={`${step.note ? 'Edit the note' : 'Add a note'} on step ${index + 1}`}
              onClick={() => {
                setNote(step.note);
                setEditingNote(true);
              }}
            >
              <Icon name="edit" size={13} /> {step.note ? 'Edit note' : 'Note'}
            </button>
          ) : null}
        </div>
      </div>

      {isSkipping ? (
        <form className="step-form" onSubmit={(e) => void skip(e)}>
          <label className="field">
            <span>Why skip this step? (your teammates see the reason)</span>
            <input
              autoFocus
              value={reason}
              maxLength={2000}
              aria-invalid={missingReason}
              aria-describedby={missingReason ? `reason-error-${step.id}` : undefined}
              onChange={(e) => setReason(e.target.value)}
            />
          </label>
          {missingReason ? (
            <p className="field-error" id={`reason-error-${step.id}`} role="alert">
              A skipped step needs a reason.
            </p>
          ) : null}
          <div className="form-actions">
            <button type="button" className="button small" onClick={() => (setSkipping(false), setError(null))}>
              Cancel
            </button>
            <button type="submit" className="button small primary" disabled={isBusy}>
              Skip step
            </button>
          </div>
        </form>
      ) : null}

      {isEditingNote ? (
        <form className="step-form" onSubmit={(e) => void saveNote(e)}>
          <label className="field">
            <span>Note on step {index + 1} (shared with your team: never paste a key here)</span>
            <textarea autoFocus rows={3} value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
          </label>
          <div className="form-actions">
            <button type="button" className="button small" onClick={() => setEditingNote(false)}>
              Cancel
            </button>
            <button type="submit" className="button small primary" disabled={isBusy}>
              Save note
            </button>
          </div>
        </form>
      ) : null}

      {step.conflicts.length > 0 ? (
        <div className="conflict" role="group" aria-label={`Conflict on step ${index + 1}`}>
          <p className="conflict-title">
            <Icon name="alert" size={14} /> Two teammates changed this step without seeing each other’s change. The
            later one is shown; keep one to settle it.
          </p>
          <ul>
            <Version v={step} label="Shown now" disabled={isReadOnly || isBusy} onKeep={() => keep(step)} />
            {step.conflicts.map((c) => (
              <Version
                key={c.change}
                v={c}
                label="Also recorded"
                disabled={isReadOnly || isBusy}
                onKeep={() => keep(c)}
              />
            ))}
          </ul>
        </div>
      ) : null}
      {error && !missingReason ? <ErrorNote error={error} /> : null}
    </li>
  );
}
