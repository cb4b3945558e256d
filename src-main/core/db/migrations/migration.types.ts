// One migration per file, keyed on PRAGMA user_version, in steps of 10.
import type { Db } from '../connection.js';

/** What a migration may need beyond SQL: steps that need the vault key, given by an unlocked vault. */
export type MigrationContext = { rewriteManifest?: () => void };

export type Migration = { version: number; name: string; up: (db: Db, ctx: MigrationContext) => void };
