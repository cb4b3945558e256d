// How many keys are in each attention state (the core's counts, in keys, not alerts).
import type { AttentionSummary } from '../../../../src-main/contract/attention';
import { Icon } from '../../components/Icon';
import { STATE_ICON, STATE_LABEL, type AttentionState } from '../../lib/attention';

const FIELD = { 'act-now': 'actNow', 'due-soon': 'dueSoon', housekeeping: 'housekeeping', fine: 'fine' } as const;
const HINT: Record<AttentionState, string> = {
  'act-now': 'expired but live, refused, stuck revoking',
  'due-soon': 'expiring or rotation due within days',
  housekeeping: 'in the weekly digest',
  fine: 'nothing to do',
};

export function StateCards({ counts }: { counts: AttentionSummary | null }) {
  return (
    <div className="stat-cards" data-testid="state-cards">
      {(['act-now', 'due-soon', 'housekeeping', 'fine'] as const).map((s) => (
        <div key={s} className={`stat stat-${s}`}>
          <span className="stat-value">{counts ? counts[FIELD[s]].toLocaleString('en') : '–'}</span>
          <span className="stat-label">
            <Icon name={STATE_ICON[s]} size={14} /> {STATE_LABEL[s]}
          </span>
          <span className="stat-hint faint small">{HINT[s]}</span>
        </div>
      ))}
    </div>
  );
}
