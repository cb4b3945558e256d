// T-1, S-2, S-1(c): damage to one record's blobs fails that record only, every slot
// binding (row, column, vault) is authenticated, and re-encryption draws a new nonce.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/core/errors.js';
import type { Inventory } from '../../../src-main/core/inventory/inventory.service.js';
import type { Vault } from '../../../src-main/core/vault/vault.js';
import { flipped, getBlob, rng, setBlob, withRawDb } from '../../helpers/raw-db.js';
import { newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const N = 6;
let path: string;
let vault: Vault;
let inventory: Inventory;
let ids: string[];
let cleanupDir = () => {};

beforeEach(async () => {
  const t = tempDir();
  cleanupDir = t.cleanup;
  ({ path, vault, inventory } = await newTestVault(t.dir));
  ids = Array.from(
    { length: N },
    (_, i) => inventory.add(sampleKey({ name: `key ${i}` }), { value: `knouds_live_tamper_${i}_abcdefgh` }).id,
  );
});
afterEach(() => {
  vault.lock();
  cleanupDir();
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return e.code;
  }
}

const listedIds = () =>
  inventory
    .list()
    .keys.map((k) => k.id)
    .sort();
const others = (...except: string[]) => ids.filter((id) => !except.includes(id)).sort();

describe('one damaged record (T-1)', () => {
  it('a tampered meta blob: the others list, that one is reported damaged, get/reveal fail', () => {
    const [victim] = ids as [string];
    withRawDb(path, (db) => setBlob(db, 'keys', 'meta', victim, flipped(getBlob(db, 'keys', 'meta', victim), 50)));
    const { keys, damaged } = inventory.list();
    expect(keys.map((k) => k.id).sort()).toEqual(others(victim));
    expect(damaged.map((d) => d.id)).toEqual([victim]);
    expect(codeOf(() => inventory.get(victim))).toBe('INTEGRITY_ERROR');
    expect(codeOf(() => inventory.reveal(victim, 'revealed'))).toBe('INTEGRITY_ERROR');
    for (const id of others(victim)) expect(inventory.reveal(id, 'revealed').value).toMatch(/^knouds_live_tamper_/);
  });

  it('a tampered secret blob: everything lists, only that reveal fails', () => {
    const victim = ids[2] as string;
    withRawDb(path, (db) => setBlob(db, 'keys', 'secret', victim, flipped(getBlob(db, 'keys', 'secret', victim), 30)));
    expect(listedIds()).toEqual([...ids].sort());
    expect(codeOf(() => inventory.reveal(victim, 'revealed'))).toBe('INTEGRITY_ERROR');
    expect(inventory.get(victim).name).toBe('key 2');
  });
});

describe('blobs moved between slots fail authentication (S-2)', () => {
  it('secret blobs swapped between two rows', () => {
    const [a, b] = ids as [string, string];
    withRawDb(path, (db) => {
      const sa = getBlob(db, 'keys', 'secret', a);
      setBlob(db, 'keys', 'secret', a, getBlob(db, 'keys', 'secret', b));
      setBlob(db, 'keys', 'secret', b, sa);
    });
    expect(codeOf(() => inventory.reveal(a, 'revealed'))).toBe('INTEGRITY_ERROR');
    expect(codeOf(() => inventory.reveal(b, 'revealed'))).toBe('INTEGRITY_ERROR');
    expect(listedIds()).toEqual([...ids].sort());
  });

  it('a meta blob copied into the secret column of its row, and a secret into meta', () => {
    const [a, b] = ids as [string, string];
    withRawDb(path, (db) => {
      setBlob(db, 'keys', 'secret', a, getBlob(db, 'keys', 'meta', a));
      setBlob(db, 'keys', 'meta', b, getBlob(db, 'keys', 'secret', b));
    });
    expect(codeOf(() => inventory.reveal(a, 'revealed'))).toBe('INTEGRITY_ERROR');
    expect(inventory.list().damaged.map((d) => d.id)).toEqual([b]);
  });

  it('a row moved into another vault file', async () => {
    const t = tempDir();
    try {
      const other = await newTestVault(t.dir, 'other.db');
      const own = other.inventory.add(sampleKey({ name: 'own key' }), { value: 'knouds_live_own_key_12345678' });
      const moved = ids[3] as string;
      const row = withRawDb(
        path,
        (db) => db.prepare('SELECT * FROM keys WHERE id = ?').get(moved) as Record<string, unknown>,
      );
      withRawDb(other.path, (db) =>
        db
          .prepare(
            'INSERT INTO keys (id, created_at, updated_at, revision, meta, secret) VALUES (@id, @created_at, @updated_at, @revision, @meta, @secret)',
          )
          .run(row),
      );
      const { keys, damaged } = other.inventory.list();
      expect(keys.map((k) => k.id)).toEqual([own.id]);
      expect(damaged.map((d) => d.id)).toEqual([moved]);
      expect(codeOf(() => other.inventory.reveal(moved, 'revealed'))).toBe('INTEGRITY_ERROR');
      other.vault.lock();
    } finally {
      t.cleanup();
    }
  });
});

describe('re-encryption (S-1 c)', () => {
  it('draws a new nonce for the meta blob on an edit and for the secret on a replace', () => {
    const id = ids[0] as string;
    const nonces = () =>
      withRawDb(path, (db) => ({
        meta: getBlob(db, 'keys', 'meta', id).subarray(1, 25).toString('hex'),
        secret: getBlob(db, 'keys', 'secret', id).subarray(1, 25).toString('hex'),
      }));
    const before = nonces();
    inventory.edit(id, { notes: 'edited' });
    const afterEdit = nonces();
    expect(afterEdit.meta).not.toBe(before.meta);
    expect(afterEdit.secret).toBe(before.secret);
    inventory.edit(id, {}, { value: 'knouds_live_tamper_0_replaced' }); // the current one is refused as no change
    const afterReplace = nonces();
    expect(afterReplace.secret).not.toBe(before.secret);
    expect(afterReplace.meta).not.toBe(afterEdit.meta);
  });
});

describe('mutation fuzzing (T-1)', () => {
  it('1,000 random byte flips inside random record blobs: each is caught, the others always list', () => {
    const r = rng(0xf1ee);
    let caught = 0;
    withRawDb(path, (db) => {
      for (let i = 0; i < 1000; i++) {
        const id = ids[r.int(0, N - 1)] as string;
        const column = r.next() < 0.5 ? 'meta' : 'secret';
        const original = getBlob(db, 'keys', column, id);
        setBlob(db, 'keys', column, id, flipped(original, r.int(0, original.length - 1), r.int(1, 255)));
        const { keys, damaged } = inventory.list();
        expect(keys.map((k) => k.id).sort()).toEqual(column === 'meta' ? others(id) : [...ids].sort());
        if (column === 'meta') expect(damaged.map((d) => d.id)).toEqual([id]);
        const code =
          column === 'meta' ? codeOf(() => inventory.get(id)) : codeOf(() => inventory.reveal(id, 'revealed'));
        if (code === 'INTEGRITY_ERROR') caught++;
        setBlob(db, 'keys', column, id, original);
      }
    });
    expect(caught).toBe(1000);
    expect(listedIds()).toEqual([...ids].sort());
    for (const id of ids) expect(inventory.reveal(id, 'revealed').value).toMatch(/^knouds_live_tamper_/);
  });
});
