// Small labels: platform, status, attention state, severity and expiry urgency.
import type { AlertSeverity } from '../../../src-main/contract/alerts';
import type { KeyStatus, PlatformId } from '../../../src-main/contract/keys';
import type { StatusTruth } from '../../../src-main/contract/attention';
import { STATE_ICON, STATE_LABEL, STATUS_TRUTH_LABEL, reasonsText, type Attention } from '../lib/attention';
import { expiryUrgency, formatDate, relativeDay } from '../lib/dates';
import { PLATFORM_LABEL, STATUS_LABEL } from '../lib/platforms';
import { Icon } from './Icon';

export function PlatformBadge({ platform }: { platform: PlatformId }) {
  return (
    <span className={`platform platform-${platform}`}>
      <span className="platform-dot" aria-hidden="true" />
      {PLATFORM_LABEL[platform]}
    </span>
  );
}

export function StatusBadge({ status }: { status: KeyStatus }) {
  return <span className={`badge status-${status}`}>{STATUS_LABEL[status]}</span>;
}

/** The status that tells the truth (core `statusTruth`): Expired, Refused, Leaked, Revoking, never Active on those. */
export function TruthBadge({ truth }: { truth: StatusTruth }) {
  return <span className={`badge status-${truth}`}>{STATUS_TRUTH_LABEL[truth]}</span>;
}

export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return (
    <span className={`badge severity-${severity}`}>
      {severity === 'critical' ? 'Critical' : severity === 'warning' ? 'Warning' : 'Info'}
    </span>
  );
}

/**
 * An expiry date as relative words, coloured by how soon it is. A revoked key no longer
 * works whatever its date says, so its expiry is shown plain: nothing left to act on.
 */
export function Expiry({ date, status }: { date: string | null; status?: KeyStatus }) {
  const urgency = expiryUrgency(date);
  if (!date) return <span className="muted">No expiry</span>;
  if (status === 'revoked') {
    return (
      <span className="expiry muted" title={`Revoked; its expiry was ${formatDate(date)}`}>
        {relativeDay(date)}
      </span>
    );
  }
  return (
    <span
      className={`expiry urgency-${urgency}`}
      title={`${urgency === 'expired' ? 'Expired' : 'Expires'} ${formatDate(date)}`}
    >
      {urgency === 'expired' ? <span className="sr-only">Expired </span> : null}
      {relativeDay(date)}
    </span>
  );
}

/** A key's attention state: an icon and a word (never colour alone); its reasons on hover. */
export function StateBadge({ attention }: { attention: Attention }) {
  return (
    <span className={`state state-${attention.state}`} title={reasonsText(attention)}>
      <Icon name={STATE_ICON[attention.state]} size={14} />
      <span className="state-label">{STATE_LABEL[attention.state]}</span>
    </span>
  );
}
