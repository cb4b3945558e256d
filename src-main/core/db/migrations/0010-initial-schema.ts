// 0010: the vault header and the key records. Every column is either an
// encrypted blob or on the plaintext allow-list (db/schema-policy.ts).
import type { Migration } from './migration.types.js';

export const migration0010: Migration = {
  version: 10,
  name: 'initial-schema',
  up: (db) => {
    db.exec(`
      CREATE TABLE vault_header (
        singleton       INTEGER PRIMARY KEY CHECK (singleton = 1),
        format_version  INTEGER NOT NULL,
        vault_id        TEXT    NOT NULL,
        kdf_alg         TEXT    NOT NULL,
        kdf_ops         INTEGER NOT NULL,
        kdf_mem         INTEGER NOT NULL,
        kdf_salt        BLOB    NOT NULL,
        kdf_version     INTEGER NOT NULL,
        wrapped_key     BLOB    NOT NULL,
        kek_check       BLOB    NOT NULL,
        header_hash     BLOB    NOT NULL,
        created_at      TEXT    NOT NULL,
        updated_at      TEXT    NOT NULL
      ) STRICT;

      CREATE TABLE keys (
        id          TEXT    PRIMARY KEY,
        created_at  TEXT    NOT NULL,
        updated_at  TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        meta        BLOB    NOT NULL,
        secret      BLOB    NOT NULL
      ) STRICT;
    `);
  },
};
