// The one port through which a host asks the user for a file or folder: native dialogs
// in the Electron shell, answers set by the test in the e2e bridge. No `electron` import.
// SECURITY: paths come only from these dialogs; the renderer never names one.

/** What a file is opened for; the shell picks the dialog's filters from it. */
export type OpenKind = 'inventory' | 'import' | 'checklist';

/** What a folder is chosen for: the team's shared folder, or a folder to scan for plaintext keys. */
export type FolderKind = 'team' | 'scan';

/** What a file is saved as; the shell picks the dialog's filter (and so the default extension) from it. */
export type SaveKind = 'checklist' | 'report-html' | 'inventory-json' | 'inventory-csv' | 'inventory-md' | 'backup';

/**
 * Each answers the chosen path, or null when the user cancelled. A path from saveFile is one the
 * user confirmed: where it names an existing file, the native dialog asked before replacing it.
 */
export type FileDialogs = {
  saveFile: (o: { title: string; defaultName: string; kind: SaveKind }) => Promise<string | null>;
  openFile: (o: { title: string; kind: OpenKind }) => Promise<string | null>;
  openFolder: (o: { title: string; kind: FolderKind }) => Promise<string | null>;
};

/** A host without dialogs: every request counts as cancelled. */
export const NO_DIALOGS: FileDialogs = {
  saveFile: async () => null,
  openFile: async () => null,
  openFolder: async () => null,
};

const ALL_FILES = { name: 'All files', extensions: ['*'] };
export const OPEN_FILTERS: Record<OpenKind, { name: string; extensions: string[] }[]> = {
  inventory: [{ name: 'Keyward inventory (JSON, CSV)', extensions: ['json', 'csv'] }, ALL_FILES],
  import: [{ name: 'Key exports', extensions: ['env', 'csv', 'json', 'xml', 'txt'] }, ALL_FILES],
  checklist: [{ name: 'Keyward checklist', extensions: ['json'] }],
};

export const SAVE_FILTERS: Record<SaveKind, { name: string; extensions: string[] }[]> = {
  checklist: [{ name: 'Keyward checklist', extensions: ['json'] }],
  'report-html': [{ name: 'HTML report', extensions: ['html'] }],
  'inventory-json': [{ name: 'Keyward JSON inventory', extensions: ['json'] }],
  'inventory-csv': [{ name: 'CSV spreadsheet', extensions: ['csv'] }],
  'inventory-md': [{ name: 'Markdown', extensions: ['md'] }],
  backup: [{ name: 'Keyward backup', extensions: ['kwb'] }],
};
