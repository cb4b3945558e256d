// Small files Keyward keeps beside the vault (the notification schedule, the commit
// counter): written like every other file (temporary file, fsync, rename) but never
// fatal: a full or read-only disk must not fail the command that was only reading.
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { tempPathBeside } from './temp-files.js';

const WORDS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** Why a side file could not be written, in words. */
export function sideFileProblem(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? (WORDS[code] ?? code) : 'error';
}

/**
 * Writes `text` to `path` unless `same(existing)` says the file already holds it (then
 * nothing is written). Returns null, or why it could not be written (nothing is left behind).
 */
export function writeSideFile(path: string, text: string, same?: (existing: string) => boolean): string | null {
  if (same) {
    try {
      if (same(readFileSync(path, 'utf8'))) return null;
    } catch {
      // missing or unreadable: written below
    }
  }
  const temp = tempPathBeside(path);
  try {
    const fd = openSync(temp, 'wx', 0o600);
    try {
      const bytes = Buffer.from(text, 'utf8');
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
    return null;
  } catch (e) {
    return sideFileProblem(e);
  } finally {
    rmSync(temp, { force: true });
  }
}
