// The ordered list of migrations and the runner: all pending ones in one
// transaction; a vault from a newer Keyward is refused, never "downgraded".
import { AppError } from '../../errors.js';
import type { Db } from '../connection.js';
import { migration0010 } from './0010-initial-schema.js';
import { migration0020 } from './0020-settings.js';
import { migration0030 } from './0030-rotations.js';
import { migration0040 } from './0040-checklists.js';
import { migration0050 } from './0050-manifest.js';
import { migration0060 } from './0060-blob-manifest.js';
import { migration0070 } from './0070-coarse-padding.js';
import { migration0080 } from './0080-blind-index.js';
import { migration0090 } from './0090-opaque-template-ids.js';
import type { Migration, MigrationContext } from './migration.types.js';

export const MIGRATIONS: readonly Migration[] = [
  migration0010,
  migration0020,
  migration0030,
  migration0040,
  migration0050,
  migration0060,
  migration0070,
  migration0080,
  migration0090,
];
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }));
}

export function assertNotTooNew(db: Db): void {
  const version = schemaVersion(db);
  if (version > LATEST_VERSION) {
    throw new AppError(
      'VAULT_TOO_NEW',
      `This vault was written by a newer Keyward (schema ${version}; this one knows up to ${LATEST_VERSION}). Update Keyward to open it.`,
    );
  }
}

/** Applies every migration above the file's version, up to `target`; `ctx` gives the steps that need the vault key. */
export function migrate(db: Db, target: number = LATEST_VERSION, ctx: MigrationContext = {}): number {
  assertNotTooNew(db);
  const from = schemaVersion(db);
  const pending = MIGRATIONS.filter(
    (m) => (m.version > from && m.version <= target) || (m.version <= from && m.missing?.(db) === true),
  );
  if (pending.length === 0) return from;
  db.transaction(() => {
    for (const m of pending) {
      m.up(db, ctx);
      if (m.version > schemaVersion(db)) db.pragma(`user_version = ${m.version}`);
    }
  }).immediate();
  return schemaVersion(db);
}
