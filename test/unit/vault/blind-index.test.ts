// The blind index (migration 80): one record is found by name, and a stored secret by its value,
// opening only the rows the index names; the tags follow every write, are recomputed by a vault
// key rotation, are filled for a vault made before, and cannot be matched across vaults.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { schemaVersion } from '../../../src-main/core/db/migrations/index.js';
import { createInventory, type Inventory } from '../../../src-main/core/inventory/inventory.service.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { changePassword, unlockVault, type Vault } from '../../../src-main/core/vault/vault.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const clock = fixedClock('2026-12-01T00:00:00Z');
let cleanup = () => {};
afterEach(() => cleanup());

type Tags = { id: string; name_tag: Buffer | null; secret_tag: Buffer | null };
const tagsOf = (path: string): Tags[] =>
  withRawDb(path, (db) => db.prepare('SELECT id, name_tag, secret_tag FROM keys ORDER BY id').all() as Tags[]);

/** A vault of `n` keys named "key i", secrets distinct; returns it unlocked. */
async function vaultOf(n: number) {
  const t = tempDir('keyward-blind-');
  const made = await newTestVault(t.dir);
  cleanup = () => {
    made.vault.lock();
    t.cleanup();
  };
  const recs = made.inventory.addMany(
    Array.from({ length: n }, (_, i) => ({
      input: sampleKey({ name: `key ${i}` }),
      secret: { value: `knouds_live_blind_${i}_0123456789abcdef` },
    })),
  );
  return { ...made, dir: t.dir, recs };
}

/** How many sealed blobs a call opens (the real libsodium function, counted as it passes through). */
function opens<T>(vault: Vault, fn: () => T): { result: T; opened: number } {
  const spy = vi.spyOn(vault.sodium, 'crypto_aead_xchacha20poly1305_ietf_decrypt');
  try {
    const result = fn();
    return { result, opened: spy.mock.calls.length };
  } finally {
    spy.mockRestore();
  }
}

describe('blind index lookups', () => {
  it('show NAME, the duplicate checks, edit and rm open only the records they concern', async () => {
    const { path, vault, recs } = await vaultOf(60);
    const inv = createInventory(vault, clock); // a fresh inventory, as a new process has
    const byName = opens(vault, () => inv.get('KEY 17 '.trim()));
    expect(byName.result.id).toBe(recs[17]?.id);
    expect(byName.opened).toBeLessThanOrEqual(1);
    const byPrefix = opens(vault, () => inv.get((recs[33]?.id ?? '').slice(0, 8)));
    expect(byPrefix.result.name).toBe('key 33');
    expect(byPrefix.opened).toBeLessThanOrEqual(1);

    const same = opens(vault, () => inv.sameAs('  Key 5 ', { value: 'knouds_live_blind_40_0123456789abcdef' }));
    expect(same.result.sameName.map((k) => k.id)).toEqual([recs[5]?.id]);
    expect(same.result.sameSecret.map((k) => k.id)).toEqual([recs[40]?.id]);
    expect(same.opened).toBeLessThanOrEqual(2);
    expect(inv.holderOfSecret({ value: 'knouds_live_blind_nowhere_0123456789' })).toBeNull();
    expect(inv.isComplete()).toBe(false);

    // A rename and a new secret move the tags with them; a removed key is found by neither.
    const fresh = createInventory(vault, clock);
    const renamed = opens(vault, () => fresh.edit('key 3', { name: 'Renamed three' }));
    // A write also opens the manifest and the commit counter it updates: never one blob per key.
    expect(renamed.opened).toBeLessThanOrEqual(4);
    expect(fresh.get('renamed three').id).toBe(recs[3]?.id);
    expect(() => fresh.get('key 3')).toThrow(/No key with id or name/);
    fresh.edit('key 4', {}, { value: 'knouds_live_blind_new4_0123456789abcdef' });
    expect(fresh.holderOfSecret({ value: 'knouds_live_blind_new4_0123456789abcdef' })?.id).toBe(recs[4]?.id);
    expect(fresh.holderOfSecret({ value: 'knouds_live_blind_4_0123456789abcdef' })).toBeNull();
    const removed = opens(vault, () => fresh.remove('key 9'));
    expect(removed.opened).toBeLessThanOrEqual(4);
    expect(() => createInventory(vault, clock).get('key 9')).toThrow(/No key with id or name/);
    expect(tagsOf(path).find((r) => r.id === recs[9]?.id)).toBeUndefined();

    // Two keys of one name: the lookup says so instead of picking one.
    fresh.add(sampleKey({ name: 'KEY 20' }), { value: 'knouds_live_blind_twin_0123456789abcdef' });
    expect(() => createInventory(vault, clock).get('key 20')).toThrow(/matches 2 keys/);
    // What the index nominates is checked under the seal: it agrees with a full listing.
    const listed = createInventory(vault, clock).list().keys;
    expect(listed.filter((k) => k.name.toLowerCase() === 'key 20')).toHaveLength(2);
  });

  it('a tag edited outside Keyward can hide a row from a lookup, never put another row in its place', async () => {
    const { path, vault, recs } = await vaultOf(3);
    vault.lock();
    withRawDb(path, (db) => {
      const a = db.prepare('SELECT name_tag FROM keys WHERE id = ?').pluck().get(recs[0]?.id) as Buffer;
      db.prepare('UPDATE keys SET name_tag = ? WHERE id = ?').run(a, recs[1]?.id); // key 1 now claims "key 0"
      db.prepare('UPDATE keys SET name_tag = zeroblob(16) WHERE id = ?').run(recs[0]?.id);
    });
    const again = await unlockVault(path, TEST_PASSWORD);
    cleanup = () => again.lock();
    const inv: Inventory = createInventory(again, clock);
    expect(() => inv.get('key 0')).toThrow(/No key with id or name/);
    expect(inv.get(recs[0]?.id ?? '').name).toBe('key 0');
    expect(inv.get('key 2').id).toBe(recs[2]?.id);
  });
});

