// S-4(a), K-2(c), K-1(c): a password change rewrites only the header row (fresh salt,
// new wrap); every record stays byte-identical; the old password stops working.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KDF_FLOOR } from '../../../src-main/core/crypto/kdf.js';
import { AppError } from '../../../src-main/core/errors.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { changePassword, unlockVault } from '../../../src-main/core/vault/vault.js';
import { rowHashes, withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const NEW_PASSWORD = 'a different, longer passphrase';
const clock = fixedClock('2026-11-26T09:00:00Z');
let path: string;
let ids: string[];
let cleanup = () => {};

type Header = {
  vault_id: string;
  kdf_alg: string;
  kdf_ops: number;
  kdf_mem: number;
  kdf_salt: Buffer;
  kdf_version: number;
  wrapped_key: Buffer;
  kek_check: Buffer;
};
const header = () => withRawDb(path, (db) => db.prepare('SELECT * FROM vault_header').get() as Header);

beforeEach(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  // At the floor: these tests are about the KDF fields and costs a password change keeps.
  const v = await newTestVault(t.dir, 'vault.db', KDF_FLOOR);
  path = v.path;
  ids = [0, 1, 2, 3, 4].map(
    (i) => v.inventory.add(sampleKey({ name: `key ${i}` }), { value: `knouds_live_passwd_${i}_xxxxxxxx` }).id,
  );
  v.vault.lock();
});
afterEach(() => cleanup());

async function unlockCode(password: string): Promise<string> {
  try {
    (await unlockVault(path, password)).lock();
    return 'unlocked';
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return e.code;
  }
}

describe('changing the master password', () => {
  it('keeps every record byte-identical and rewrites only the header', async () => {
    const keysBefore = rowHashes(path, 'keys');
    const settingsBefore = rowHashes(path, 'settings');
    const before = header();
    await changePassword(path, TEST_PASSWORD, NEW_PASSWORD, clock);
    const after = header();

    expect(rowHashes(path, 'keys')).toEqual(keysBefore);
    expect(keysBefore.size).toBe(5);
    expect(rowHashes(path, 'settings')).toEqual(settingsBefore);
    expect(after.vault_id).toBe(before.vault_id);
    expect(after.kdf_salt.equals(before.kdf_salt)).toBe(false);
    expect(after.kdf_salt).toHaveLength(16);
    expect(after.wrapped_key.equals(before.wrapped_key)).toBe(false);
    expect(after.kek_check.equals(before.kek_check)).toBe(false);
    // K-1(c): the five KDF fields are stored with the vault.
    expect(after).toMatchObject({
      kdf_alg: 'argon2id13',
      kdf_ops: KDF_FLOOR.opsLimit,
      kdf_mem: KDF_FLOOR.memLimitBytes,
      kdf_version: 1,
    });
  });

  it('makes the old password fail and the new one open every key', async () => {
    await changePassword(path, TEST_PASSWORD, NEW_PASSWORD, clock);
    expect(await unlockCode(TEST_PASSWORD)).toBe('WRONG_PASSWORD');
    const vault = await unlockVault(path, NEW_PASSWORD);
    const inventory = createInventory(vault, clock);
    expect(inventory.list().keys).toHaveLength(5);
    for (const [i, id] of ids.entries())
      expect(inventory.reveal(id, 'revealed').value).toBe(`knouds_live_passwd_${i}_xxxxxxxx`);
    vault.lock();
  });

  it('draws a new salt even when the new password equals the old one', async () => {
    const before = header();
    await changePassword(path, TEST_PASSWORD, TEST_PASSWORD, clock);
    expect(header().kdf_salt.equals(before.kdf_salt)).toBe(false);
    expect(await unlockCode(TEST_PASSWORD)).toBe('unlocked');
  });

  it('refuses with the wrong old password or an empty new one, changing nothing', async () => {
    const before = header();
    await expect(changePassword(path, 'not it', NEW_PASSWORD, clock)).rejects.toMatchObject({ code: 'WRONG_PASSWORD' });
    await expect(changePassword(path, TEST_PASSWORD, '', clock)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(header()).toEqual(before);
  });

  it('can raise the KDF cost, and never accepts one below the floor', async () => {
    await changePassword(path, TEST_PASSWORD, NEW_PASSWORD, clock, { ...KDF_FLOOR, opsLimit: 4 });
    expect(header().kdf_ops).toBe(4);
    expect(await unlockCode(NEW_PASSWORD)).toBe('unlocked');
    await expect(
      changePassword(path, NEW_PASSWORD, TEST_PASSWORD, clock, { ...KDF_FLOOR, opsLimit: 1 }),
    ).rejects.toMatchObject({ code: 'KDF_PARAMS_REFUSED' });
    expect(await unlockCode(NEW_PASSWORD)).toBe('unlocked');
  });
});
