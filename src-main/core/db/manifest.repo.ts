// SQL for the manifest: the key rows it describes, and its one sealed row.
import type { Db } from './connection.js';

/** Every key row as `id:revision`, in id order: what the manifest describes. */
export function keyRevisions(db: Db): string[] {
  return (db.prepare(`SELECT id, revision FROM keys ORDER BY id`).raw().all() as [string, number][]).map(
    ([id, revision]) => `${id}:${revision}`,
  );
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
