// "Open an inventory export…": on the first-run and unlock screens, for people who
// have no vault (an auditor) or do not want to open it.
import { useCallback } from 'react';
import { messageOf, nextStep } from '../../api/client';
import { Icon } from '../../components/Icon';
import { useInventoryFile } from '../../stores/inventory-file.store';
import { useUi } from '../../stores/ui.store';

export function useOpenInventory(): () => void {
  const open = useInventoryFile((s) => s.open);
  const notify = useUi((s) => s.notify);
  return useCallback(
    () => void open().catch((e: unknown) => notify({ tone: 'error', title: messageOf(e), detail: nextStep(e) })),
    [open, notify],
  );
}

export function OpenInventoryButton() {
  const openInventory = useOpenInventory();
  const isOpening = useInventoryFile((s) => s.isOpening);
  return (
    <button type="button" className="button ghost block" onClick={openInventory} disabled={isOpening}>
      <Icon name="search" /> Open an inventory export…
    </button>
  );
}
