// Import keys from a file: the host's native dialog picks it and the core reads it,
// so the renderer only ever sees a preview (names, platforms, hints, duplicates).
// Review and correct platforms, then one all-or-nothing commit with a progress bar. A row with a
// problem is left out (said at the row, counted above Import, named in the summary); a problem of the
// file itself blocks the import.
import { plural } from '../../api/messages';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { PlatformId } from '../../../../src-main/contract/keys';
import type { ImportPreview, ImportProgress, ImportSummary } from '../../../../src-main/contract/outputs';
import { call } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { useAlerts } from '../../stores/alerts.store';
import { useKeys } from '../../stores/keys.store';
import { useUi } from '../../stores/ui.store';
import {
  ImportPreviewTable,
  includedByDefault,
  problemText,
  storedByDefault,
  type RowChoice,
} from './ImportPreviewTable';
import { FORMAT_LABEL, ImportError, ImportSourceBar, parseMapping } from './ImportSource';

type Phase = 'pick' | 'preview' | 'importing' | 'done';
type File = { fileId: string; fileName: string };
type Item = ImportPreview['items'][number];

/**
 * The skipped lines counted as the JSON preview counts them: entries left wholly out, and apart from them the
 * fields skipped inside entries that are imported or listed otherwise (a KeePass entry's TOTP seed).
 */
function skippedSummary(entries: number, lines: number): string {
  const fields = lines - entries;
  const head = `${entries === 1 ? '1 entry' : `${entries.toLocaleString('en')} entries`} not imported`;
  if (fields <= 0) return head;
  return `${head} · ${fields === 1 ? '1 field' : `${fields.toLocaleString('en')} fields`} skipped in other entries`;
}

/** The bulk edit button's words, also named by the summary's hint as the button reads. */
const editImportedLabel = (n: number): string => `Edit the ${plural(n, 'imported key')}…`;

