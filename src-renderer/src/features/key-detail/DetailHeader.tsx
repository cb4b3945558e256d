// The top of a key's detail panel: platform, status, state and the close button (a Back button instead when the
// window is too narrow for the panel beside the table and it covers the inventory).
import { PlatformBadge, StateBadge, StatusBadge, TruthBadge } from '../../components/Badge';
import { Icon } from '../../components/Icon';
import type { TableKey } from '../inventory/query';

/** A listed key shows its state and the status that tells the truth; an opened export's key, its recorded status. */
export function DetailHeader({ record, onClose }: { record: TableKey; onClose: () => void }) {
  return (
    <header className="detail-header">
      <button type="button" className="button small detail-back" onClick={onClose}>
        <Icon name="chevronLeft" size={14} /> Back to keys
      </button>
      <div className="detail-title">
        <PlatformBadge platform={record.platform} />
        {record.statusTruth ? <TruthBadge truth={record.statusTruth} /> : <StatusBadge status={record.status} />}
        {record.attention ? <StateBadge attention={record.attention} /> : null}
      </div>
      <button type="button" className="icon-button detail-close" onClick={onClose} aria-label="Close details">
        <Icon name="close" />
      </button>
    </header>
  );
}
