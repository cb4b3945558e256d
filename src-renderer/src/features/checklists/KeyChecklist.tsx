// The key detail's link to its rotation checklist: the open run's progress, or a button
// to start one.
import { plural } from '../../api/messages';
import { Icon } from '../../components/Icon';
import { relativeDay } from '../../lib/dates';
import { useChecklists } from '../../stores/checklists.store';
import { useSession } from '../../stores/session.store';

const useOpenRun = (keyId: string) => useChecklists((s) => s.runs.find((r) => r.keyId === keyId && !r.finished));

/** The open run of this key, if any: its progress and a way to it. */
export function KeyChecklistBanner({ keyId }: { keyId: string }) {
  const run = useOpenRun(keyId);
  const open = useChecklists((s) => s.open);
  const setView = useSession((s) => s.setView);
  if (!run) return null;
  return (
    <div className="run-banner checklist-banner" role="status">
      <Icon name="check" size={16} />
      <span>
        Rotation checklist: {run.done}/{plural(run.total, 'step')}
        {run.dueDate ? `, due ${relativeDay(run.dueDate)}` : ''}
        {run.conflicts > 0 ? ` · ${run.conflicts} conflict${run.conflicts === 1 ? '' : 's'}` : ''}
      </span>
      <button
        type="button"
        className="button small"
        onClick={() => {
          setView('checklists');
          void open(run.id);
        }}
      >
        Open checklist
      </button>
    </div>
  );
}

/** Starts a run for this key (none while one is open). */
export function StartChecklistButton({ keyId }: { keyId: string }) {
  const run = useOpenRun(keyId);
  const setStarting = useChecklists((s) => s.setStarting);
  const isReadOnly = useSession((s) => s.status?.readOnly ?? false);
  if (run) return null;
  return (
    <button
      type="button"
      className="button small"
      disabled={isReadOnly}
      onClick={() => setStarting({ keyId })}
      title="A shared checklist of the rotation, step by step, for your team"
    >
      Start checklist…
    </button>
  );
}
