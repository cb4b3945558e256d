// Migration 70: a vault whose blobs carry the old 32-byte padding is re-sealed into the
// coarse buckets at its next unlock, in one transaction, with a manifest that matches.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LATEST_VERSION, schemaVersion } from '../../../src-main/core/db/migrations/index.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { toOldPadding } from '../../helpers/old-padding.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const OVERHEAD = 1 + 24 + 16;
let dir: ReturnType<typeof tempDir>;
let path: string;
let ids: string[];

const lengths = () =>
  withRawDb(path, (db) => ({
    secret: db.prepare('SELECT length(secret) FROM keys ORDER BY id').pluck().all() as number[],
    meta: db.prepare('SELECT length(meta) FROM keys ORDER BY id').pluck().all() as number[],
    other: db
      .prepare('SELECT length(value) FROM settings UNION ALL SELECT length(data) FROM manifest')
      .pluck()
      .all() as number[],
  }));

beforeEach(async () => {
  dir = tempDir('keyward-m70-');
  const t = await newTestVault(dir.dir);
  path = t.path;
  ids = ['a1', 'b'.repeat(30), 'c'.repeat(45)].map(
    (s, i) => t.inventory.add(sampleKey({ name: `k${i}` }), { value: `knouds_live_${s}` }).id,
  );
  toOldPadding(t.vault);
  t.vault.lock();
});
afterEach(() => dir.cleanup());

describe('migration 0070 (coarse padding)', () => {
  it('starts from blobs in 32-byte buckets that tell the three secrets apart', () => {
    expect(withRawDb(path, (db) => schemaVersion(db))).toBe(60);
    expect(new Set(lengths().secret).size).toBe(3);
  });

  it('re-seals every blob into the coarse buckets, without a warning, and every key still reads', async () => {
    let v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toBeNull();
    v.lock();
    expect(withRawDb(path, (db) => schemaVersion(db))).toBe(LATEST_VERSION);
    const l = lengths();
    // 26, 54 and 69 bytes of JSON: 32, 64 and 96 before; now 64, 64 and 128.
    expect([...l.secret].sort((a, b) => a - b)).toEqual([OVERHEAD + 64, OVERHEAD + 64, OVERHEAD + 128]);
    for (const n of [...l.meta, ...l.other]) expect((n - OVERHEAD) % 256).toBe(0);
    // The manifest matches the re-sealed blobs: a second unlock finds nothing wrong, and each secret opens.
    v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toBeNull();
    expect(v.commitWarning).toBeNull();
    const inv = createInventory(v, fixedClock('2026-12-01T00:00:00Z'));
    expect(inv.reveal(ids[2] as string, 'revealed').value).toBe('knouds_live_' + 'c'.repeat(45));
    v.lock();
  });

  it('is one transaction: a failure part-way leaves every blob and the schema as they were', async () => {
    const before = withRawDb(path, (db) => db.prepare('SELECT id, meta, secret FROM keys ORDER BY id').all());
    // A trigger makes the last key's update fail after the others were re-sealed in the same transaction.
    withRawDb(path, (db) =>
      db.exec(`CREATE TRIGGER stop BEFORE UPDATE OF secret ON keys WHEN OLD.id = '${[...ids].sort()[2]}'
               BEGIN SELECT RAISE(ABORT, 'stopped'); END`),
    );
    await expect(unlockVault(path, TEST_PASSWORD)).rejects.toThrow();
    withRawDb(path, (db) => db.exec('DROP TRIGGER stop'));
    expect(withRawDb(path, (db) => schemaVersion(db))).toBe(60);
    expect(withRawDb(path, (db) => db.prepare('SELECT id, meta, secret FROM keys ORDER BY id').all())).toEqual(before);
    const v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toBeNull();
    v.lock();
    expect(withRawDb(path, (db) => schemaVersion(db))).toBe(LATEST_VERSION);
  });

  it('keeps a blob that does not open as it is (reported by the manifest), and upgrades the rest', async () => {
    withRawDb(path, (db) => {
      const blob = Buffer.from(db.prepare('SELECT secret FROM keys WHERE id = ?').pluck().get(ids[0]) as Buffer);
      blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 1;
      db.prepare('UPDATE keys SET secret = ? WHERE id = ?').run(blob, ids[0]);
    });
    const v = await unlockVault(path, TEST_PASSWORD);
    expect(v.integrityWarning).toMatch(/replaced: an older copy/);
    v.lock();
    expect(withRawDb(path, (db) => schemaVersion(db))).toBe(LATEST_VERSION);
    const secretOf = (id: string) =>
      withRawDb(path, (db) => db.prepare('SELECT length(secret) FROM keys WHERE id = ?').pluck().get(id));
    expect(secretOf(ids[0] as string)).toBe(OVERHEAD + 32); // kept as it was: it does not open
    expect(secretOf(ids[1] as string)).toBe(OVERHEAD + 64);
    expect(secretOf(ids[2] as string)).toBe(OVERHEAD + 128);
  });
});
