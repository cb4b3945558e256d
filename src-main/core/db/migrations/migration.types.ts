// One migration per file, keyed on PRAGMA user_version, in steps of 10.
import type { Db } from '../connection.js';

export type Migration = { version: number; name: string; up: (db: Db) => void };
