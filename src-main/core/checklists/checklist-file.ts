// Reading a checklist file a user named (CLI argument or the app's open dialog): typed
// errors naming the file and the reason (missing, a folder, unreadable, too large),
// never an internal error, and a size cap so a wrong file is not read whole. Writing an
// export never replaces a file unless asked, and leaves it readable by its owner only.
import { chmodSync, existsSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../errors.js';

/** A signed run is a few hundred kilobytes at most (500 steps); anything far larger is not one. */
export const MAX_CHECKLIST_FILE_BYTES = 4 * 1024 * 1024;

const REASONS: Record<string, string> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a folder, not a file',
  ENOTDIR: 'a part of the path is not a folder',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EEXIST: 'it already exists',
};

/** File system errors as typed errors naming the file and the reason (never INTERNAL). */
export function onDisk<T>(path: string, what: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError) throw e;
    const code = (e as { code?: unknown }).code;
    const reason = typeof code === 'string' ? (REASONS[code] ?? code) : 'error';
    throw new AppError(code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_INPUT', `Could not ${what} ${path}: ${reason}.`, {
      subject: path,
      cause: e,
    });
  }
}

/** The text of a checklist file (signed run or template, or a template to edit), at most 4 MiB. */
export function readChecklistFile(path: string, max = MAX_CHECKLIST_FILE_BYTES): string {
  const stat = onDisk(path, 'read', () => statSync(path));
  if (stat.isDirectory())
    throw new AppError('BAD_INPUT', `Could not read ${path}: it is a folder, not a file.`, { subject: path });
  if (stat.size > max)
    throw new AppError(
      'BAD_INPUT',
      `${basename(path)} is ${stat.size} bytes: too large to be a Keyward checklist file (at most ${max}).`,
      { subject: path },
    );
  return onDisk(path, 'read', () => readFileSync(path, 'utf8'));
}

/**
 * Writes each [path, text] with mode 0600. Unless `force`, an existing file is refused
 * before anything is written (`hint` says how to replace it), and each file is created
 * exclusively (`wx`); when a later one fails, the ones already written are removed.
 */
export function writeChecklistFiles(files: [string, string][], opts: { force: boolean; hint: string }): void {
  if (!opts.force)
    for (const [path] of files)
      if (existsSync(path))
        throw new AppError('BAD_INPUT', `${path} already exists; nothing was written (${opts.hint}).`, {
          subject: path,
        });
  const done: string[] = [];
  try {
    for (const [path, text] of files) {
      onDisk(path, 'write', () => {
        writeFileSync(path, text, { mode: 0o600, flag: opts.force ? 'w' : 'wx' });
        chmodSync(path, 0o600); // a replaced file keeps its old mode otherwise
      });
      done.push(path);
    }
  } catch (e) {
    if (!opts.force) for (const path of done) onDisk(path, 'remove', () => unlinkSync(path));
    throw e;
  }
}
