// Checklists: the team's rotation runs (open first) beside the one being worked on.
import { useEffect } from 'react';
import { messageOf, nextStep } from '../../api/client';
import { EmptyState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { useChecklists } from '../../stores/checklists.store';
import { useUi } from '../../stores/ui.store';
import { RunList } from './RunList';
import { RunPanel } from './RunPanel';

export function ChecklistsScreen() {
  const runs = useChecklists((s) => s.runs);
  const isLoaded = useChecklists((s) => s.isLoaded);
  const openRunId = useChecklists((s) => s.openRunId);
  const run = useChecklists((s) => s.run);
  const load = useChecklists((s) => s.load);
  const open = useChecklists((s) => s.open);
  const setStarting = useChecklists((s) => s.setStarting);
  const setTemplatesOpen = useChecklists((s) => s.setTemplatesOpen);
  const importFile = useChecklists((s) => s.importFile);
  const notify = useUi((s) => s.notify);

  useEffect(() => {
    load().catch((e: unknown) => notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) }));
  }, [load, notify]);

  // Opens the most urgent open run when none is chosen yet.
  useEffect(() => {
    if (openRunId !== null || runs.length === 0) return;
    const first =
      runs.filter((r) => !r.finished).sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'))[0] ??
      runs[0];
    if (first) void open(first.id).catch(() => undefined);
  }, [openRunId, runs, open]);

  const openCount = runs.filter((r) => !r.finished).length;
  return (
    <section className="screen checklists" aria-labelledby="checklists-title">
      <header className="screen-header">
        <div>
          <h1 id="checklists-title">Checklists</h1>
          <p className="muted">
            {runs.length === 0
              ? 'Rotations shared with your team, step by step. Nothing shared ever holds a key.'
              : `${openCount} open · ${runs.length - openCount} finished. Share a run as a signed file, or through the team folder.`}
          </p>
        </div>
        <div className="header-actions">
          <button type="button" className="button" onClick={() => setTemplatesOpen(true)}>
            Templates
          </button>
          <button type="button" className="button" onClick={() => void importFile()}>
            Import…
          </button>
          <button type="button" className="button primary" onClick={() => setStarting({ keyId: null })}>
            <Icon name="plus" /> Start checklist
          </button>
        </div>
      </header>
      {isLoaded && runs.length === 0 ? (
        <EmptyState
          icon="check"
          title="No rotation checklists yet"
          action={
            <button type="button" className="button primary" onClick={() => setStarting({ keyId: null })}>
              Start a checklist
            </button>
          }
        >
          Start one from a key (its platform’s steps are filled in), or import a file a teammate signed.
        </EmptyState>
      ) : (
        <div className="checklists-body">
          <RunList runs={runs} openId={openRunId} onOpen={(id) => void open(id).catch(() => undefined)} />
          <div className="run-pane">
            {run && run.id === openRunId ? (
              <RunPanel run={run} />
            ) : (
              <p className="muted run-pane-empty">{runs.length > 0 ? 'Choose a checklist.' : ''}</p>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
