// SQL for rotation and revocation runs.
import type { Db } from './connection.js';
import { markChanged } from './manifest.repo.js';

export type RotationRow = {
  id: string;
  key_id: string;
  kind: 'rotate' | 'revoke';
  phase: string;
  created_at: string;
  updated_at: string;
  data: Uint8Array;
};

export function createRotationsRepo(db: Db) {
  const stmts = {
    one: db.prepare(`SELECT id, key_id, kind, phase, created_at, updated_at, data FROM rotations WHERE id = ?`),
    openForKey: db.prepare(
      `SELECT id, key_id, kind, phase, created_at, updated_at, data FROM rotations WHERE key_id = ? AND phase NOT IN ('done', 'cancelled') ORDER BY created_at DESC LIMIT 1`,
    ),
    open: db.prepare(
      `SELECT id, key_id, kind, phase, created_at, updated_at, data FROM rotations WHERE phase NOT IN ('done', 'cancelled') ORDER BY created_at`,
    ),
    all: db.prepare(`SELECT id, key_id, kind, phase, created_at, updated_at, data FROM rotations ORDER BY created_at`),
    insert: db.prepare(
      `INSERT INTO rotations (id, key_id, kind, phase, created_at, updated_at, revision, data) VALUES (?, ?, ?, ?, ?, ?, 1, ?)`,
    ),
    update: db.prepare(
      `UPDATE rotations SET phase = ?, data = ?, updated_at = ?, revision = revision + 1 WHERE id = ?`,
    ),
  };
  return {
    one: (id: string) => stmts.one.get(id) as RotationRow | undefined,
    openForKey: (keyId: string) => stmts.openForKey.get(keyId) as RotationRow | undefined,
    open: () => stmts.open.all() as RotationRow[],
    all: () => stmts.all.all() as RotationRow[],
    insert: (r: {
      id: string;
      keyId: string;
      kind: 'rotate' | 'revoke';
      phase: string;
      at: string;
      data: Uint8Array;
    }) => {
      markChanged(db, 'rotations');
      stmts.insert.run(r.id, r.keyId, r.kind, r.phase, r.at, r.at, r.data);
    },
    update: (id: string, phase: string, data: Uint8Array, at: string) => {
      markChanged(db, 'rotations');
      return stmts.update.run(phase, data, at, id).changes;
    },
  };
}
