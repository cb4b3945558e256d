// SQL for the manifest: what it describes of each sealed table, and its one sealed row.
// Only SQL here; the digest and the seal are computed in core/vault/manifest.ts.
import type { Db } from './connection.js';

/** The tables the manifest describes, each with its id column and sealed blob columns. */
export const MANIFEST_TABLES = {
  keys: { id: 'id', revision: true, blobs: ['meta', 'secret'] },
  settings: { id: 'name', revision: false, blobs: ['value'] },
  rotations: { id: 'id', revision: true, blobs: ['data'] },
  checklist_templates: { id: 'id', revision: true, blobs: ['data'] },
  checklist_runs: { id: 'id', revision: true, blobs: ['data'] },
} as const;
export type ManifestTable = keyof typeof MANIFEST_TABLES;
export const MANIFEST_TABLE_NAMES = Object.keys(MANIFEST_TABLES) as ManifestTable[];

// Connections whose sealed rows changed since their manifest was last written, by table:
// a write rewrites only the parts of the manifest it changed (a snooze does not pay a scan of every key).
const changed = new WeakMap<Db, Set<ManifestTable>>();
export function markChanged(db: Db, table: ManifestTable): void {
  const set = changed.get(db) ?? new Set<ManifestTable>();
  set.add(table);
  changed.set(db, set);
}
export const markKeysChanged = (db: Db): void => markChanged(db, 'keys');
export function markAllChanged(db: Db): void {
  for (const t of MANIFEST_TABLE_NAMES) markChanged(db, t);
}
/** The tables whose rows changed since the last call; clears the marks. */
export function takeChanged(db: Db): Set<ManifestTable> {
  const set = changed.get(db) ?? new Set<ManifestTable>();
  changed.delete(db);
  return set;
}

// A blob's identity: its version byte and nonce (the first 25 bytes) and its Poly1305 tag (the last 16).
// Every seal draws a fresh random nonce, and no other blob with that nonce and tag opens under the
// vault's key, so these 41 bytes name one seal exactly.
const blobId = (column: string) => `lower(hex(substr(${column}, 1, 25)) || hex(substr(${column}, -16)))`;

/**
 * Every row of `table` as one line, in id order (SQLite's byte order), joined by `\n`:
 * `id[:revision]:blobid[:blobid]` (docs/VAULT-FORMAT.md). Built by SQLite in one query.
 */
export function manifestLines(db: Db, table: ManifestTable): { rows: number; text: string } {
  const t = MANIFEST_TABLES[table];
  const parts = [t.id, ...(t.revision ? ['revision'] : []), ...t.blobs.map(blobId)];
  const r = db
    .prepare(
      `SELECT count(*) AS n, coalesce(group_concat(line, char(10)), '') AS text
       FROM (SELECT ${parts.join(` || ':' || `)} AS line FROM ${table} ORDER BY ${t.id})`,
    )
    .get() as { n: number; text: string };
  return { rows: r.n, text: r.text };
}

/** Schema 50's manifest input: every key row as `id:revision`, in id order, one per line. */
export function keyRevisions(db: Db): { rows: number; text: string } {
  const r = db
    .prepare(
      `SELECT count(*) AS n, coalesce(group_concat(line, char(10)), '') AS text
       FROM (SELECT id || ':' || revision AS line FROM keys ORDER BY id)`,
    )
    .get() as { n: number; text: string };
  return { rows: r.n, text: r.text };
}

export function hasManifestTable(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'manifest'`).get() !== undefined;
}

export function readManifest(db: Db): Uint8Array | undefined {
  return (db.prepare(`SELECT data FROM manifest WHERE singleton = 1`).get() as { data: Uint8Array } | undefined)?.data;
}

/** When the manifest was last written (a write that keeps the times reuses it). */
export function manifestUpdatedAt(db: Db): string | undefined {
  try {
    return (
      db.prepare(`SELECT updated_at FROM manifest WHERE singleton = 1`).get() as { updated_at?: string } | undefined
    )?.updated_at;
  } catch {
    return undefined; // a schema without the manifest (before migration 50)
  }
}

export function writeManifest(db: Db, data: Uint8Array, at: string): void {
  db.prepare(
    `INSERT INTO manifest (singleton, updated_at, data) VALUES (1, ?, ?)
     ON CONFLICT (singleton) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
  ).run(at, data);
}
