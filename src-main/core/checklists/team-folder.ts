// The team folder on disk: one signed JSON file (and its Markdown) per shared run under
// `checklists/`. Writes are atomic (temp file + rename) and skipped when unchanged, so a
// synced drive or git sees only real changes.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const CHECKLIST_DIR = 'checklists';
/** Both sides' versions of a conflicting file reach Keyward whole, never as git's line merge. */
export const GITATTRIBUTES = `${CHECKLIST_DIR}/*.json -merge\n${CHECKLIST_DIR}/*.md -merge\n`;

export const runFileName = (runId: string) => `${CHECKLIST_DIR}/${runId}.json`;

/** Writes `text` to `path` unless it already holds exactly that; true when written. */
export function writeIfChanged(path: string, text: string): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === text) return false;
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o644 });
  renameSync(tmp, path);
  return true;
}

export function ensureFolder(folder: string): void {
  mkdirSync(join(folder, CHECKLIST_DIR), { recursive: true });
}

/** Adds the merge attributes to `.gitattributes` (kept if the user has others). */
export function ensureGitAttributes(folder: string): void {
  const path = join(folder, '.gitattributes');
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (current.includes(`${CHECKLIST_DIR}/*.json -merge`)) return;
  writeIfChanged(path, current + (current === '' || current.endsWith('\n') ? '' : '\n') + GITATTRIBUTES);
}

/** Every checklist JSON file in the folder, as [relative path, text]. */
export function readRunFiles(folder: string): [string, string][] {
  const dir = join(folder, CHECKLIST_DIR);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()
    .map((n) => [`${CHECKLIST_DIR}/${n}`, readFileSync(join(dir, n), 'utf8')]);
}
