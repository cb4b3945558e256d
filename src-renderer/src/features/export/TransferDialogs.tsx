// The export or backup dialog, whichever is open (File menu, inventory header, palette, Settings).
import { useUi } from '../../stores/ui.store';
import { BackupDialog } from './BackupDialog';
import { ExportDialog } from './ExportDialog';

export function TransferDialogs() {
  const transfer = useUi((s) => s.transfer);
  if (transfer === 'export') return <ExportDialog />;
  if (transfer === 'backup') return <BackupDialog />;
  return null;
}
