// S-10, C-1, S-9: every column of every table is classified (plaintext allow-list or
// encrypted blob), every table is STRICT, and an opened vault runs WAL + FULL + secure_delete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { BLOB_VERSION } from '../../../src-main/core/crypto/aead.js';
import { ENCRYPTED_COLUMNS, KEYED_HASH_COLUMNS, PLAINTEXT_COLUMNS } from '../../../src-main/core/db/schema-policy.js';
import { createSettings } from '../../../src-main/core/settings/settings.service.js';
import { unlockVault, type Vault } from '../../../src-main/core/vault/vault.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let path: string;
let cleanup = () => {};
type Column = { name: string; type: string };

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const v = await newTestVault(t.dir);
  path = v.path;
  v.inventory.add(sampleKey(), { value: 'knouds_live_schema_audit_1234' });
  v.vault.lock();
});
afterAll(() => cleanup());

const tables = () =>
  withRawDb(
    path,
    (db) =>
      db
        .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
        .pluck()
        .all() as string[],
  );
const columns = (table: string) =>
  withRawDb(path, (db) => db.prepare(`SELECT name, type FROM pragma_table_info(?)`).all(table) as Column[]);

describe('schema allow-list (S-10)', () => {
  it('classifies every table of a fresh vault, and the policy names no missing table', () => {
    const actual = tables();
    expect(actual.length).toBeGreaterThan(0);
    for (const t of actual) {
      expect(Object.keys(PLAINTEXT_COLUMNS), `table ${t} is not classified`).toContain(t);
      expect(Object.keys(ENCRYPTED_COLUMNS), `table ${t} has no encrypted column entry`).toContain(t);
    }
    expect([...new Set([...Object.keys(PLAINTEXT_COLUMNS), ...Object.keys(ENCRYPTED_COLUMNS)])].sort()).toEqual(actual);
  });

  it('puts every column on exactly one list, and every listed column exists', () => {
    for (const t of tables()) {
      const plain = PLAINTEXT_COLUMNS[t] ?? [];
      const sealed = ENCRYPTED_COLUMNS[t] ?? [];
      const keyed = KEYED_HASH_COLUMNS[t] ?? [];
      const actual = columns(t).map((c) => c.name);
      for (const c of actual) {
        const lists = [plain, sealed, keyed].filter((l) => l.includes(c)).length;
        expect(lists, `${t}.${c} must be on exactly one list`).toBe(1);
      }
      expect([...plain, ...sealed, ...keyed].sort()).toEqual([...actual].sort());
    }
  });

  it('declares every encrypted column as a BLOB, and what it holds is a sealed blob', async () => {
    const vault = await unlockVault(path, TEST_PASSWORD);
    createSettings(vault, { now: () => new Date('2026-11-25T09:00:00Z') }).put(
      'test.audit',
      z.object({ n: z.number() }),
      { n: 1 },
    );
    vault.lock();
    for (const [t, cols] of Object.entries(ENCRYPTED_COLUMNS)) {
      const types = new Map(columns(t).map((c) => [c.name, c.type]));
      for (const c of cols) {
        expect(types.get(c), `${t}.${c}`).toBe('BLOB');
        const values = withRawDb(path, (db) => db.prepare(`SELECT ${c} FROM ${t}`).pluck().all() as Buffer[]);
        for (const v of values) {
          expect(v[0], `${t}.${c} version byte`).toBe(BLOB_VERSION);
          expect(v.length, `${t}.${c} length`).toBeGreaterThanOrEqual(1 + 24 + 32 + 16);
        }
      }
    }
  });

  it('declares every keyed-hash column as a BLOB holding a 16-byte tag on every key row', () => {
    for (const [t, cols] of Object.entries(KEYED_HASH_COLUMNS)) {
      const types = new Map(columns(t).map((c) => [c.name, c.type]));
      for (const c of cols) {
        expect(types.get(c), `${t}.${c}`).toBe('BLOB');
        const values = withRawDb(path, (db) => db.prepare(`SELECT ${c} FROM ${t}`).pluck().all() as Buffer[]);
        expect(values.length).toBeGreaterThan(0);
        for (const v of values) expect(v.length, `${t}.${c} length`).toBe(16);
      }
    }
  });

  it('makes every table STRICT', () => {
    const list = withRawDb(
      path,
      (db) =>
        db
          .prepare(`SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`)
          .all() as { name: string; strict: number }[],
    );
    expect(list.map((t) => t.name).sort()).toEqual(tables());
    for (const t of list) expect(t.strict, `${t.name} is not STRICT`).toBe(1);
  });

  it('has no triggers or views a tampered file could carry in', () => {
    const other = withRawDb(path, (db) =>
      db.prepare(`SELECT type, name FROM sqlite_schema WHERE type IN ('trigger', 'view')`).all(),
    );
    expect(other).toEqual([]);
  });
});

describe('connection pragmas (C-1, S-9)', () => {
  const check = (vault: Vault) => {
    expect(vault.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(vault.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(vault.db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(vault.db.pragma('trusted_schema', { simple: true })).toBe(0);
    expect(vault.db.pragma('cell_size_check', { simple: true })).toBe(1);
  };

  it('holds on an unlocked vault and on a newly created one', async () => {
    const vault = await unlockVault(path, TEST_PASSWORD);
    check(vault);
    vault.lock();
    const t = tempDir();
    try {
      const fresh = await newTestVault(t.dir);
      check(fresh.vault);
      fresh.vault.lock();
    } finally {
      t.cleanup();
    }
  });
});
