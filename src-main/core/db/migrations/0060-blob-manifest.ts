// 0060: the manifest describes every sealed blob, not only each key's revision: a blob put
// back from an older copy under the current revision no longer matches it. The new
// manifest is sealed, so it is written with the vault key in this same transaction; and
// a table records a deletion whose scrub of the WAL is still pending (readers held it).
import { AppError } from '../../errors.js';
import type { Migration } from './migration.types.js';

export const migration0060: Migration = {
  version: 60,
  name: 'blob-manifest',
  up: (db, ctx) => {
    db.exec(`
      CREATE TABLE pending_scrub (
        singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
        since       TEXT    NOT NULL
      ) STRICT;
    `);
    if (ctx.rewriteManifest) return ctx.rewriteManifest();
    // Without the vault key only an empty file may pass (a new vault writes its first manifest itself).
    const used = db.prepare(`SELECT 1 FROM manifest UNION ALL SELECT 1 FROM keys LIMIT 1`).get() !== undefined;
    if (used) throw new AppError('INTERNAL', 'Migration 60 needs the unlocked vault key.');
  },
};
