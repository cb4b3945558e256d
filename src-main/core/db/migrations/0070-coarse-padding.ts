// 0070: sealed blobs move from 32-byte padding to coarse buckets (secrets to 64 bytes up to
// 256, then powers of two; everything else to 256 bytes), so a blob's length no longer tells
// keys, platforms or the size of a key's history apart. Every blob is re-sealed under the same
// vault key, and the manifest rewritten to name the new blobs, in this same transaction.
import { AppError } from '../../errors.js';
import type { Migration } from './migration.types.js';

export const migration0070: Migration = {
  version: 70,
  name: 'coarse-padding',
  dataOnly: true,
  up: (db, ctx) => {
    if (ctx.resealBlobs) return ctx.resealBlobs();
    // Without the vault key only an empty file may pass (a new vault seals its first rows in the new padding).
    const used = db.prepare(`SELECT 1 FROM manifest UNION ALL SELECT 1 FROM keys LIMIT 1`).get() !== undefined;
    if (used) throw new AppError('INTERNAL', 'Migration 70 needs the unlocked vault key.');
  },
};
