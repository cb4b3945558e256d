// SQL for the manifest: the key rows it describes, and its one sealed row.
import type { Db } from './connection.js';

// Connections whose key rows changed since their manifest was last written: only a
// write that touched keys pays for rewriting it (settings, snoozes and runs do not).
const keysChanged = new WeakSet<Db>();
export const markKeysChanged = (db: Db): void => void keysChanged.add(db);
/** Whether the key rows changed since the last call; clears the mark. */
export function takeKeysChanged(db: Db): boolean {
  const changed = keysChanged.has(db);
  keysChanged.delete(db);
  return changed;
}

/** Every key row as `id:revision`, in id order, one per line: what the manifest describes (built by SQLite). */
export function keyRevisions(db: Db): { rows: number; text: string } {
  const r = db
    .prepare(
      `SELECT count(*) AS n, coalesce(group_concat(line, char(10)), '') AS text
       FROM (SELECT id || ':' || revision AS line FROM keys ORDER BY id)`,
    )
    .get() as { n: number; text: string };
  return { rows: r.n, text: r.text };
}

export function readManifest(db: Db): Uint8Array | undefined {
  return (db.prepare(`SELECT data FROM manifest WHERE singleton = 1`).get() as { data: Uint8Array } | undefined)?.data;
}

export function writeManifest(db: Db, data: Uint8Array, at: string): void {
  db.prepare(
    `INSERT INTO manifest (singleton, updated_at, data) VALUES (1, ?, ?)
     ON CONFLICT (singleton) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  ).run(at, data);
}
