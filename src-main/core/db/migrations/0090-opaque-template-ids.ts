// 0090: checklist template rows lose the id the user chose (a name, readable without the
// password): each row moves to a keyed hash of it under the vault's row-id subkey, re-sealed
// under the same vault key, the manifest rewritten, all in the migrations' one transaction.
// It also blanks key ids that name no stored key (left by a removal before this version).
import { AppError } from '../../errors.js';
import type { Migration } from './migration.types.js';

export const migration0090: Migration = {
  version: 90,
  name: 'opaque-template-ids',
  dataOnly: true,
  up: (db, ctx) => {
    // SECURITY: a removed key's id must not stay readable where a run named it.
    db.exec(`
      UPDATE checklist_runs SET key_id = NULL WHERE key_id IS NOT NULL AND key_id NOT IN (SELECT id FROM keys);
      UPDATE rotations SET key_id = '' WHERE key_id <> '' AND key_id NOT IN (SELECT id FROM keys);
    `);
    if (ctx.reidTemplates) return ctx.reidTemplates();
    // Without the vault key only a file without templates may pass.
    if (db.prepare(`SELECT 1 FROM checklist_templates LIMIT 1`).get() !== undefined)
      throw new AppError('INTERNAL', 'Migration 90 needs the unlocked vault key.');
  },
};
