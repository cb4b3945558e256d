import { afterEach, describe, expect, it } from 'vitest';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('vault round trip', () => {
  it('stores, locks, unlocks and reads back a key', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { path, vault, inventory, clock } = await newTestVault(t.dir);
    const rec = inventory.add(sampleKey(), { value: 'knouds_live_abcdefghijklmnop1234' });
    expect(rec.hint).toBe('knouds_live_…1234');
    vault.lock();
    const again = await unlockVault(path, TEST_PASSWORD);
    const inv = createInventory(again, clock);
    expect(inv.list().keys.map((k) => k.name)).toEqual(['Deploy bot']);
    expect(inv.reveal(rec.id, 'revealed').value).toBe('knouds_live_abcdefghijklmnop1234');
    again.lock();
  });
});
