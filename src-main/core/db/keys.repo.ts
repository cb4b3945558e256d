// SQL for key records: opaque id, timestamps, revision and two sealed blobs.
import type { Db } from './connection.js';
import { markKeysChanged } from './manifest.repo.js';

export type KeyRow = {
  id: string;
  created_at: string;
  updated_at: string;
  revision: number;
  meta: Uint8Array;
  secret: Uint8Array;
};

export type KeyMetaRow = Omit<KeyRow, 'secret'>;

export function createKeysRepo(db: Db) {
  const stmts = {
    all: db.prepare(`SELECT id, created_at, updated_at, meta FROM keys ORDER BY created_at, id`).raw(true),
    one: db.prepare(`SELECT id, created_at, updated_at, revision, meta FROM keys WHERE id = ?`),
    secret: db.prepare(`SELECT secret FROM keys WHERE id = ?`),
    ids: db.prepare(`SELECT id FROM keys`).pluck(),
    insert: db.prepare(
      `INSERT INTO keys (id, created_at, updated_at, revision, meta, secret) VALUES (?, ?, ?, 1, ?, ?)`,
    ),
    updateMeta: db.prepare(`UPDATE keys SET meta = ?, updated_at = ?, revision = revision + 1 WHERE id = ?`),
    updateBoth: db.prepare(
      `UPDATE keys SET meta = ?, secret = ?, updated_at = ?, revision = revision + 1 WHERE id = ?`,
    ),
    // Only the history changes (a reveal): no revision, no time, so the plaintext does not date a reveal.
    resealMeta: db.prepare(`UPDATE keys SET meta = ? WHERE id = ?`),
    remove: db.prepare(`DELETE FROM keys WHERE id = ?`),
    // SECURITY: a removed key's id must not stay readable in the runs that were linked to it
    // (rotations.key_id is NOT NULL: blanked to ''; the run's own sealed copy keeps the link).
    unlinkRuns: db.prepare(`UPDATE checklist_runs SET key_id = NULL WHERE key_id = ?`),
    unlinkRotations: db.prepare(`UPDATE rotations SET key_id = '' WHERE key_id = ?`),
    count: db.prepare(`SELECT count(*) FROM keys`).pluck(),
  };
  return {
    /** Every row as [id, created_at, updated_at, meta] tuples, streamed: at 100k rows arrays beat objects
     * and iterating lets each blob be collected as soon as it is opened. */
    all: () => stmts.all.iterate() as IterableIterator<[string, string, string, Uint8Array]>,
    one: (id: string) => stmts.one.get(id) as KeyMetaRow | undefined,
    secret: (id: string) => (stmts.secret.get(id) as { secret: Uint8Array } | undefined)?.secret,
    ids: () => stmts.ids.all() as string[],
    count: () => Number(stmts.count.get()),
    // Every change to a key row marks the connection, so the write's transaction rewrites the manifest.
    insert: (r: { id: string; createdAt: string; meta: Uint8Array; secret: Uint8Array }) => {
      markKeysChanged(db);
      stmts.insert.run(r.id, r.createdAt, r.createdAt, r.meta, r.secret);
    },
    updateMeta: (id: string, meta: Uint8Array, at: string) => {
      markKeysChanged(db);
      return stmts.updateMeta.run(meta, at, id).changes;
    },
    updateBoth: (id: string, meta: Uint8Array, secret: Uint8Array, at: string) => {
      markKeysChanged(db);
      return stmts.updateBoth.run(meta, secret, at, id).changes;
    },
    resealMeta: (id: string, meta: Uint8Array) => {
      markKeysChanged(db);
      return stmts.resealMeta.run(meta, id).changes;
    },
    /** Deletes the key and blanks its id where checklist runs and rotation runs named it. */
    remove: (id: string) => {
      markKeysChanged(db);
      stmts.unlinkRuns.run(id);
      stmts.unlinkRotations.run(id);
      return stmts.remove.run(id).changes;
    },
  };
}

export function dataVersion(db: Db): number {
  return Number(db.pragma('data_version', { simple: true }));
}
