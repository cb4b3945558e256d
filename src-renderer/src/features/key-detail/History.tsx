// What happened to a key, newest first. Entries name fields, never values of the secret.
import type { HistoryEntry } from '../../../../src-main/contract/keys';
import { verifyLabel } from '../../api/messages';
import { formatDateTime } from '../../lib/dates';

const ACTION_LABEL: Record<string, string> = {
  created: 'Added to the vault',
  edited: 'Edited',
  revealed: 'Secret revealed',
  copied: 'Secret copied',
  used: 'Secret used',
  verified: 'Verified',
  status: 'Status changed',
};

export function History({ entries }: { entries: HistoryEntry[] }) {
  const newestFirst = [...entries].reverse().slice(0, 50);
  return (
    <ol className="history">
      {newestFirst.map((h, i) => (
        <li key={`${h.at}-${i}`}>
          <span className={`history-dot action-${h.action}`} aria-hidden="true" />
          <div>
            <strong>{ACTION_LABEL[h.action] ?? h.action}</strong>
            {h.detail ? (
              // A verification's detail is its result code ("platform-error"): shown in words, as everywhere else.
              <span className="muted"> · {h.action === 'verified' ? verifyLabel(h.detail) : h.detail}</span>
            ) : null}
            <time dateTime={h.at}>{formatDateTime(h.at)}</time>
          </div>
        </li>
      ))}
    </ol>
  );
}
