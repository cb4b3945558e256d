// SQL for key records: opaque id, timestamps, revision and two sealed blobs.
import type { Db } from './connection.js';
import { markKeysChanged } from './manifest.repo.js';
import { hasBlindIndex } from './migrations/0080-blind-index.js';

export type KeyRow = {
  id: string;
  created_at: string;
  updated_at: string;
  revision: number;
  meta: Uint8Array;
  secret: Uint8Array;
};

export type KeyMetaRow = Omit<KeyRow, 'secret'>;

/** A row's blind index entries (core/vault/blind-index.ts). */
export type KeyTags = { nameTag: Uint8Array; secretTag: Uint8Array };

// The blind index exists from schema 80; a file opened read-only at an older schema is not migrated.
function blindIndexOf(db: Db): boolean {
  try {
    return hasBlindIndex(db);
  } catch {
    return false; // an unreadable schema: the damage is reported on its own
  }
}

export function createKeysRepo(db: Db) {
  const indexed = blindIndexOf(db);
  const stmts = {
    all: db.prepare(`SELECT id, created_at, updated_at, meta FROM keys ORDER BY created_at, rowid`).raw(true),
    one: db.prepare(`SELECT id, created_at, updated_at, revision, meta FROM keys WHERE id = ?`),
    secret: db.prepare(`SELECT secret FROM keys WHERE id = ?`),
    ids: db.prepare(`SELECT id FROM keys`).pluck(),
    exists: db.prepare(`SELECT 1 FROM keys WHERE id = ?`).pluck(),
    // Ids are lower-case UUIDs: a prefix is a range of the primary key.
    withPrefix: db.prepare(`SELECT id FROM keys WHERE id >= ? AND id < ? ORDER BY id`).pluck(),
    // Only the history changes (a reveal): no revision, no time, so the plaintext does not date a reveal.
    resealMeta: db.prepare(`UPDATE keys SET meta = ? WHERE id = ?`),
    remove: db.prepare(`DELETE FROM keys WHERE id = ?`),
    // SECURITY: a removed key's id must not stay readable in the runs that were linked to it
    // (rotations.key_id is NOT NULL: blanked to ''; the run's own sealed copy keeps the link).
    unlinkRuns: db.prepare(`UPDATE checklist_runs SET key_id = NULL WHERE key_id = ?`),
    unlinkRotations: db.prepare(`UPDATE rotations SET key_id = '' WHERE key_id = ?`),
    count: db.prepare(`SELECT count(*) FROM keys`).pluck(),
  };
  // Prepared only on a file that has the blind index (an older one opened read-only never writes).
  const tagged = indexed
    ? {
        insert: db.prepare(
          `INSERT INTO keys (id, created_at, updated_at, revision, meta, secret, name_tag, secret_tag)
           VALUES (?, ?, ?, 1, ?, ?, ?, ?)`,
        ),
        updateMeta: db.prepare(
          `UPDATE keys SET meta = ?, updated_at = ?, revision = revision + 1, name_tag = ?, secret_tag = ? WHERE id = ?`,
        ),
        updateBoth: db.prepare(
          `UPDATE keys SET meta = ?, secret = ?, updated_at = ?, revision = revision + 1, name_tag = ?, secret_tag = ?
           WHERE id = ?`,
        ),
        setTags: db.prepare(`UPDATE keys SET name_tag = ?, secret_tag = ? WHERE id = ?`),
        byName: db.prepare(`SELECT id FROM keys WHERE name_tag = ? ORDER BY created_at, id`).pluck(),
        bySecret: db.prepare(`SELECT id FROM keys WHERE secret_tag = ? ORDER BY created_at, id`).pluck(),
      }
    : null;
  const needIndex = () => {
    if (tagged === null) throw new Error('the vault has no blind index (schema before 80)');
    return tagged;
  };
  return {
    /** Every row as [id, created_at, updated_at, meta] tuples, streamed: at 100k rows arrays beat objects
     * and iterating lets each blob be collected as soon as it is opened. */
    all: () => stmts.all.iterate() as IterableIterator<[string, string, string, Uint8Array]>,
    one: (id: string) => stmts.one.get(id) as KeyMetaRow | undefined,
    secret: (id: string) => (stmts.secret.get(id) as { secret: Uint8Array } | undefined)?.secret,
    ids: () => stmts.ids.all() as string[],
    count: () => Number(stmts.count.get()),
    exists: (id: string) => stmts.exists.get(id) !== undefined,
    /** Ids starting with `prefix` (lower case), in id order. */
    withPrefix: (prefix: string) => stmts.withPrefix.all(prefix, `${prefix}\u{10ffff}`) as string[],
    /** Whether the file has the blind index (schema 80 on). */
    indexed,
    /** Ids whose name tag is `tag`, oldest first: candidates, to be checked against their sealed name. */
    byNameTag: (tag: Uint8Array) => needIndex().byName.all(tag) as string[],
    /** Ids whose secret tag is `tag`, oldest first: candidates, to be checked against their sealed fingerprint. */
    bySecretTag: (tag: Uint8Array) => needIndex().bySecret.all(tag) as string[],
    // Every change to a key row marks the connection, so the write's transaction rewrites the manifest.
    insert: (r: { id: string; createdAt: string; meta: Uint8Array; secret: Uint8Array } & KeyTags) => {
      markKeysChanged(db);
      needIndex().insert.run(r.id, r.createdAt, r.createdAt, r.meta, r.secret, r.nameTag, r.secretTag);
    },
    updateMeta: (id: string, meta: Uint8Array, at: string, tags: KeyTags) => {
      markKeysChanged(db);
      return needIndex().updateMeta.run(meta, at, tags.nameTag, tags.secretTag, id).changes;
    },
    updateBoth: (id: string, meta: Uint8Array, secret: Uint8Array, at: string, tags: KeyTags) => {
      markKeysChanged(db);
      return needIndex().updateBoth.run(meta, secret, at, tags.nameTag, tags.secretTag, id).changes;
    },
    /** Rewrites a row's blind index entries only (the index is not part of the manifest). */
    setTags: (id: string, tags: KeyTags) => needIndex().setTags.run(tags.nameTag, tags.secretTag, id).changes,
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
