// 0040: rotation checklists. Templates (user-edited or imported) and runs; every
// title, step, name and note is sealed in `data`; only ids, the linked key id and
// timestamps are plaintext (routing data).
import type { Migration } from './migration.types.js';

export const migration0040: Migration = {
  version: 40,
  name: 'checklists',
  up: (db) => {
    db.exec(`
      CREATE TABLE checklist_templates (
        id          TEXT    PRIMARY KEY,
        created_at  TEXT    NOT NULL,
        updated_at  TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        data        BLOB    NOT NULL
      ) STRICT;
      CREATE TABLE checklist_runs (
        id          TEXT    PRIMARY KEY,
        key_id      TEXT,
        created_at  TEXT    NOT NULL,
        updated_at  TEXT    NOT NULL,
        revision    INTEGER NOT NULL,
        data        BLOB    NOT NULL
      ) STRICT;
      CREATE INDEX checklist_runs_by_key ON checklist_runs (key_id);
    `);
  },
};
