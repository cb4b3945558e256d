// Importing a teammate's signed file: confirm an untrusted signer's fingerprint (the host
// trusts it, never the page alone), then what changed; or why the file was refused.
import { UiError, messageOf } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { useChecklists, type ImportState } from '../../stores/checklists.store';
import { useSession } from '../../stores/session.store';
import { STATE_LABEL } from './labels';

const REFUSED_HELP: Record<string, string> = {
  INTEGRITY_ERROR:
    'Its signature does not match its content: it was changed after it was signed, or damaged on the way. Nothing was imported. Ask its author for a fresh copy.',
  BAD_INPUT: 'It is not a Keyward checklist file Keyward can read. Nothing was imported.',
};

export function ChecklistImportDialog({ state }: { state: ImportState }) {
  const close = useChecklists((s) => s.closeImport);
  const trust = useChecklists((s) => s.trustAndImport);
  const open = useChecklists((s) => s.open);
  const setView = useSession((s) => s.setView);

  if (state.phase === 'untrusted') {
    const { signer, file } = state;
    return (
      <Dialog
        title="Trust this teammate?"
        onClose={close}
        footer={
          <>
            <button type="button" className="button" onClick={close}>
              Cancel
            </button>
            <button type="button" className="button primary" onClick={() => void trust()}>
              The fingerprints match: trust {signer.name}
            </button>
          </>
        }
      >
        <div className="trust">
          <p>
            <strong>{file}</strong> is signed by <strong>{signer.name}</strong>, who is not among your trusted teammates
            yet.
          </p>
          <p className="muted">
            Compare this fingerprint with {signer.name} in person or on a call before you trust it:
          </p>
          <code className="fingerprint" data-testid="signer-fingerprint">
            {signer.fingerprint}
          </code>
          <p className="muted small">
            Once trusted, their signed files import without asking. A file anyone changed after signing is always
            refused.
          </p>
        </div>
      </Dialog>
    );
  }

  if (state.phase === 'failed') {
    const code = state.error instanceof UiError ? state.error.code : 'INTERNAL';
    return (
      <Dialog
        title="This file was not imported"
        onClose={close}
        footer={
          <button type="button" className="button primary" onClick={close}>
            OK
          </button>
        }
      >
        <div className="import-error" role="alert">
          <Icon name="alert" size={18} />
          <div>
            <strong>{REFUSED_HELP[code] ?? 'Nothing was imported.'}</strong>
            <p className="muted">{messageOf(state.error)}</p>
          </div>
        </div>
      </Dialog>
    );
  }

  const r = state.result;
  const conflicts = r.changes.filter((c) => c.conflict).length;
  return (
    <Dialog
      title={`${r.isNew ? 'Added' : 'Merged'} “${r.title}”`}
      onClose={close}
      footer={
        <>
          <button type="button" className="button" onClick={close}>
            Close
          </button>
          {r.kind === 'run' ? (
            <button
              type="button"
              className="button primary"
              onClick={() => {
                setView('checklists');
                void open(r.id);
                close();
              }}
            >
              Open checklist
            </button>
          ) : null}
        </>
      }
    >
      <div className="import-result" role="status">
        <p>
          Signed by <strong>{r.signer.name}</strong> <code className="fingerprint small">{r.signer.fingerprint}</code>
        </p>
        {r.kind === 'template' ? (
          <p className="muted">The template was saved in this vault.</p>
        ) : r.changes.length === 0 ? (
          <p className="muted">
            {r.isNew ? 'A new checklist in this vault.' : 'Nothing changed: you already had all of it.'}
          </p>
        ) : (
          <>
            <p className="muted">
              {r.changes.length} step{r.changes.length === 1 ? '' : 's'} changed
              {conflicts > 0 ? `, ${conflicts} in conflict (both of you changed it; settle it in the checklist)` : ''}:
            </p>
            <ul className="change-list">
              {r.changes.map((c) => (
                <li key={c.stepId} className={c.conflict ? 'is-conflict' : ''}>
                  <span className="change-title">{c.title}</span>
                  <span className="muted">
                    {c.from ? STATE_LABEL[c.from] : 'new'} → {STATE_LABEL[c.to]}
                    {c.by ? ` (${c.by.name})` : ''}
                  </span>
                  {c.conflict ? <span className="badge conflict-badge">conflict</span> : null}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </Dialog>
  );
}
