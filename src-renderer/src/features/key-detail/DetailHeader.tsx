// The top of a key's detail panel: platform, status and the close button.
import type { KeyRecord } from '../../../../src-main/contract/keys';
import { PlatformBadge, StatusBadge } from '../../components/Badge';
import { Icon } from '../../components/Icon';

export function DetailHeader({ record, onClose }: { record: KeyRecord; onClose: () => void }) {
  return (
    <header className="detail-header">
      <div className="detail-title">
        <PlatformBadge platform={record.platform} />
        <StatusBadge status={record.status} />
      </div>
      <button type="button" className="icon-button" onClick={onClose} aria-label="Close details">
        <Icon name="close" />
      </button>
    </header>
  );
}
