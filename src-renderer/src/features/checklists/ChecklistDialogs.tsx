// The checklists' dialogs, mounted once by the app shell so the key detail, the palette
// and the Checklists screen can all open them (and the author's name, asked once, over any
// of them). Loads the runs once on unlock.
import { useEffect } from 'react';
import { useChecklists } from '../../stores/checklists.store';
import { AuthorNameDialog } from './AuthorNameDialog';
import { ChecklistImportDialog } from './ChecklistImportDialog';
import { StartChecklistDialog } from './StartChecklistDialog';
import { TemplatesDialog } from './TemplatesDialog';

export function ChecklistDialogs() {
  const starting = useChecklists((s) => s.starting);
  const setStarting = useChecklists((s) => s.setStarting);
  const isTemplatesOpen = useChecklists((s) => s.isTemplatesOpen);
  const setTemplatesOpen = useChecklists((s) => s.setTemplatesOpen);
  const importing = useChecklists((s) => s.importing);
  const load = useChecklists((s) => s.load);
  useEffect(() => {
    load().catch(() => undefined); // the Checklists screen reports a failure when it is shown
  }, [load]);
  return (
    <>
      {starting ? <StartChecklistDialog keyId={starting.keyId} onClose={() => setStarting(null)} /> : null}
      {isTemplatesOpen ? <TemplatesDialog onClose={() => setTemplatesOpen(false)} /> : null}
      {importing ? <ChecklistImportDialog state={importing} /> : null}
      {/* Last: it asks over whichever dialog started the action (Start checklist). */}
      <AuthorNameDialog />
    </>
  );
}
