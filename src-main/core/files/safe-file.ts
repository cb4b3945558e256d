// The one rule for every file Keyward writes for the user (exports, backups, calendars,
// checklist files): a temporary file in the target's folder, fsynced, then renamed into
// place. Never over an existing file unless forced (or `replaceIf` recognises it), never
// over a vault, a backup or anything that is not a regular file; a failure leaves nothing.
import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname } from 'node:path';
import { AppError } from '../errors.js';
import { sweepStaleTemps, tempPathBeside } from './temp-files.js';
import { vaultOfCompanion } from './vault-companions.js';

export type WriteRule = {
  /** Replace an existing regular file (never a vault, a backup or a special file). */
  force?: boolean;
  /** Replace an existing file without `force` when its first bytes say it is ours to replace. */
  replaceIf?: (head: string) => boolean;
  /** How the user asks for a replacement ("use --force to replace it"). */
  hint?: string;
};

const SQLITE_MAGIC = 'SQLite format 3\u0000';
const BACKUP_MAGIC = 'KWBACKUP';

const REASONS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the disk is read-only',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'it is a folder',
  ENAMETOOLONG: 'the path is too long',
  EEXIST: 'it already exists',
  EIO: 'the disk reported an I/O error',
};

/** A file system error while writing `path`, as the error a user can act on. */
export function writeError(path: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  const code = (e as { code?: unknown }).code;
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new AppError('DISK_FULL', `The disk is full: ${path} was not written. Free some space and try again.`, {
      cause: e,
      subject: path,
    });
  const name = typeof code === 'string' ? code : 'error';
  return new AppError(
    // Read-only media and I/O errors are the disk's (exit 6); the others are the path's.
    name === 'EROFS' || name === 'EIO' ? 'DISK_ERROR' : 'BAD_INPUT',
    `Cannot write ${path} (${name}): ${REASONS[name] ?? 'error'}. Nothing was written.`,
    {
      cause: e,
      subject: path,
    },
  );
}

function head(path: string, bytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(bytes);
    return b.toString('latin1', 0, readSync(fd, b, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

function kindOf(s: Stats): string {
  if (s.isSymbolicLink()) return 'a symbolic link';
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const refuse = (path: string, why: string) =>
  new AppError('BAD_INPUT', `${path} is ${why}; nothing was written. Choose another file name.`, { subject: path });
const refuseExisting = (path: string, why: string) =>
  new AppError('BAD_INPUT', `${path} already exists and is ${why}; nothing was written. Choose another file name.`, {
    subject: path,
  });

/** True when `path` belongs to a vault file beside it (`vault.kw-wal`, `vault.kw.commits`, ...). */
const isVaultCompanion = (path: string): boolean => vaultOfCompanion(path) !== null;

/** Checks `path` may be written under `rule`; returns whether a file is already there. */
export function checkWriteTarget(path: string, rule: WriteRule = {}): boolean {
  let s: Stats;
  try {
    s = lstatSync(path);
  } catch (e) {
    if ((e as { code?: string }).code !== 'ENOENT') throw writeError(path, e);
    try {
      if (!statSync(dirname(path)).isDirectory()) throw refuse(path, 'in a folder that is not a folder');
    } catch (e2) {
      throw e2 instanceof AppError ? e2 : writeError(path, e2);
    }
    if (isVaultCompanion(path)) throw refuse(path, 'a companion file of a vault');
    return false;
  }
  if (!s.isFile()) throw refuseExisting(path, kindOf(s));
  const first = head(path, 4096);
  // SECURITY: a vault or a backup is never replaced by an export, whatever the flags say.
  if (first.startsWith(SQLITE_MAGIC)) throw refuseExisting(path, 'a SQLite database (a Keyward vault?)');
  if (first.startsWith(BACKUP_MAGIC)) throw refuseExisting(path, 'a Keyward backup');
  if (isVaultCompanion(path)) throw refuse(path, 'a companion file of a vault');
  if (!rule.force && !rule.replaceIf?.(first))
    throw new AppError(
      'BAD_INPUT',
      `${path} already exists; nothing was written (${rule.hint ?? 'use --force to replace it'}).`,
      { subject: path },
    );
  return true;
}

function fsyncFolder(path: string): void {
  try {
    const fd = openSync(dirname(path), 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // some file systems cannot fsync a folder; the file itself is flushed
  }
}

/** Moves the finished temporary file into place; without a replacement, never over a file that appeared meanwhile. */
function publish(temp: string, path: string, replacing: boolean): void {
  if (replacing) {
    renameSync(temp, path);
  } else {
    try {
      linkSync(temp, path); // atomic and refuses an existing name (EEXIST)
      unlinkSync(temp);
    } catch (e) {
      const code = (e as { code?: string }).code;
      if (code === 'EEXIST') throw e;
      renameSync(temp, path); // a file system without hard links
    }
  }
  fsyncFolder(path);
}

/** Writes with `write(fd)` into a fresh 0600 temporary file beside `path`, then puts it in place. */
export async function writeFileWith(
  path: string,
  write: (fd: number) => Promise<void> | void,
  rule: WriteRule = {},
): Promise<void> {
  const replacing = checkWriteTarget(path, rule);
  sweepStaleTemps(dirname(path), basename(path));
  const temp = tempPathBeside(path);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      await write(fd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    publish(temp, path, replacing);
  } catch (e) {
    throw writeError(path, e);
  } finally {
    rmSync(temp, { force: true });
  }
}

function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
}

/** The synchronous form of writeFileWith for text or bytes already in memory. */
export function writeFileSafely(path: string, data: string | Uint8Array, rule: WriteRule = {}): void {
  const replacing = checkWriteTarget(path, rule);
  sweepStaleTemps(dirname(path), basename(path));
  const temp = tempPathBeside(path);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeAll(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    publish(temp, path, replacing);
  } catch (e) {
    throw writeError(path, e);
  } finally {
    rmSync(temp, { force: true });
  }
}
