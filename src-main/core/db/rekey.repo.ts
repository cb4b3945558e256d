// SQL for re-encrypting every sealed blob under a new vault key: the rows of one table
// in pages by id (a 100k-key vault is never held in memory at once), and their update.
import type { Db } from './connection.js';
import { MANIFEST_TABLES, type ManifestTable } from './manifest.repo.js';

export type BlobRow = { id: string; blobs: Uint8Array[] };

/** The rows of `table` with an id above `after`, in id order, at most `limit`. */
export function blobPage(db: Db, table: ManifestTable, after: string, limit: number): BlobRow[] {
  const t = MANIFEST_TABLES[table];
  const rows = db
    .prepare(`SELECT ${t.id}, ${t.blobs.join(', ')} FROM ${table} WHERE ${t.id} > ? ORDER BY ${t.id} LIMIT ?`)
    .raw(true)
    .all(after, limit) as [string, ...Uint8Array[]][];
  return rows.map(([id, ...blobs]) => ({ id, blobs }));
}

/** Gives a row of a one-blob table a new id and blob (checklist templates, whose row id is keyed). */
export function renameBlobRow(db: Db, table: ManifestTable): (id: string, newId: string, blob: Uint8Array) => void {
  const t = MANIFEST_TABLES[table];
  const stmt = db.prepare(`UPDATE ${table} SET ${t.id} = ?, ${t.blobs[0]} = ? WHERE ${t.id} = ?`);
  return (id, newId, blob) => {
    if (stmt.run(newId, blob, id).changes !== 1) throw new Error(`row ${id} of ${table} vanished during re-encryption`);
  };
}

/** Replaces a row's blobs (same order as MANIFEST_TABLES[table].blobs); revision and timestamps stay. */
export function updateBlobs(db: Db, table: ManifestTable): (id: string, blobs: Uint8Array[]) => void {
  const t = MANIFEST_TABLES[table];
  const stmt = db.prepare(`UPDATE ${table} SET ${t.blobs.map((b) => `${b} = ?`).join(', ')} WHERE ${t.id} = ?`);
  return (id, blobs) => {
    if (stmt.run(...blobs, id).changes !== 1) throw new Error(`row ${id} of ${table} vanished during re-encryption`);
  };
}
