// Migrations: each one from the version before it (one test per migration), data
// surviving an upgrade, and an up-to-date vault left exactly as it is.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDbFile, type Db } from '../../../src-main/core/db/connection.js';
import { LATEST_VERSION, MIGRATIONS, migrate, schemaVersion } from '../../../src-main/core/db/migrations/index.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { rowHashes, snapshot, withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());
function dir(): string {
  const t = tempDir();
  cleanup = t.cleanup;
  return t.dir;
}

const tablesOf = (db: Db) =>
  db
    .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
    .pluck()
    .all() as string[];
const schemaSql = (db: Db) => db.prepare(`SELECT type, name, sql FROM sqlite_schema ORDER BY name`).all();

/** The tables a vault has at schema `version`, from an empty file migrated that far. */
function tablesAt(folder: string, version: number): string[] {
  const db = createDbFile(join(folder, `at-${version}.db`));
  migrate(db, version);
  const t = tablesOf(db);
  db.close();
  return t;
}

describe('each migration from the version before it', () => {
  MIGRATIONS.forEach((m, i) => {
    const before = i === 0 ? 0 : (MIGRATIONS[i - 1]?.version ?? 0);
    it(`${before} -> ${m.version} (${m.name})`, () => {
      const db = createDbFile(join(dir(), 'm.db'));
      expect(migrate(db, before)).toBe(before);
      const old = schemaSql(db);
      expect(migrate(db, m.version)).toBe(m.version);
      expect(schemaVersion(db)).toBe(m.version);
      // A data-only migration (re-sealing rows) leaves the schema exactly as it was; its own test covers the rows.
      if (m.dataOnly) expect(schemaSql(db), `${m.name} should not change the schema`).toEqual(old);
      else expect(schemaSql(db), `${m.name} should change the schema`).not.toEqual(old);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    });
  });

  it('0 -> 10 creates the header and key tables', () => {
    const db = createDbFile(join(dir(), 'm.db'));
    migrate(db, 10);
    expect(tablesOf(db)).toEqual(['keys', 'vault_header']);
    db.close();
  });

  it('versions are 10, 20, 30, ... with no gap and the latest is the last', () => {
    MIGRATIONS.forEach((m, i) => expect(m.version).toBe((i + 1) * 10));
    expect(LATEST_VERSION).toBe(MIGRATIONS[MIGRATIONS.length - 1]?.version);
  });
});

describe('upgrading a real vault', () => {
  it('10 -> latest at unlock: every plaintext column survives byte for byte and every key still decrypts', async () => {
    const folder = dir();
    const { path, vault, inventory, clock } = await newTestVault(folder);
    const added = [0, 1, 2].map((i) =>
      inventory.add(sampleKey({ name: `old ${i}` }), { value: `knouds_live_migrate_${i}_xxxxxxxx` }),
    );
    vault.lock();
    // Turn the file into a schema-10 vault: drop what later migrations added.
    const at10 = tablesAt(folder, 10);
    withRawDb(path, (db) => {
      for (const t of (
        db
          .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
          .pluck()
          .all() as string[]
      ).filter((t) => !at10.includes(t))) {
        db.exec(`DROP TABLE ${t}`);
      }
      db.pragma('user_version = 10');
    });
    // Migration 70 re-seals every blob (new padding, new nonces); every other column stays byte for byte.
    const plainColumns = () =>
      withRawDb(path, (db) => db.prepare('SELECT id, created_at, updated_at, revision FROM keys ORDER BY id').all());
    const blobsBefore = withRawDb(path, (db) => db.prepare('SELECT meta, secret FROM keys ORDER BY id').all());
    const rowsBefore = plainColumns();
    const again = await unlockVault(path, TEST_PASSWORD);
    expect(schemaVersion(again.db)).toBe(LATEST_VERSION);
    const inv = createInventory(again, clock);
    expect(
      inv
        .list()
        .keys.map((k) => k.name)
        .sort(),
    ).toEqual(['old 0', 'old 1', 'old 2']);
    again.lock();
    expect(plainColumns()).toEqual(rowsBefore);
    const blobsAfter = withRawDb(path, (db) => db.prepare('SELECT meta, secret FROM keys ORDER BY id').all());
    expect(blobsAfter).toHaveLength(blobsBefore.length);
    blobsAfter.forEach((b, i) => expect(b).not.toEqual(blobsBefore[i]));
    const third = await unlockVault(path, TEST_PASSWORD);
    const inv3 = createInventory(third, clock);
    for (const [i, rec] of added.entries())
      expect(inv3.reveal(rec.id, 'revealed').value).toBe(`knouds_live_migrate_${i}_xxxxxxxx`);
    third.lock();
  });

  it('10 -> 20 directly keeps the rows of schema 10', async () => {
    const folder = dir();
    const { path, vault, inventory } = await newTestVault(folder);
    inventory.add(sampleKey(), { value: 'knouds_live_migrate_direct_xxxx' });
    vault.lock();
    const at10 = tablesAt(folder, 10);
    const rowsBefore = rowHashes(path, 'keys');
    withRawDb(path, (db) => {
      for (const t of tablesOf(db).filter((t) => !at10.includes(t))) db.exec(`DROP TABLE ${t}`);
      db.pragma('user_version = 10');
      expect(migrate(db, 20)).toBe(20);
      expect(tablesOf(db)).toContain('settings');
    });
    expect(rowHashes(path, 'keys')).toEqual(rowsBefore);
    expect(rowHashes(path, 'vault_header').size).toBe(1);
  });

  it('an up-to-date vault is a no-op: same schema, no changes, file untouched', async () => {
    const { path, vault } = await newTestVault(dir());
    vault.lock();
    const before = snapshot(path);
    withRawDb(path, (db) => {
      const schema = schemaSql(db);
      expect(migrate(db)).toBe(LATEST_VERSION);
      expect(db.prepare('SELECT total_changes()').pluck().get()).toBe(0);
      expect(schemaSql(db)).toEqual(schema);
    });
    const again = await unlockVault(path, TEST_PASSWORD);
    expect(schemaVersion(again.db)).toBe(LATEST_VERSION);
    again.lock();
    expect(snapshot(path)).toEqual(before);
  });
});

describe('0040 checklists', () => {
  it('30 -> 40 adds the checklist tables and keeps the rows of schema 30', async () => {
    const folder = dir();
    const { path, vault, inventory } = await newTestVault(folder);
    inventory.add(sampleKey(), { value: 'knouds_live_migrate_forty_xxxx' });
    vault.lock();
    const at30 = tablesAt(folder, 30);
    const rowsBefore = rowHashes(path, 'keys');
    withRawDb(path, (db) => {
      for (const t of tablesOf(db).filter((t) => !at30.includes(t))) db.exec(`DROP TABLE ${t}`);
      db.pragma('user_version = 30');
      expect(tablesOf(db)).not.toContain('checklist_runs');
      expect(migrate(db, 40)).toBe(40);
      expect(tablesOf(db)).toEqual(expect.arrayContaining(['checklist_runs', 'checklist_templates']));
    });
    expect(rowHashes(path, 'keys')).toEqual(rowsBefore);
    const again = await unlockVault(path, TEST_PASSWORD);
    expect(createInventory(again, fixedClock('2026-11-25T09:00:00Z')).list().keys).toHaveLength(1);
    again.lock();
  });
});