export function ImportDialog() {
  const setImport = useUi((s) => s.setImport);
  const notify = useUi((s) => s.notify);
  const loadKeys = useKeys((s) => s.load);
  const loadAlerts = useAlerts((s) => s.load);
  const [phase, setPhase] = useState<Phase>('pick');
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState('');
  const [mapping, setMapping] = useState('');
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [choices, setChoices] = useState<Record<number, RowChoice>>({});
  const [revised, setRevised] = useState<Record<number, Item>>({});
  // The platform last chosen per row: an answer for an earlier choice is dropped.
  const asked = useRef<Record<number, PlatformId>>({});
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const poll = useRef<number | null>(null);
  useEffect(() => () => void (poll.current !== null && window.clearInterval(poll.current)), []);

  const load = async (f: File) => {
    setBusy(true);
    setError(null);
    try {
      const m = parseMapping(mapping);
      const view = await call('import.preview', {
        fileId: f.fileId,
        ...(format ? { format } : {}),
        ...(m ? { mapping: m } : {}),
      });
      setPreview(view);
      setRevised({});
      asked.current = {};
      setChoices(
        Object.fromEntries(view.items.map((i) => [i.index, { include: includedByDefault(i), platform: i.platform }])),
      );
      setPhase('preview');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const pick = async () => {
    setError(null);
    try {
      const picked = await call('host.pickImportFile', {});
      if (picked === null) return;
      setFile(picked);
      await load(picked);
    } catch (e) {
      setError(e);
    }
  };

  /** Checks a row again under the platform just chosen: its problem may be gone, or a new one may appear. */
  const recheck = (index: number, platform: PlatformId) => {
    if (!preview) return;
    asked.current[index] = platform;
    call('import.revise', { previewId: preview.id, corrections: [{ index, platform }] }).then(
      ({ items }) => {
        const row = items[0];
        if (!row || asked.current[index] !== platform) return;
        setRevised((r) => ({ ...r, [index]: row }));
        // A row with a problem cannot stay checked; one whose problem is gone waits for the user to check it.
        if (row.errors.length > 0)
          setChoices((all) => {
            const c = all[index];
            return c && c.include ? { ...all, [index]: { ...c, include: false } } : all;
          });
      },
      (e: unknown) => setError(e),
    );
  };
  const current = (i: Item): Item => revised[i.index] ?? i;
  /** Rows the core would store but leaves out for a problem: counted above Import and named after it. */
  const leftOutForProblems = useMemo(
    () => (preview?.items ?? []).filter((i) => storedByDefault(i) && (revised[i.index] ?? i).errors.length > 0).length,
    [preview, revised],
  );
  const chosen = useMemo(
    () =>
      (preview?.items ?? []).filter(
        (i) => choices[i.index]?.include === true && (revised[i.index] ?? i).errors.length === 0,
      ).length,
    [preview, choices, revised],
  );
  const commit = async () => {
    if (!preview) return;
    setPhase('importing');
    setError(null);
    poll.current = window.setInterval(() => {
      call('import.progress', {}).then(setProgress, () => undefined);
    }, 150);
    try {
      type Correction = { index: number; platform?: PlatformId; include?: boolean };
      const corrections = preview.items.flatMap((i): Correction[] => {
        const c = choices[i.index];
        if (!c) return [];
        // A guessed platform confirmed as it is goes as a correction too, or it stays recorded as a guess.
        const changed = c.platform !== i.platform || c.confirmed === true;
        // A row with a problem is not included by hand: the core leaves it out and names it in the summary.
        if (current(i).errors.length > 0) return changed ? [{ index: i.index, platform: c.platform }] : [];
        const include = c.include !== storedByDefault(i);
        return changed || include
          ? [{ index: i.index, include: c.include, ...(changed ? { platform: c.platform } : {}) }]
          : [];
      });
      const result = await call('import.commit', { previewId: preview.id, leaveOutInvalid: true, corrections });
      setSummary(result);
      setPhase('done');
      notify({ tone: 'success', title: `Imported ${plural(result.added, 'key')} from ${preview.fileName}` });
      await loadKeys().catch(() => undefined);
      // The keys just imported are what the user wants to see, needing action or not: list every key.
      useKeys.getState().setView('all');
      await loadAlerts().catch(() => undefined);
    } catch (e) {
      setError(e);
      setPhase('preview');
    } finally {
      if (poll.current !== null) window.clearInterval(poll.current);
      poll.current = null;
    }
  };

  const setBulkEdit = useUi((s) => s.setBulkEdit);
  const close = () => setImport(false);
  // Only a problem of the file itself blocks; a row's own problem leaves that row out.
  const fileErrors = preview?.fileErrors ?? [];
  const blocked = fileErrors.length > 0;
  const needsMapping = (error as { subject?: string } | null)?.subject === 'mapping';
  const footer =
    phase === 'preview' ? (
      <>
        {leftOutForProblems > 0 && !blocked ? (
          <p className="import-left-out" data-testid="import-left-out" role="status">
            {leftOutForProblems === 1
              ? '1 row is left out: it has a problem, said at its row.'
              : `${leftOutForProblems.toLocaleString('en')} rows are left out: each has a problem, said at its row.`}{' '}
            {chosen === 0
              ? 'No other row is checked: fix the rows in the file and open it again.'
              : `The other ${plural(chosen, 'key')} ${chosen === 1 ? 'is' : 'are'} imported.`}
          </p>
        ) : null}
        <button type="button" className="button" onClick={close}>
          Cancel
        </button>
        <button
          type="button"
          className="button primary"
          disabled={blocked || chosen === 0}
          onClick={() => void commit()}
        >
          Import {plural(chosen, 'key')}
        </button>
      </>
    ) : phase === 'done' ? (
      <>
        {summary && summary.keys.length > 0 ? (
          <button
            type="button"
            className="button"
            // Opened over the summary: Esc comes back to this button; saving the edit ends the import too.
            onClick={() => setBulkEdit(summary.keys.map((k) => k.id))}
          >
            {editImportedLabel(summary.keys.length)}
          </button>
        ) : null}
        <button type="button" className="button primary" onClick={close}>
          Done
        </button>
      </>
    ) : null;

  return (
    <Dialog title="Import keys" onClose={phase === 'importing' ? () => undefined : close} width="full" footer={footer}>
      <div className="import" data-testid="import-dialog">
        {phase === 'pick' || phase === 'preview' ? (
          <ImportSourceBar
            fileName={file?.fileName ?? null}
            format={format}
            isBusy={busy}
            onFormat={setFormat}
            onPick={() => void pick()}
            onReload={file ? () => void load(file) : null}
          />
        ) : null}
        {phase === 'pick' && !file ? (
          <p className="muted">
            .env files, spreadsheets (CSV), Keyward JSON, Bitwarden JSON, 1Password CSV, KeePassXC CSV and KeePass 2 XML
            exports. Nothing is stored until you confirm, and then everything is stored at once or nothing is.
          </p>
        ) : null}
        {needsMapping || mapping ? (
          <label className="field">
            <span>
              Column mapping (COLUMN=FIELD, comma-separated; fields: name, secret, platform, account, environment,
              owner, tags, notes, url, expiresAt)
            </span>
            <input
              value={mapping}
              placeholder="Service=name, Key Value=secret"
              onChange={(e) => setMapping(e.target.value)}
            />
          </label>
        ) : null}
        {error ? <ImportError error={error} /> : null}
        {phase === 'preview' && preview ? (
          <>
            <p className="import-counts">
              <strong>{(preview.counts.items - preview.counts.leftOut).toLocaleString('en')}</strong> keys found in{' '}
              {preview.fileName} ({FORMAT_LABEL[preview.format]}) · <strong>{preview.counts.duplicates}</strong> already
              in the vault or repeated
              {preview.counts.leftOut > 0 ? (
                <>
                  {' '}
                  · <strong>{preview.counts.leftOut}</strong> left out (not API keys)
                </>
              ) : null}
            </p>
            {preview.skipped.length > 0 ? (
              <details className="import-skipped">
                <summary>{skippedSummary(preview.counts.byEntry.skipped, preview.skipped.length)}</summary>
                <ul>
                  {preview.skipped.slice(0, 50).map((s, n) => (
                    <li key={n} className="small">
                      <span className="mono">{s.ref}</span>: {s.reason}
                    </li>
                  ))}
                </ul>
              </details>
            ) : null}
            {blocked ? (
              <div className="error-note" role="alert">
                <strong>
                  {fileErrors.length} {fileErrors.length === 1 ? 'place' : 'places'} in the file cannot be read as a
                  key; fix {fileErrors.length === 1 ? 'it' : 'them'} in the file before anything can be imported:
                </strong>
                <ul className="import-errors">
                  {fileErrors.slice(0, 20).map((e, n) => (
                    <li key={n}>
                      <span className="mono">{e.ref}</span>: {e.message}
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
            <ImportPreviewTable
              items={preview.items}
              revised={revised}
              fileName={preview.fileName}
              choices={choices}
              onChange={setChoices}
              onPlatform={recheck}
            />
          </>
        ) : null}
        {phase === 'importing' ? (
          <div className="bulk">
            <p>Sealing and storing {chosen.toLocaleString('en')} keys…</p>
            <div
              className="progress"
              role="progressbar"
              aria-label="Import progress"
              aria-valuemin={0}
              aria-valuemax={progress?.total ?? chosen}
              aria-valuenow={progress?.done ?? 0}
            >
              <span
                style={{
                  width: `${progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0}%`,
                }}
              />
            </div>
            <p className="muted small">
              {progress?.phase === 'writing'
                ? 'Writing…'
                : `${(progress?.done ?? 0).toLocaleString('en')} of ${chosen.toLocaleString('en')}`}
            </p>
          </div>
        ) : null}
        {phase === 'done' && summary ? (
          <div className="bulk" data-testid="import-summary">
            <p>
              <strong>Imported {plural(summary.added, 'key')}.</strong>{' '}
              {summary.duplicatesSkipped > 0
                ? `${plural(summary.duplicatesSkipped, 'duplicate was', 'duplicates were')} skipped. `
                : ''}
              {summary.excluded > summary.invalid.length
                ? `${plural(summary.excluded - summary.invalid.length, 'key')} left out by you.`
                : ''}
            </p>
            {summary.invalid.length > 0 ? (
              <>
                <p>
                  {summary.invalid.length === 1
                    ? '1 row was left out for a problem:'
                    : `${summary.invalid.length.toLocaleString('en')} rows were left out for a problem:`}
                </p>
                <ul className="import-errors" data-testid="import-invalid">
                  {summary.invalid.slice(0, 50).map((r, n) => (
                    <li key={n}>
                      <span className="mono">{r.ref}</span> {r.name}: {problemText(r.problems)}
                    </li>
                  ))}
                </ul>
                {summary.invalid.length > 50 ? (
                  <p className="muted small">
                    … and {(summary.invalid.length - 50).toLocaleString('en')} more; fix them in the file and import it
                    again: the keys already imported are found as duplicates.
                  </p>
                ) : null}
              </>
            ) : null}
            {summary.keys.length > 0 ? (
              <p className="muted">
                The {plural(summary.keys.length, 'key')} imported keep the names of the file. Give them owners, accounts
                and names at once with {editImportedLabel(summary.keys.length)}
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
    </Dialog>
  );
}
