// Settings > Team sharing: who you are to your teammates (name and key fingerprint),
// the team folder and "Sync now" (git runs in the main process), and whom you trust.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { TeamStatus } from '../../../../src-main/contract/checklists';
import type { SyncReport } from '../../../../src-main/contract/checklists';
import { call, messageOf, nextStep } from '../../api/client';
import { AUTHOR_NAME, forPerson } from '../../api/messages';
import { ErrorNote } from '../../components/ErrorNote';
import { formatDate } from '../../lib/dates';
import { useAuthor } from '../../stores/author.store';
import { useChecklists } from '../../stores/checklists.store';
import { useSession } from '../../stores/session.store';
import { useUi } from '../../stores/ui.store';

const syncSummary = (r: SyncReport) =>
  `Wrote ${r.written.length} file${r.written.length === 1 ? '' : 's'}, imported ${r.imported.length} change${r.imported.length === 1 ? '' : 's'}${r.isGit ? (r.pushed ? ', pushed' : ', committed locally (no remote)') : ''}.`;

export function TeamCard() {
  const [team, setTeam] = useState<TeamStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [isBusy, setBusy] = useState(false);
  const [report, setReport] = useState<SyncReport | null>(null);
  const isReadOnly = useSession((s) => s.status?.readOnly ?? false);
  const loadRuns = useChecklists((s) => s.load);
  const notify = useUi((s) => s.notify);
  const ensureAuthor = useAuthor((s) => s.ensure);
  const saveName = useAuthor((s) => s.save);

  const refresh = useCallback(
    () =>
      call('team.status', {}).then((t) => {
        setTeam(t);
        setName(t.name ?? '');
        useAuthor.setState({ name: t.name });
      }, setError),
    [],
  );
  useEffect(() => {
    void refresh();
  }, [refresh]);

  const folderButton = useRef<HTMLButtonElement>(null);
  const syncButton = useRef<HTMLButtonElement>(null);
  /** Asks for the name once (the files are signed with it); false when cancelled or it failed. */
  const asAuthor = () =>
    ensureAuthor().catch((e: unknown) => {
      notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) });
      return false;
    });
  /**
   * A button disabled while busy drops focus: once enabled again, it takes it back. The focus waits for
   * the render that enables it (a frame may come before it, when a disabled button cannot take focus).
   */
  const focusAfterBusy = useRef<HTMLButtonElement | null>(null);
  const refocus = (button: HTMLButtonElement | null) => {
    focusAfterBusy.current = button;
  };
  useEffect(() => {
    const button = focusAfterBusy.current;
    if (isBusy || !button) return;
    focusAfterBusy.current = null;
    const active = document.activeElement;
    if (active === null || active === document.body || active === button) button.focus();
  }, [isBusy, team]);

  async function chooseFolder() {
    // Joining a team folder signs files with the user's name: asked once, first (Esc changes nothing).
    if (!(await asAuthor())) return;
    const author = useAuthor.getState().name;
    if (!author) return;
    setBusy(true);
    try {
      const r = await call('host.chooseTeamFolder', { name: author });
      if (r.status === 'set') notify({ tone: 'success', title: 'Team folder set', detail: r.folder });
      await refresh();
    } catch (e) {
      notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) });
    } finally {
      setBusy(false);
      refocus(folderButton.current);
    }
  }

  async function sync() {
    if (!(await asAuthor())) return;
    setBusy(true);
    try {
      const r = await call('team.sync', {});
      setReport(r);
      await loadRuns();
      notify({
        tone: r.refused.length + r.notShared.length > 0 ? 'error' : 'success',
        title: 'Team folder synced',
        detail: syncSummary(r),
      });
    } catch (e) {
      notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) });
    } finally {
      setBusy(false);
      refocus(syncButton.current);
    }
  }

  return (
    <section className="card" aria-labelledby="team-title" data-testid="team-card">
      <h2 id="team-title">Team sharing</h2>
      <ErrorNote error={error} />
      {team ? (
        <>
          <div className="setting">
            <div>
              <h3>You</h3>
              <p className="muted">
                Teammates see this name on your ticks. Read them your fingerprint when they first trust your files.
              </p>
            </div>
            <div className="setting-control team-me">
              {team.name !== null ? (
                <strong data-testid="my-name">{team.name}</strong>
              ) : (
                <span className="muted" data-testid="my-name">
                  {AUTHOR_NAME.notSet}
                </span>
              )}
              <form
                className="team-name"
                aria-label={AUTHOR_NAME.label}
                onSubmit={(e) => {
                  e.preventDefault();
                  saveName(name).then((saved) => {
                    setError(null);
                    notify({ tone: 'success', title: AUTHOR_NAME.saved(saved) });
                    return refresh();
                  }, setError);
                }}
              >
                <input
                  className="setting-input"
                  aria-label={AUTHOR_NAME.settingsLabel}
                  value={name}
                  placeholder={AUTHOR_NAME.placeholder}
                  maxLength={120}
                  onChange={(e) => setName(e.target.value)}
                />
                <button
                  type="submit"
                  className="button"
                  disabled={isReadOnly || name.trim() === '' || name.trim() === team.name}
                >
                  {AUTHOR_NAME.saveInSettings}
                </button>
              </form>
              {team.fingerprint !== null ? (
                <code className="fingerprint small" data-testid="my-fingerprint">
                  {team.fingerprint}
                </code>
              ) : null}
            </div>
          </div>
          <div className="setting">
            <div>
              <h3>Team folder</h3>
              <p className="muted">
                A git working copy or a synced drive the team shares. Each run is one signed file in{' '}
                <code>checklists/</code>; with git, syncing commits, pulls (merging step by step) and pushes.
              </p>
              {team.folder ? <code className="path">{team.folder}</code> : <p className="faint">Not set.</p>}
            </div>
            <div className="setting-control team-actions">
              <button
                ref={folderButton}
                type="button"
                className="button"
                disabled={isBusy || isReadOnly}
                onClick={() => void chooseFolder()}
              >
                {team.folder ? 'Change…' : 'Choose folder…'}
              </button>
              {team.folder ? (
                <button
                  ref={syncButton}
                  type="button"
                  className="button primary"
                  disabled={isBusy || isReadOnly}
                  onClick={() => void sync()}
                >
                  {isBusy ? 'Syncing…' : 'Sync now'}
                </button>
              ) : null}
            </div>
          </div>
          {report ? (
            <div className="sync-report" role="status">
              <p>{syncSummary(report)}</p>
              {report.mergedConflicts.map((p) => (
                <p key={p} className="muted">
                  Merged a git conflict on {p} step by step.
                </p>
              ))}
              {report.refused.map((x) => (
                <p key={x.file} className="field-error">
                  Not imported: {forPerson('UNTRUSTED_SIGNER', x.message)}
                </p>
              ))}
              {report.notShared.map((x) => (
                <p key={`not-shared-${x.runId}`} className="field-error">
                  Not shared: {forPerson('BAD_INPUT', x.message)}
                </p>
              ))}
            </div>
          ) : null}
          <div className="setting">
            <div>
              <h3>Trusted teammates</h3>
              {team.trusted.length === 0 ? (
                <p className="muted">
                  None yet. Importing a teammate’s file asks you to compare their fingerprint first.
                </p>
              ) : (
                <ul className="trusted-list">
                  {team.trusted.map((t) => (
                    <li key={t.publicKey}>
                      <strong>{t.name}</strong> <code className="fingerprint small">{t.fingerprint}</code>{' '}
                      <span className="faint">since {formatDate(t.addedAt)}</span>
                    </li>
                  ))}
                </ul>
              )}
            </div>
          </div>
        </>
      ) : null}
    </section>
  );
}
