// Where a scan found this key in plaintext ("keyward scan" or Scan a folder…): each place with when it was
// first and last seen. Read again after every scan this window finishes. Places only, never the value.
import { useEffect, useState } from 'react';
import type { PlaintextFinding } from '../../../../src-main/contract/scan';
import { call } from '../../api/client';
import { placeLine } from '../../api/messages';
import { formatDateTime } from '../../lib/dates';
import { visibleName } from '../scan/format';
import { useScan } from '../../stores/scan.store';

export function PlaintextFindings({ keyId }: { keyId: string }) {
  const finished = useScan((s) => s.finished);
  const [findings, setFindings] = useState<PlaintextFinding[]>([]);
  useEffect(() => {
    let isCurrent = true;
    call('scan.findings', { keyId }).then(
      (r) => isCurrent && setFindings(r.findings),
      () => isCurrent && setFindings([]),
    );
    return () => {
      isCurrent = false;
    };
  }, [keyId, finished]);
  if (findings.length === 0) return null;
  return (
    <section className="detail-section" aria-labelledby="findings-title" data-testid="key-findings">
      <h3 id="findings-title">Found in plaintext</h3>
      <p className="muted small">
        Remove each copy, then rotate the key: anyone who could read these files may have it.
      </p>
      <ul className="findings">
        {findings.map((f) => (
          <li key={`${f.path}:${f.line}:${f.commit ?? ''}`}>
            <span>
              Found in plaintext: <bdi className="mono" dir="ltr">{`${visibleName(f.path)}${placeLine(f.line)}`}</bdi>
              {f.commit ? (
                <span className="faint">
                  {' '}
                  · in commit <span className="mono">{f.commit.slice(0, 12)}</span>
                </span>
              ) : null}
            </span>
            <span className="faint small">
              First seen {formatDateTime(f.firstSeen)} · last seen {formatDateTime(f.lastSeen)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
