// SQL for named, sealed settings values.
import type { Db } from './connection.js';

export function createSettingsRepo(db: Db) {
  const get = db.prepare(`SELECT value FROM settings WHERE name = ?`);
  const put = db.prepare(
    `INSERT INTO settings (name, updated_at, value) VALUES (?, ?, ?)
     ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  return {
    get: (name: string) => (get.get(name) as { value: Uint8Array } | undefined)?.value,
    put: (name: string, value: Uint8Array, at: string) => void put.run(name, at, value),
  };
}
export type SettingsRepo = ReturnType<typeof createSettingsRepo>;
