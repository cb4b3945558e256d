// One run: its key, due date and progress, the steps, and, once finished, what it did
// to the key's dates. Export signs it for a teammate.
import { plural } from '../../api/messages';
import { useState } from 'react';
import type { Run } from '../../../../src-main/contract/checklists';
import { messageOf, nextStep } from '../../api/client';
import { PlatformBadge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import { expiryUrgency, formatDate, formatDateTime, relativeDay } from '../../lib/dates';
import { useAlerts } from '../../stores/alerts.store';
import { useAuthor } from '../../stores/author.store';
import { useChecklists, type TickInput } from '../../stores/checklists.store';
import { useKeys } from '../../stores/keys.store';
import { useSession } from '../../stores/session.store';
import { useUi } from '../../stores/ui.store';
import { rolledParts } from './labels';
import { StepItem } from './StepItem';

function Finished({ run }: { run: Run }) {
  const rolled = run.local.rolled ? rolledParts(run.local.rolled) : null;
  return (
    <div className="finished-banner" role="status" data-testid="run-finished">
      <Icon name="check" size={18} />
      <div>
        <strong>Finished {run.local.finishedAt ? formatDateTime(run.local.finishedAt) : ''}</strong>
        {rolled?.notReplaced ? (
          <p data-testid="run-not-rolled">
            The key’s dates were not changed: its secret was not replaced in this vault during the run. Store the new
            secret on the key (Rotate in the key’s detail panel), then set its expiry.
          </p>
        ) : rolled?.expiry ? (
          <p>
            The key’s dates were rolled forward: expiry{' '}
            <span className="rolled-from">{formatDate(rolled.expiry.from)}</span> →{' '}
            <strong className="rolled-to">{formatDate(rolled.expiry.to)}</strong>, created today.
          </p>
        ) : rolled ? (
          <p>The key’s creation date is now today ({rolled.lines.join('; ') || 'expiry unchanged'}).</p>
        ) : (
          <p className="muted">
            {run.local.keyId
              ? 'Every step is done or skipped.'
              : 'Every step is done or skipped. This vault has no such key, so no dates were changed here.'}
          </p>
        )}
        {rolled && rolled.expiry && rolled.lines.length > 0 ? (
          <p className="muted">{rolled.lines.join('; ')}.</p>
        ) : null}
      </div>
    </div>
  );
}

export function RunPanel({ run }: { run: Run }) {
  const tick = useChecklists((s) => s.tick);
  const exportRun = useChecklists((s) => s.exportRun);
  const isReadOnly = useSession((s) => s.status?.readOnly ?? false);
  const setView = useSession((s) => s.setView);
  const openKey = useKeys((s) => s.open);
  const hasKey = useKeys((s) => run.local.keyId !== null && s.keys.some((k) => k.id === run.local.keyId));
  const reloadKey = useKeys((s) => s.reload);
  const loadAlerts = useAlerts((s) => s.load);
  const notify = useUi((s) => s.notify);
  const ensureAuthor = useAuthor((s) => s.ensure);
  const [isExporting, setExporting] = useState(false);

  const closed = run.steps.filter((s) => s.state === 'done' || s.state === 'skipped').length;
  const conflicts = run.steps.reduce((n, s) => n + s.conflicts.length, 0);
  const isFinished = run.local.finishedAt !== null;
  const urgency = isFinished ? 'none' : expiryUrgency(run.dueDate);
  const pct = run.steps.length > 0 ? Math.round((closed / run.steps.length) * 100) : 0;

  const onTick = async (stepId: string, input: TickInput) => {
    const wasFinished = isFinished;
    const next = await tick(stepId, input);
    void loadAlerts().catch(() => undefined);
    if (!wasFinished && next.local.finishedAt !== null) {
      if (next.local.keyId && hasKey) await reloadKey(next.local.keyId).catch(() => undefined);
      const rolled = next.local.rolled ? rolledParts(next.local.rolled) : null;
      notify({
        tone: 'success',
        title: 'Checklist finished',
        detail: rolled?.notReplaced
          ? `${run.key.name}’s dates were not changed: its secret was not replaced during the run.`
          : rolled?.expiry
            ? `${run.key.name} now expires ${formatDate(rolled.expiry.to)}.`
            : 'Every step is done or skipped.',
      });
    }
  };

  async function onExport() {
    // The file is signed with the user's name: asked once, first, while the button can still take focus back.
    if (
      !(await ensureAuthor().catch(
        (e: unknown) => (notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) }), false),
      ))
    )
      return;
    setExporting(true);
    try {
      const path = await exportRun(run.id);
      if (path)
        notify({
          tone: 'success',
          title: 'Signed checklist exported',
          detail: `${path} (and a readable .md beside it)`,
        });
    } catch (e) {
      notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) });
    } finally {
      setExporting(false);
    }
  }

  return (
    <article className="run-panel" aria-labelledby="run-title" data-testid="run-view">
      <header className="run-header">
        <div className="run-heading">
          <h2 id="run-title" title={run.title}>
            {run.title}
          </h2>
          <p className="run-key">
            <PlatformBadge platform={run.key.platform} />
            {run.key.account ? <span className="muted">{run.key.account}</span> : null}
            {hasKey ? (
              <button
                type="button"
                className="link small"
                onClick={() => {
                  setView('inventory');
                  openKey(run.local.keyId);
                }}
              >
                Open the key
              </button>
            ) : (
              <span className="faint small">Not linked to a key in this vault</span>
            )}
          </p>
        </div>
        <button type="button" className="button small" disabled={isExporting} onClick={() => void onExport()}>
          <Icon name="external" size={14} /> {isExporting ? 'Exporting…' : 'Export signed file…'}
        </button>
      </header>

      <dl className="run-facts">
        <div>
          <dt>Due</dt>
          <dd>
            {run.dueDate ? (
              <span className={`expiry urgency-${urgency}`} title={formatDate(run.dueDate)}>
                {formatDate(run.dueDate)} <span className="faint">({relativeDay(run.dueDate)})</span>
              </span>
            ) : (
              <span className="muted">No due date</span>
            )}
          </dd>
        </div>
        <div>
          <dt>Progress</dt>
          <dd className="run-progress">
            <span className="progress" aria-hidden="true">
              <span style={{ width: `${pct}%` }} />
            </span>
            <span>
              {closed}/{plural(run.steps.length, 'step')}
            </span>
          </dd>
        </div>
        <div>
          <dt>Started</dt>
          <dd title={`Key fingerprint ${run.createdBy.fingerprint}`}>
            {run.createdBy.name} · {formatDate(run.createdAt)}
          </dd>
        </div>
        {conflicts > 0 ? (
          <div>
            <dt>Conflicts</dt>
            <dd>
              <span className="badge conflict-badge">{conflicts} to settle</span>
            </dd>
          </div>
        ) : null}
      </dl>

      {isFinished ? <Finished run={run} /> : null}

      <ol className="steps" aria-label="Steps">
        {run.steps.map((s, i) => (
          <StepItem key={s.id} step={s} index={i} isReadOnly={isReadOnly} onTick={(input) => onTick(s.id, input)} />
        ))}
      </ol>
    </article>
  );
}
