// Migration 90: checklist template rows named by the id the user chose (readable without the
// password) move to a keyed row id at the next unlock, in one transaction, with a manifest that
// matches; key ids that name no stored key are blanked; a vault key rotation recomputes the ids.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openJson, sealJson, slotAad } from '../../../src-main/core/crypto/aead.js';
import { schemaVersion } from '../../../src-main/core/db/migrations/index.js';
import { createSession } from '../../../src-main/core/app/session.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { rewriteManifestNow } from '../../../src-main/core/vault/manifest.js';
import { changePassword, unlockVault, type Vault } from '../../../src-main/core/vault/vault.js';
import { templateRowId } from '../../../src-main/core/vault/row-ids.js';
import { newCanary } from '../../helpers/canary.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const clock = fixedClock('2026-12-01T00:00:00Z');
let dir: ReturnType<typeof tempDir>;
let path: string;
let templateId: string;
let goneId: string;

/** The file as schema 70 wrote it: each template row keyed by its chosen id, sealed for that id. */
function toSchema70(vault: Vault, removedKey: string): void {
  vault.db.transaction(() => {
    const aad = (id: string) =>
      slotAad({ vaultId: vault.vaultId, table: 'checklist_templates', field: 'data', recordId: id });
    const rows = vault.db.prepare('SELECT id, data FROM checklist_templates').all() as { id: string; data: Buffer }[];
    for (const row of rows) {
      const t = openJson(vault.sodium, vault.keys().records, row.data, aad(row.id), row.id) as { id: string };
      const blob = sealJson(vault.sodium, vault.keys().records, t, aad(t.id));
      vault.db.prepare('UPDATE checklist_templates SET id = ?, data = ? WHERE id = ?').run(t.id, blob, row.id);
    }
    // A key removed before this version left its id where runs named it.
    vault.db.prepare('UPDATE checklist_runs SET key_id = ? WHERE key_id IS NULL').run(removedKey);
    vault.db.prepare(`UPDATE rotations SET key_id = ? WHERE key_id = ''`).run(removedKey);
    rewriteManifestNow(vault);
    vault.db.pragma('user_version = 70');
  })();
}

const raw = () =>
  withRawDb(path, (db) => ({
    version: schemaVersion(db),
    templates: db.prepare('SELECT id, data FROM checklist_templates ORDER BY id').all() as { id: string }[],
    runKeys: db.prepare('SELECT key_id FROM checklist_runs ORDER BY key_id').pluck().all(),
    rotationKeys: db.prepare('SELECT key_id FROM rotations ORDER BY key_id').pluck().all(),
  }));
const fileHolds = (text: string) =>
  withRawDb(path, (db) => {
    db.pragma('wal_checkpoint(TRUNCATE)');
    return db.prepare('SELECT 1 FROM checklist_templates WHERE instr(id, ?) > 0').get(text) !== undefined;
  });

beforeEach(async () => {
  dir = tempDir('keyward-m90-');
  const t = await newTestVault(dir.dir);
  path = t.path;
  templateId = newCanary('team-rotation');
  const s = createSession(t.vault, { clock });
  s.checklists.editTemplate(templateId, { name: 'Team rotation', steps: [{ id: 's1', title: 'Do it', kind: 'task' }] });
  const key = s.inventory.add(sampleKey({ name: 'Kept' }), { value: 'knouds_live_kept_0123456789abcdef' });
  s.team.setName('Ana');
  s.checklists.start(key.id, { templateId });
  const gone = s.inventory.add(sampleKey({ name: 'Gone' }), { value: 'knouds_live_gone_0123456789abcdef' });
  s.checklists.start(gone.id, { templateId });
  s.rotations.start(gone.id, 'rotate');
  s.inventory.remove(gone.id);
  goneId = gone.id;
  toSchema70(t.vault, goneId);
  t.vault.lock();
});
afterEach(() => dir.cleanup());

describe('migration 0090 (opaque template ids)', () => {
  it('starts from a schema-70 file that names the template and the removed key', () => {
    const r = raw();
    expect(r.version).toBe(70);
    expect(r.templates.map((t) => t.id)).toEqual([templateId]);
    expect(r.runKeys).toContain(goneId);
    expect(r.rotationKeys).toEqual([goneId]);
  });

  it('moves each template to its keyed row id, blanks dangling key ids, and checklists still work', async () => {
    const v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toBeNull();
    const expected = templateRowId(v.sodium, v.keys().rowIds, templateId);
    const s = createSession(v, { clock });
    expect(s.checklists.templates().some((t) => t.id === templateId && t.name === 'Team rotation')).toBe(true);
    const run = s.checklists.list()[0];
    expect(run).toBeDefined();
    expect(s.checklists.tick(run?.id as string, '1', { state: 'done' }).steps[0]?.state).toBe('done');
    expect(s.checklists.exportTemplate(templateId).json).toContain(templateId); // a sharing file still names it
    v.lock();
    const r = raw();
    expect(r.version).toBe(90);
    expect(r.templates.map((t) => t.id)).toEqual([expected]);
    expect(expected).toMatch(/^[0-9a-f]{32}$/);
    expect(fileHolds(templateId)).toBe(false);
    expect(r.runKeys).not.toContain(goneId);
    expect(r.rotationKeys).toEqual(['']);
    // The manifest names the moved rows: a second unlock finds nothing wrong.
    const again = await unlockVault(path, TEST_PASSWORD);
    expect(again.integrityWarning).toBeNull();
    again.lock();
  });

  it('is one transaction: a failure part-way leaves the rows and the schema as they were', async () => {
    const before = raw();
    withRawDb(path, (db) =>
      db.exec(`CREATE TRIGGER stop AFTER UPDATE ON checklist_templates BEGIN SELECT RAISE(ABORT, 'stopped'); END`),
    );
    await expect(unlockVault(path, TEST_PASSWORD)).rejects.toThrow();
    withRawDb(path, (db) => db.exec('DROP TRIGGER stop'));
    expect(raw()).toEqual(before);
    const v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toBeNull();
    v.lock();
    expect(raw().version).toBe(90);
  });

  it('is recomputed by a vault key rotation: the old row id is gone, the template still reads', async () => {
    let v = await unlockVault(path, TEST_PASSWORD);
    const oldRowId = templateRowId(v.sodium, v.keys().rowIds, templateId);
    v.lock();
    const done = await changePassword(path, TEST_PASSWORD, 'another password', clock, undefined, {
      rotateVaultKey: true,
    });
    expect(done.rotated).toBe(true);
    v = await unlockVault(path, 'another password');
    expect(v.integrityWarning).toBeNull();
    const newRowId = templateRowId(v.sodium, v.keys().rowIds, templateId);
    expect(newRowId).not.toBe(oldRowId);
    expect(raw().templates.map((t) => t.id)).toEqual([newRowId]);
    expect(createSession(v, { clock }).checklists.template(templateId).name).toBe('Team rotation');
    v.lock();
  });
});
