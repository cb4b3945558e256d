// 0080: the blind index. Two keyed-hash columns on the key records (name_tag, secret_tag, each
// BLAKE2b-128 under the vault's blind subkey: core/vault/blind-index.ts) and an index on each, so
// a name or a stored secret is found without opening every key. Existing rows are filled from
// their sealed meta with the vault key, in the migrations' one transaction; the blobs, revisions
// and times stay as they are, so the manifest is unchanged.
//
// Numbered 80, below 90 which shipped first: a file already at 90 without these columns gets
// this step too (`missing`), and its user_version stays 90.
import { AppError } from '../../errors.js';
import type { Db } from '../connection.js';
import type { Migration } from './migration.types.js';

export const hasBlindIndex = (db: Db): boolean =>
  db.prepare(`SELECT 1 FROM pragma_table_info('keys') WHERE name = 'name_tag'`).get() !== undefined;

export const migration0080: Migration = {
  version: 80,
  name: 'blind-index',
  missing: (db) => !hasBlindIndex(db),
  up: (db, ctx) => {
    if (!hasBlindIndex(db))
      db.exec(`ALTER TABLE keys ADD COLUMN name_tag BLOB; ALTER TABLE keys ADD COLUMN secret_tag BLOB;`);
    db.exec(`
      CREATE INDEX IF NOT EXISTS keys_by_name_tag ON keys (name_tag);
      CREATE INDEX IF NOT EXISTS keys_by_secret_tag ON keys (secret_tag);
    `);
    if (ctx.fillBlindIndex) return ctx.fillBlindIndex();
    // Without the vault key only a file without keys may pass.
    if (db.prepare(`SELECT 1 FROM keys LIMIT 1`).get() !== undefined)
      throw new AppError('INTERNAL', 'Migration 80 needs the unlocked vault key.');
  },
};