describe('blind index security', () => {
  it('the same name and secret in two vaults give different tags; within one vault case and spaces do not count', async () => {
    const one = await vaultOf(0);
    const first = one.inventory.add(sampleKey({ name: 'Shared name' }), {
      value: 'knouds_live_shared_0123456789abcdef',
    });
    one.inventory.add(sampleKey({ name: '  SHARED NAME ' }), { value: 'knouds_live_other_0123456789abcdef' });
    const a = tagsOf(one.path);
    const closeOne = cleanup;
    const two = await vaultOf(0);
    two.inventory.add(sampleKey({ name: 'Shared name' }), { value: 'knouds_live_shared_0123456789abcdef' });
    const b = tagsOf(two.path);
    closeOne();
    const aFirst = a.find((r) => r.id === first.id) as Tags;
    const aOther = a.find((r) => r.id !== first.id) as Tags;
    expect(aFirst.name_tag).toHaveLength(16);
    expect(aFirst.name_tag?.equals(aOther.name_tag as Buffer)).toBe(true);
    expect(aFirst.secret_tag?.equals(aOther.secret_tag as Buffer)).toBe(false);
    expect(aFirst.name_tag?.equals(b[0]?.name_tag as Buffer)).toBe(false);
    expect(aFirst.secret_tag?.equals(b[0]?.secret_tag as Buffer)).toBe(false);
    // Not an unkeyed hash of the name (the sodium of the vault, without its key).
    const unkeyed = Buffer.from(
      two.vault.sodium.crypto_generichash(16, new TextEncoder().encode('keyward-name-tag\nshared name'), null),
    );
    expect(aFirst.name_tag?.equals(unkeyed)).toBe(false);
  });

  it('a vault key rotation recomputes every tag under the new key, and lookups still work', async () => {
    const { path, vault, recs } = await vaultOf(5);
    vault.lock();
    const before = tagsOf(path);
    const r = await changePassword(path, TEST_PASSWORD, 'another long password 123', clock, undefined, {
      rotateVaultKey: true,
    });
    expect(r.rotated).toBe(true);
    const after = tagsOf(path);
    after.forEach((row, i) => {
      expect(row.name_tag?.equals(before[i]?.name_tag as Buffer)).toBe(false);
      expect(row.secret_tag?.equals(before[i]?.secret_tag as Buffer)).toBe(false);
    });
    const again = await unlockVault(path, 'another long password 123');
    cleanup = () => again.lock();
    expect(again.integrityWarning).toBeNull();
    const inv = createInventory(again, clock);
    expect(inv.get('key 2').id).toBe(recs[2]?.id);
    expect(inv.holderOfSecret({ value: 'knouds_live_blind_3_0123456789abcdef' })?.id).toBe(recs[3]?.id);
  });
});

describe('migration 80', () => {
  /** The file as schema `version` wrote it: no blind index columns, no indexes. */
  function withoutIndex(path: string, version: number): void {
    withRawDb(path, (db) => {
      db.exec(`DROP INDEX keys_by_name_tag; DROP INDEX keys_by_secret_tag;
               ALTER TABLE keys DROP COLUMN name_tag; ALTER TABLE keys DROP COLUMN secret_tag;`);
      db.pragma(`user_version = ${version}`);
    });
  }

  for (const version of [70, 90]) {
    it(`a vault made at schema ${version} before the index gets it filled at unlock, and lookups work`, async () => {
      const { path, vault, recs } = await vaultOf(4);
      vault.lock();
      withoutIndex(path, version);
      const blobs = withRawDb(path, (db) =>
        db.prepare('SELECT id, revision, meta, secret FROM keys ORDER BY id').all(),
      );
      const again = await unlockVault(path, TEST_PASSWORD);
      cleanup = () => again.lock();
      expect(again.integrityWarning).toBeNull();
      expect(schemaVersion(again.db)).toBe(90);
      const inv = createInventory(again, clock);
      expect(inv.get('key 1').id).toBe(recs[1]?.id);
      expect(inv.sameAs('key 2', { value: 'knouds_live_blind_0_0123456789abcdef' }).sameSecret[0]?.id).toBe(
        recs[0]?.id,
      );
      again.lock();
      const tags = tagsOf(path);
      expect(tags.every((t) => t.name_tag?.length === 16 && t.secret_tag?.length === 16)).toBe(true);
      // The blobs, revisions and times stay, so the manifest does too.
      expect(
        withRawDb(path, (db) => db.prepare('SELECT id, revision, meta, secret FROM keys ORDER BY id').all()),
      ).toEqual(blobs);
      const third = await unlockVault(path, TEST_PASSWORD);
      expect(third.integrityWarning).toBeNull();
      third.lock();
    });
  }
});
