// "Scan a folder…": main asks for the folder in its native dialog and scans it in its own process; this
// dialog shows the counts so far with Cancel, then the copies found grouped by key. No value ever reaches it.
import { Fragment } from 'react';
import type { ScanStatus } from '../../../../src-main/contract/scan';
import { plural } from '../../api/messages';
import { Dialog } from '../../components/Dialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useScan } from '../../stores/scan.store';
import { formatSize } from './format';
import { ScanResults } from './ScanResults';

function Counts({ status }: { status: ScanStatus }) {
  return (
    <dl className="scan-counts" data-testid="scan-counts">
      <div>
        <dt>Files</dt>
        <dd>{status.files.toLocaleString('en')}</dd>
      </div>
      <div>
        <dt>Read</dt>
        <dd>{formatSize(status.bytes)}</dd>
      </div>
      {status.gitHistory ? (
        <div>
          <dt>Commits</dt>
          <dd>{status.commits.toLocaleString('en')}</dd>
        </div>
      ) : null}
      <div>
        <dt>Matches</dt>
        <dd>{status.found.toLocaleString('en')}</dd>
      </div>
    </dl>
  );
}

function Start() {
  const gitHistory = useScan((s) => s.gitHistory);
  const setGitHistory = useScan((s) => s.setGitHistory);
  const isAsking = useScan((s) => s.isAsking);
  return (
    <>
      <p>
        Keyward looks through every file of a folder you choose for copies of the keys in your vault, and for other
        key-shaped values it does not hold. It shows where each copy is, never the key itself, and nothing leaves this
        computer.
      </p>
      <label className="check">
        <input
          type="checkbox"
          checked={gitHistory}
          disabled={isAsking}
          onChange={(e) => setGitHistory(e.target.checked)}
        />
        <span>Also read the folder’s git history (every commit, including files deleted since)</span>
      </label>
    </>
  );
}

export function ScanDialog() {
  const status = useScan((s) => s.status);
  const error = useScan((s) => s.error);
  const isAsking = useScan((s) => s.isAsking);
  const close = useScan((s) => s.close);
  const start = useScan((s) => s.start);
  const cancel = useScan((s) => s.cancel);
  const again = useScan((s) => s.again);
  const phase = status?.phase ?? 'idle';
  const isRunning = phase === 'running';

  // Each phase's buttons are new ones (keyed), so focus never stays on a button that changed its meaning.
  const footer = isRunning ? (
    <button type="button" className="button" onClick={() => void cancel()}>
      Cancel scan
    </button>
  ) : phase === 'idle' ? (
    <Fragment key="idle">
      <button type="button" className="button" onClick={close}>
        Close
      </button>
      <button type="button" className="button primary" disabled={isAsking} onClick={() => void start()}>
        {isAsking ? 'Choosing a folder…' : 'Choose a folder and scan…'}
      </button>
    </Fragment>
  ) : (
    <Fragment key="finished">
      <button type="button" className="button" onClick={again}>
        Scan another folder…
      </button>
      <button type="button" className="button primary" onClick={close}>
        Done
      </button>
    </Fragment>
  );

  return (
    <Dialog title="Scan a folder for keys" onClose={close} width="wide" footer={footer}>
      <div className="scan" data-testid="scan-dialog" data-phase={phase}>
        {phase === 'idle' ? <Start /> : null}
        {status && phase !== 'idle' ? (
          <p className="scan-folder">
            <span className="muted">{isRunning ? 'Scanning' : 'Scanned'}</span>{' '}
            <span className="mono">{status.folder}</span>
            {status.gitHistory ? <span className="muted"> and its git history</span> : null}
          </p>
        ) : null}
        {isRunning && status ? (
          <div className="bulk" role="status" aria-label="Scan progress">
            <div className="progress indeterminate" aria-hidden="true">
              <span />
            </div>
            <Counts status={status} />
          </div>
        ) : null}
        {phase === 'cancelled' && status ? (
          <div role="status" data-testid="scan-cancelled">
            <p>
              <strong>Scan cancelled</strong> after {plural(status.files, 'file')} ({formatSize(status.bytes)}). Nothing
              it found was recorded on your keys.
            </p>
          </div>
        ) : null}
        {phase === 'failed' && status ? (
          <div className="error-note" role="alert">
            <strong>The scan stopped.</strong> <span>{status.problem ?? 'Something went wrong inside Keyward.'}</span>
          </div>
        ) : null}
        {phase === 'done' && status?.result ? <ScanResults result={status.result} folder={status.folder} /> : null}
        <ErrorNote error={error} />
      </div>
    </Dialog>
  );
}
