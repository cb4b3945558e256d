// 0020: encrypted settings (alert thresholds, snoozes, preferences), one sealed
// JSON value per name; the name is plaintext routing, the value is sealed.
import type { Migration } from './migration.types.js';

export const migration0020: Migration = {
  version: 20,
  name: 'settings',
  up: (db) => {
    db.exec(`
      CREATE TABLE settings (
        name        TEXT    PRIMARY KEY,
        updated_at  TEXT    NOT NULL,
        value       BLOB    NOT NULL
      ) STRICT;
    `);
  },
};
