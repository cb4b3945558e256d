// SQL for the record of a deletion whose scrub of the WAL is still pending.
import type { Db } from './connection.js';

export function hasPendingScrub(db: Db): boolean {
  const table = db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'pending_scrub'`).get();
  return table !== undefined && db.prepare(`SELECT 1 FROM pending_scrub`).get() !== undefined;
}

export function markPendingScrub(db: Db, at: string): void {
  db.prepare(`INSERT INTO pending_scrub (singleton, since) VALUES (1, ?) ON CONFLICT (singleton) DO NOTHING`).run(at);
}

export function clearPendingScrub(db: Db): void {
  db.prepare(`DELETE FROM pending_scrub`).run();
}
