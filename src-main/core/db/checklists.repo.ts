// SQL for checklist templates and runs: sealed blobs keyed by id.
import type { Db } from './connection.js';
import { markChanged } from './manifest.repo.js';

export type SealedRow = {
  id: string;
  key_id?: string | null;
  created_at: string;
  updated_at: string;
  data: Uint8Array;
};

function table(db: Db, name: 'checklist_templates' | 'checklist_runs') {
  const cols =
    name === 'checklist_runs' ? 'id, key_id, created_at, updated_at, data' : 'id, created_at, updated_at, data';
  const one = db.prepare(`SELECT ${cols} FROM ${name} WHERE id = ?`);
  const all = db.prepare(`SELECT ${cols} FROM ${name} ORDER BY created_at, id`);
  const remove = db.prepare(`DELETE FROM ${name} WHERE id = ?`);
  return {
    one: (id: string) => one.get(id) as SealedRow | undefined,
    all: () => all.all() as SealedRow[],
    remove: (id: string) => {
      markChanged(db, name);
      return remove.run(id).changes;
    },
  };
}

export function createChecklistsRepo(db: Db) {
  const templates = table(db, 'checklist_templates');
  const runs = table(db, 'checklist_runs');
  const putTemplate = db.prepare(
    `INSERT INTO checklist_templates (id, created_at, updated_at, revision, data) VALUES (?, ?, ?, 1, ?)
     ON CONFLICT (id) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at, revision = revision + 1`,
  );
  const putRun = db.prepare(
    `INSERT INTO checklist_runs (id, key_id, created_at, updated_at, revision, data) VALUES (?, ?, ?, ?, 1, ?)
     ON CONFLICT (id) DO UPDATE SET key_id = excluded.key_id, data = excluded.data, updated_at = excluded.updated_at,
       revision = revision + 1`,
  );
  return {
    templates,
    runs,
    putTemplate: (id: string, at: string, data: Uint8Array) => {
      markChanged(db, 'checklist_templates');
      putTemplate.run(id, at, at, data);
    },
    putRun: (id: string, keyId: string | null, at: string, data: Uint8Array) => {
      markChanged(db, 'checklist_runs');
      putRun.run(id, keyId, at, at, data);
    },
  };
}
