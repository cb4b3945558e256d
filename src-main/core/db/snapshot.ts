// A consistent copy of a live vault with SQLite's online backup API: readers and
// writers in other connections go on, and the copy is one committed state (the
// backup restarts by itself when another connection commits in between).
import { closeSync, openSync } from 'node:fs';
import type { Db } from './connection.js';
import { mapSqliteError } from './connection.js';

/** Copies `db` into the new file `dest` (created 0600; it must not exist). Returns the pages copied. */
export async function snapshotDb(db: Db, dest: string, opts: { pagesPerStep?: number } = {}): Promise<number> {
  // SECURITY: owner-only from the first byte; SQLite then writes into this file.
  closeSync(openSync(dest, 'wx', 0o600));
  const step = opts.pagesPerStep ?? 256;
  try {
    const r = await db.backup(dest, { progress: () => step });
    return r.totalPages;
  } catch (e) {
    throw mapSqliteError(e);
  }
}
