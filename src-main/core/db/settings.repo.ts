// SQL for named, sealed settings values.
import type { Db } from './connection.js';
import { markChanged } from './manifest.repo.js';

export function createSettingsRepo(db: Db) {
  const get = db.prepare(`SELECT value FROM settings WHERE name = ?`);
  const put = db.prepare(
    `INSERT INTO settings (name, updated_at, value) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  return {
    get: (name: string) => (get.get(name) as { value: Uint8Array } | undefined)?.value,
    // Every change to a sealed row marks the connection, so the write's transaction updates the manifest.
    put: (name: string, value: Uint8Array, at: string) => {
      markChanged(db, 'settings');
      put.run(name, at, value);
    },
  };
}
