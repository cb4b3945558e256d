// 0050: the manifest, one sealed row that records which keys the vault holds (each
// key's id and revision), rewritten in the same transaction as every write. A key row
// deleted, added or set back to an older revision outside Keyward no longer matches it.
import type { Migration } from './migration.types.js';

export const migration0050: Migration = {
  version: 50,
  name: 'manifest',
  up: (db) => {
    db.exec(`
      CREATE TABLE manifest (
        singleton   INTEGER PRIMARY KEY CHECK (singleton = 1),
        updated_at  TEXT    NOT NULL,
        data        BLOB    NOT NULL
      ) STRICT;
    `);
  },
};
