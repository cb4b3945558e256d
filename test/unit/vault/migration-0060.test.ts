// Migration 60: a schema-50 vault (manifest of `id:revision` only) is checked under its own
// rules, then gets the manifest of every blob in the same transaction as the schema change.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sealJson, slotAad } from '../../../src-main/core/crypto/aead.js';
import { LATEST_VERSION, schemaVersion } from '../../../src-main/core/db/migrations/index.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let path: string;
let ids: string[];
let v1Manifest: Uint8Array;

beforeEach(async () => {
  dir = tempDir('keyward-m60-');
  const t = await newTestVault(dir.dir);
  path = t.path;
  ids = [0, 1, 2].map(
    (i) => t.inventory.add(sampleKey({ name: `k${i}` }), { value: `knouds_live_m60_${i}_abcdefgh` }).id,
  );
  // The manifest a schema-50 Keyward wrote: `id:revision` lines, unkeyed BLAKE2b-256, sealed.
  const rows = t.vault.db.prepare('SELECT id, revision FROM keys ORDER BY id').all() as {
    id: string;
    revision: number;
  }[];
  const text = `keyward-manifest-v1\n${rows.map((r) => `${r.id}:${r.revision}`).join('\n')}`;
  const digest = t.vault.sodium.to_hex(t.vault.sodium.crypto_generichash(32, new TextEncoder().encode(text), null));
  const aad = slotAad({ vaultId: t.vault.vaultId, table: 'manifest', field: 'data', recordId: '1' });
  v1Manifest = sealJson(t.vault.sodium, t.vault.keys().records, { keys: rows.length, digest }, aad);
  t.vault.lock();
  withRawDb(path, (db) => {
    db.prepare('UPDATE manifest SET data = ?').run(v1Manifest);
    db.exec('DROP TABLE pending_scrub');
    db.pragma('user_version = 50');
  });
});
afterEach(() => dir.cleanup());

const version = () => withRawDb(path, (db) => schemaVersion(db));

describe('migration 0060 (blob manifest)', () => {
  it('upgrades an untouched schema-50 vault without a warning, and then sees a blob put back', async () => {
    const old = withRawDb(path, (db) => db.prepare('SELECT secret FROM keys WHERE id = ?').pluck().get(ids[0]));
    let v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toBeNull();
    v.lock();
    expect(version()).toBe(LATEST_VERSION);
    // A schema-50 manifest could not see this; the new one does.
    v = await unlockVault(path, TEST_PASSWORD);
    createInventory(v, fixedClock('2026-01-02T00:00:00Z')).edit(
      ids[0] as string,
      {},
      { value: 'knouds_live_m60_new_abcdefgh' },
    );
    v.lock();
    withRawDb(path, (db) => db.prepare('UPDATE keys SET secret = ? WHERE id = ?').run(old, ids[0]));
    v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toMatch(/a key record was replaced: an older copy/);
    v.lock();
  });

  it('reports a row deleted before the upgrade (checked under schema 50), then upgrades', async () => {
    withRawDb(path, (db) => db.prepare('DELETE FROM keys WHERE id = ?').run(ids[1]));
    const v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toMatch(/1 key record\(s\) are missing/);
    v.lock();
    expect(version()).toBe(LATEST_VERSION);
  });

  it('refuses the schema-50 manifest form once the vault is at 60 (no downgrade of the check)', async () => {
    (await unlockVault(path, TEST_PASSWORD)).lock();
    withRawDb(path, (db) => db.prepare('UPDATE manifest SET data = ?').run(v1Manifest));
    const v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toMatch(/manifest does not open/);
    v.lock();
  });

  it('a deleted manifest is reported once the vault is at 60', async () => {
    (await unlockVault(path, TEST_PASSWORD)).lock();
    withRawDb(path, (db) => db.exec('DELETE FROM manifest'));
    const v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toMatch(/the manifest itself is missing/);
    v.lock();
  });
});
