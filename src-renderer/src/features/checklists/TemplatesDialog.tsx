// The checklist templates: built-in ones per platform and those edited in this vault.
// Read-only here: the command line edits one (docs/CHECKLISTS.md), and the app does not show its commands.
import { stepForApp, TEMPLATE_EDIT_NOTE } from '../../api/messages';
import { useEffect, useState } from 'react';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { formatDate } from '../../lib/dates';
import { PLATFORM_LABEL } from '../../lib/platforms';
import { useChecklists } from '../../stores/checklists.store';

export function TemplatesDialog({ onClose }: { onClose: () => void }) {
  const templates = useChecklists((s) => s.templates);
  const loadTemplates = useChecklists((s) => s.loadTemplates);
  const [chosen, setChosen] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    loadTemplates().catch(setError);
  }, [loadTemplates]);
  const t = templates.find((x) => x.id === chosen) ?? templates[0];

  return (
    <Dialog title="Checklist templates" onClose={onClose} width="wide">
      <ErrorNote error={error} />
      <div className="templates">
        <ul className="template-list" aria-label="Templates">
          {templates.map((x) => (
            <li key={x.id}>
              <button
                type="button"
                className={`run-item${x.id === t?.id ? ' on' : ''}`}
                aria-current={x.id === t?.id ? 'true' : undefined}
                onClick={() => setChosen(x.id)}
              >
                <span className="run-item-name">{x.name}</span>
                <span className="faint small">
                  {x.platform ? PLATFORM_LABEL[x.platform] : 'Any platform'} · {x.builtIn ? 'built-in' : 'edited'}
                </span>
              </button>
            </li>
          ))}
        </ul>
        {t ? (
          <section className="template-steps" aria-labelledby="template-title">
            <h3 id="template-title">{t.name}</h3>
            <p className="faint small">
              <code>{t.id}</code> · {t.builtIn ? 'built in' : `edited ${formatDate(t.updatedAt)}`}
            </p>
            <ol>
              {t.steps.map((s) => (
                <li key={s.id}>
                  <strong>{s.title}</strong>
                  {s.kind === 'deployments' ? <span className="faint"> (one step per deployment)</span> : null}
                  {s.detail ? <p className="muted small">{stepForApp(s.detail)}</p> : null}
                </li>
              ))}
            </ol>
            <p className="muted small">{TEMPLATE_EDIT_NOTE}</p>
          </section>
        ) : null}
      </div>
    </Dialog>
  );
}
