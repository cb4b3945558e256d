// The files that live beside a vault file and belong to it: SQLite's own (-wal, -shm, -journal),
// the alert schedule and the commit counter (and its successor during a vault key rotation). One list, so moving a vault (restore) and refusing
// to write over one of them (exports) never disagree.
import { closeSync, openSync, readSync, statSync } from 'node:fs';

export const VAULT_COMPANIONS = ['-wal', '-shm', '-journal', '.schedule.json', '.commits', '.commits.next'] as const;

const SQLITE_MAGIC = 'SQLite format 3\u0000';

function isSqliteFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    const fd = openSync(path, 'r');
    try {
      const b = Buffer.alloc(16);
      return b.toString('latin1', 0, readSync(fd, b, 0, 16, 0)) === SQLITE_MAGIC;
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/** The vault file `path` is a companion of (`vault.kw` for `vault.kw.commits`), or null. */
export function vaultOfCompanion(path: string): string | null {
  for (const suffix of VAULT_COMPANIONS) {
    if (!path.endsWith(suffix) || path.length === suffix.length) continue;
    const owner = path.slice(0, -suffix.length);
    if (isSqliteFile(owner)) return owner;
  }
  return null;
}
