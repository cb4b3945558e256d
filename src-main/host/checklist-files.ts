// Host calls for signed checklist files: export through a native save dialog, import
// through a native open dialog, and trusting a teammate's key. Shared by the Electron
// shell and the e2e bridge; no `electron` import: the dialogs come in as a port.
// SECURITY: the renderer never names a path. Trust happens here: the renderer can only
// confirm the file this host opened, by echoing the fingerprint it was shown.
import { randomBytes } from 'node:crypto';
import { basename } from 'node:path';
import type {
  CHECKLIST_HOST_CALLS,
  ChecklistHostOutputs,
  ImportResult,
  ImportedChecklist,
} from '../contract/checklists.js';
import type { Core } from '../core/app/create-core.js';
import type { HandlerMap } from '../core/app/dispatch.js';
import { readChecklistFile, writeChecklistFiles } from '../core/checklists/checklist-file.js';
import { AppError } from '../core/errors.js';
import type { FileDialogs } from './file-dialogs.js';

type ChecklistCall = keyof typeof CHECKLIST_HOST_CALLS;

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48) || 'checklist';

export function createChecklistFiles(core: Core, dialogs: FileDialogs) {
  /** The one file waiting for its signer to be confirmed; forgotten on lock and after use. */
  let pending: { token: string; path: string; text: string; fingerprint: string } | null = null;

  const imported = (r: ImportResult, path: string): ImportedChecklist => ({
    status: 'imported',
    ...r,
    file: basename(path),
  });

  async function exportRun(runId: string): Promise<ChecklistHostOutputs['host.exportChecklist']> {
    const { checklists } = core.session();
    const run = checklists.get(runId);
    const out = checklists.exportRun(run.id); // signs and checks the text against every secret first
    const path = await dialogs.saveFile({
      title: 'Export the signed checklist',
      defaultName: `checklist-${slug(run.key.name)}-${run.id.slice(0, 8)}.json`,
      kind: 'checklist',
    });
    if (path === null) return { status: 'cancelled' };
    const json = /\.json$/i.test(path) ? path : `${path}.json`;
    const md = json.replace(/\.json$/i, '.md');
    // The dialog confirmed replacing the file; a vault, a backup or a special file is still refused.
    writeChecklistFiles(
      [
        [json, out.json],
        [md, out.md],
      ],
      { force: true, hint: 'choose another name' },
    );
    return { status: 'saved', path: json, markdownPath: md };
  }

  async function importFile(): Promise<ChecklistHostOutputs['host.importChecklist']> {
    const path = await dialogs.openFile({ title: 'Import a signed checklist', kind: 'checklist' });
    if (path === null) return { status: 'cancelled' };
    const text = readChecklistFile(path);
    const { sharing } = core.session();
    const seen = sharing.inspect(text, basename(path)); // refuses a changed byte (INTEGRITY_ERROR)
    if (seen.isTrusted) return imported(sharing.importText(text, basename(path)), path);
    pending = { token: randomBytes(16).toString('hex'), path, text, fingerprint: seen.fingerprint };
    return {
      status: 'untrusted',
      token: pending.token,
      signer: { name: seen.file.signer.name, fingerprint: seen.fingerprint },
      file: basename(path),
    };
  }

  function trustAndImport(token: string, fingerprint: string): ImportedChecklist {
    const p = pending;
    if (p === null || p.token !== token)
      throw new AppError('BAD_INPUT', 'That import is no longer waiting; open the file again.');
    if (p.fingerprint !== fingerprint)
      throw new AppError('BAD_INPUT', 'The fingerprint confirmed is not the one of the file; nothing was trusted.');
    pending = null;
    const { sharing } = core.session();
    sharing.trust(p.text, basename(p.path));
    return imported(sharing.importText(p.text, basename(p.path)), p.path);
  }

  async function chooseFolder(name: string): Promise<ChecklistHostOutputs['host.chooseTeamFolder']> {
    const { sharing } = core.session();
    const folder = await dialogs.openFolder({
      title: 'Choose the team folder (a git working copy or a synced folder)',
      kind: 'team',
    });
    if (folder === null) return { status: 'cancelled' };
    // Picked in the native dialog (no typo possible; it may have just made the folder).
    return { status: 'set', ...(await sharing.init(folder, name, { create: true })) };
  }

  const handlers: HandlerMap<ChecklistCall> = {
    'host.exportChecklist': ({ runId }) => exportRun(runId),
    'host.importChecklist': () => importFile(),
    'host.trustChecklistSigner': ({ token, fingerprint }) => trustAndImport(token, fingerprint),
    'host.chooseTeamFolder': ({ name }) => chooseFolder(name),
  };

  return {
    handlers,
    forget(): void {
      pending = null;
    },
  };
}
