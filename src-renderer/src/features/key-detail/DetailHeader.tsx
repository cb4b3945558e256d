// The top of a key's detail panel: platform, status, state and the close button.
import { PlatformBadge, StateBadge, StatusBadge, TruthBadge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import type { TableKey } from '../inventory/query';

/** A listed key shows its state and the status that tells the truth; an opened export's key, its recorded status. */
export function DetailHeader({ record, onClose }: { record: TableKey; onClose: () => void }) {
  return (
    <header className="detail-header">
      <div className="detail-title">
        <PlatformBadge platform={record.platform} />
        {record.statusTruth ? <TruthBadge truth={record.statusTruth} /> : <StatusBadge status={record.status} />}
        {record.attention ? <StateBadge attention={record.attention} /> : null}
      </div>
      <button type="button" className="icon-button" onClick={onClose} aria-label="Close details">
        <Icon name="close" />
      </button>
    </header>
  );
}
