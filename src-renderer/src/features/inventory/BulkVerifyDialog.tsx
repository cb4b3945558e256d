// Verify many keys against their platforms, with progress and a Cancel that stops
// further checks at once (checks already sent finish and are recorded).
import { useEffect, useRef, useState } from 'react';
import type { KeyRecord, VerifyResult } from '../../../../src-main/contract/keys';
import { call, messageOf } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { useAlerts } from '../../stores/alerts.store';
import { useKeys } from '../../stores/keys.store';

const CONCURRENCY = 4;
type Tally = Partial<Record<VerifyResult | 'error', number>>;

export function BulkVerifyDialog({ keys, onClose }: { keys: KeyRecord[]; onClose: () => void }) {
  const loadKeys = useKeys((s) => s.load);
  const loadAlerts = useAlerts((s) => s.load);
  const [done, setDone] = useState(0);
  const [tally, setTally] = useState<Tally>({});
  const [phase, setPhase] = useState<'running' | 'cancelled' | 'finished'>('running');
  const [lastError, setLastError] = useState<string | null>(null);
  const isCancelled = useRef(false);

  useEffect(() => {
    isCancelled.current = false;
    let next = 0;
    const count = (k: VerifyResult | 'error') => setTally((t) => ({ ...t, [k]: (t[k] ?? 0) + 1 }));
    const worker = async () => {
      while (next < keys.length && !isCancelled.current) {
        const key = keys[next++] as KeyRecord;
        try {
          count((await call('keys.verify', { id: key.id })).result);
        } catch (e) {
          count('error');
          setLastError(messageOf(e));
        }
        setDone((d) => d + 1);
      }
    };
    void Promise.all(Array.from({ length: Math.min(CONCURRENCY, keys.length) }, worker)).then(async () => {
      setPhase(isCancelled.current ? 'cancelled' : 'finished');
      await loadKeys().catch(() => undefined);
      await loadAlerts().catch(() => undefined);
    });
    return () => {
      isCancelled.current = true;
    };
  }, [keys, loadKeys, loadAlerts]);

  const percent = keys.length === 0 ? 100 : Math.round((done / keys.length) * 100);
  const entries = Object.entries(tally) as [string, number][];
  return (
    <Dialog title="Verify keys" onClose={onClose}>
      <div className="bulk" data-testid="bulk-verify">
        <p>
          {phase === 'running'
            ? `Checking ${keys.length === 1 ? 'the key' : `${keys.length} keys`} against ${keys.length === 1 ? 'its platform' : 'their platforms'}…`
            : phase === 'cancelled'
              ? `Cancelled after ${done} of ${keys.length} keys.`
              : `Checked ${done === 1 ? 'the key' : `${done} keys`}.`}
        </p>
        <div
          className="progress"
          role="progressbar"
          aria-label="Verification progress"
          aria-valuemin={0}
          aria-valuemax={keys.length}
          aria-valuenow={done}
        >
          <span style={{ width: `${percent}%` }} />
        </div>
        <p className="muted small">
          {done} of {keys.length}
        </p>
        {entries.length > 0 ? (
          <ul className="tally">
            {entries.map(([result, n]) => (
              <li key={result} className={`verify-${result}`}>
                <strong>{n}</strong> {result}
              </li>
            ))}
          </ul>
        ) : null}
        {lastError ? <p className="muted small">Last error: {lastError}</p> : null}
        <div className="form-actions">
          {phase === 'running' ? (
            <button type="button" className="button" onClick={() => (isCancelled.current = true)}>
              Cancel
            </button>
          ) : (
            <button type="button" className="button primary" onClick={onClose}>
              Close
            </button>
          )}
        </div>
      </div>
    </Dialog>
  );
}
