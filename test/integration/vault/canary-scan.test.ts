// S-3 and S-9 at the core: a canary secret and a canary name never reach the vault
// file, its WAL or its shm in any form, and a deleted key's bytes are scrubbed.
import { afterEach, describe, expect, it } from 'vitest';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { canaryForms, newCanary, scan, vaultArtefacts, type Needle } from '../../helpers/canary.js';
import { getBlob, withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('canary scan', () => {
  it('finds no form of the secret or the name in the db, -wal or -shm, before and after a delete', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const secret = newCanary('sk-CANARY');
    const name = newCanary('name-CANARY');
    const notes = newCanary('notes-CANARY');
    const needles = [...canaryForms(secret, 'secret'), ...canaryForms(name, 'name'), ...canaryForms(notes, 'notes')];

    const { path, vault, inventory, clock } = await newTestVault(t.dir);
    inventory.add(sampleKey({ name: 'neighbour' }), { value: 'knouds_live_neighbour_key_1234' });
    const rec = inventory.add(sampleKey({ name, notes }), { value: secret });
    inventory.edit(rec.id, { owner: 'someone else' });
    expect(inventory.reveal(rec.id, 'revealed').value).toBe(secret);
    expect(vaultArtefacts(path)).toEqual([path, `${path}-wal`, `${path}-shm`]);
    expect(scan(vaultArtefacts(path), needles)).toEqual([]); // while open, WAL live
    vault.lock();
    expect(scan(vaultArtefacts(path), needles)).toEqual([]); // closed, checkpointed

    // S-9: the deleted row's own ciphertext must be gone too, from the file and the WAL.
    const again = await unlockVault(path, TEST_PASSWORD);
    const inv = createInventory(again, clock);
    const cipherNeedles: Needle[] = withRawDb(path, (db) =>
      (['meta', 'secret'] as const).map((c) => ({
        label: `${c} ciphertext`,
        bytes: getBlob(db, 'keys', c, rec.id).subarray(25, 25 + 32),
      })),
    );
    expect(scan([path], cipherNeedles).length).toBe(2); // sanity: the scan does see them before the delete
    inv.remove(rec.id);
    expect(again.db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(scan(vaultArtefacts(path), [...needles, ...cipherNeedles])).toEqual([]); // after the app's scrub, still open
    expect(inv.list().keys.map((k) => k.name)).toEqual(['neighbour']);
    again.lock();
    expect(scan(vaultArtefacts(path), [...needles, ...cipherNeedles])).toEqual([]);
  });

  it('the scan itself finds a canary that is there (no false clean)', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const secret = newCanary();
    const { path, vault } = await newTestVault(t.dir);
    withRawDb(path, (db) =>
      db
        .prepare('INSERT INTO settings (name, updated_at, value) VALUES (?, ?, ?)')
        .run('probe', 'x', Buffer.from(secret)),
    );
    vault.lock();
    expect(scan(vaultArtefacts(path), canaryForms(secret, 'secret'))).toContain(`${path}: secret/raw`);
  });
});
