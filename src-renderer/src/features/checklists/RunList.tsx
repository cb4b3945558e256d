// The runs, open ones first (most urgent due date first), then the finished ones.
import { plural } from '../../api/messages';
import type { ChecklistListItem } from '../../../../src-main/contract/checklists';
import { PlatformBadge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { expiryUrgency, formatDate, relativeDay } from '../../lib/dates';

const byDue = (a: ChecklistListItem, b: ChecklistListItem) =>
  (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.keyName.localeCompare(b.keyName);
const byFinished = (a: ChecklistListItem, b: ChecklistListItem) =>
  (b.finishedAt ?? '').localeCompare(a.finishedAt ?? '') || a.keyName.localeCompare(b.keyName);

function RunItem({ run, isOpen, onOpen }: { run: ChecklistListItem; isOpen: boolean; onOpen: () => void }) {
  const urgency = run.finished ? 'none' : expiryUrgency(run.dueDate);
  const pct = run.total > 0 ? Math.round((run.done / run.total) * 100) : 0;
  return (
    <li>
      <button
        type="button"
        className={`run-item${isOpen ? ' on' : ''}${run.finished ? ' is-finished' : ''}`}
        aria-current={isOpen ? 'true' : undefined}
        onClick={onOpen}
      >
        <span className="run-item-top">
          <span className="run-item-name" title={run.keyName}>
            {run.keyName}
          </span>
          {run.conflicts > 0 ? (
            <span className="badge conflict-badge">
              {run.conflicts} conflict{run.conflicts === 1 ? '' : 's'}
            </span>
          ) : null}
        </span>
        <span className="run-item-meta">
          <PlatformBadge platform={run.platform} />
          {run.finished ? (
            <span className="muted">
              <Icon name="check" size={12} /> Finished {run.finishedAt ? formatDate(run.finishedAt) : ''}
            </span>
          ) : run.dueDate ? (
            <span className={`expiry urgency-${urgency}`} title={`Due ${formatDate(run.dueDate)}`}>
              {urgency === 'expired' ? 'Overdue, ' : 'Due '}
              {relativeDay(run.dueDate)}
            </span>
          ) : (
            <span className="muted">No due date</span>
          )}
        </span>
        <span className="run-item-progress">
          <span className="progress" aria-hidden="true">
            <span style={{ width: `${pct}%` }} />
          </span>
          <span className="faint">
            {run.done}/{plural(run.total, 'step')}
          </span>
        </span>
      </button>
    </li>
  );
}

export function RunList({
  runs,
  openId,
  onOpen,
}: {
  runs: ChecklistListItem[];
  openId: string | null;
  onOpen: (id: string) => void;
}) {
  const open = runs.filter((r) => !r.finished).sort(byDue);
  const finished = runs.filter((r) => r.finished).sort(byFinished);
  const group = (title: string, list: ChecklistListItem[]) =>
    list.length > 0 ? (
      <section aria-label={`${title} checklists`}>
        <h2 className="run-group">
          {title} <span className="faint">{list.length}</span>
        </h2>
        <ul className="run-items">
          {list.map((r) => (
            <RunItem key={r.id} run={r} isOpen={r.id === openId} onOpen={() => onOpen(r.id)} />
          ))}
        </ul>
      </section>
    ) : null;
  return (
    <nav className="run-list" aria-label="Checklists" data-testid="run-list">
      {group('Open', open)}
      {group('Finished', finished)}
    </nav>
  );
}
