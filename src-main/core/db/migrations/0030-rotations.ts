// 0030: rotation and revocation runs. The run's steps, notes and outage window are
// sealed; only ids, the phase and timestamps are plaintext (routing data).
import type { Migration } from './migration.types.js';

export const migration0030: Migration = {
  version: 30,
  name: 'rotations',
  up: (db) => {
    db.exec(`
      CREATE TABLE rotations (
        id          TEXT    PRIMARY KEY,
        key_id      TEXT    NOT NULL,
        kind        TEXT    NOT NULL CHECK (kind IN ('rotate', 'revoke')),
        phase       TEXT    NOT NULL,
        created_at  TEXT    NOT NULL,
        updated_at  TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        data        BLOB    NOT NULL
      ) STRICT;
      CREATE INDEX rotations_by_key ON rotations (key_id, phase);
    `);
  },
};
