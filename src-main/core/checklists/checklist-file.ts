// Reading a checklist file a user named (CLI argument or the app's open dialog): typed
// errors naming the file and the reason (missing, a folder, unreadable, too large),
// never an internal error, and a size cap so a wrong file is not read whole. Writing an
// export never replaces a file unless asked, and leaves it readable by its owner only.
import { readFileSync, statSync, unlinkSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../errors.js';
import { checkWriteTarget, writeFileSafely } from '../files/safe-file.js';

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
 * Writes each [path, text] with mode 0600 by the file rule (core/files/safe-file.ts). Every
 * target is checked before anything is written (an existing file is refused unless `force`,
 * `hint` says how to replace it; a vault, a backup or a special file always); when a later
 * file fails, the new ones already written are removed.
 */
export function writeChecklistFiles(files: [string, string][], opts: { force: boolean; hint: string }): void {
  const existed = files.map(([path]) => checkWriteTarget(path, { force: opts.force, hint: opts.hint }));
  const done: string[] = [];
  try {
    for (const [path, text] of files) {
      writeFileSafely(path, text, { force: opts.force, hint: opts.hint });
      done.push(path);
    }
  } catch (e) {
    done.forEach((path, i) => {
      if (!existed[i]) onDisk(path, 'remove', () => unlinkSync(path));
    });
    throw e;
  }
}
