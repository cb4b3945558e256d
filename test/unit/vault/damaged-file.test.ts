// T-4: a damaged file (cut short, a page zeroed) is reported, opened read-only at
// most, and never written to: its bytes and mtime are the same afterwards.
import { copyFileSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { AppError } from '../../../src-main/core/errors.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { rng, snapshot } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const PAGE = 4096;
const KEYS = 30;
let dir: string;
let original: Buffer;
let cleanup = () => {};
const clock = fixedClock('2026-11-25T10:00:00Z');

beforeAll(async () => {
  const t = tempDir();
  dir = t.dir;
  cleanup = t.cleanup;
  const v = await newTestVault(dir, 'base.db');
  for (let i = 0; i < KEYS; i++)
    v.inventory.add(sampleKey({ name: `key ${i}`, notes: 'n'.repeat(400) }), {
      value: `knouds_live_damage_${i}_xxxxxxxx`,
    });
  v.vault.lock();
  original = readFileSync(v.path);
  expect(original.length % PAGE).toBe(0);
  expect(original.length / PAGE).toBeGreaterThan(8);
});
afterAll(() => cleanup());

type Outcome = 'VAULT_DAMAGED' | 'READ_ONLY' | 'NOT_A_VAULT';

/**
 * Unlocks a damaged copy and checks the contract: VAULT_DAMAGED (or NOT_A_VAULT when
 * the magic itself is gone), or a read-only vault with `damage` set that refuses
 * writes and lists what it can or fails with VAULT_DAMAGED. Never another error.
 */
async function probeDamaged(path: string): Promise<Outcome> {
  const before = snapshot(path);
  let outcome: Outcome;
  try {
    const vault = await unlockVault(path, TEST_PASSWORD);
    try {
      expect(vault.damage).not.toBeNull();
      expect(vault.readOnly).toBe(true);
      const inventory = createInventory(vault, clock);
      try {
        const { keys, damaged } = inventory.list();
        expect(keys.length + damaged.length).toBeLessThanOrEqual(KEYS);
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        expect((e as AppError).code).toBe('VAULT_DAMAGED');
      }
      expect(() => vault.write(() => 1)).toThrow(expect.objectContaining({ code: 'VAULT_READ_ONLY' }));
      try {
        inventory.add(sampleKey(), { value: 'knouds_live_must_not_be_written' });
        expect.unreachable('a damaged vault accepted a write');
      } catch (e) {
        expect(['VAULT_READ_ONLY', 'VAULT_DAMAGED']).toContain((e as AppError).code);
      }
    } finally {
      vault.lock();
    }
    outcome = 'READ_ONLY';
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    expect(['VAULT_DAMAGED', 'NOT_A_VAULT']).toContain(e.code);
    outcome = e.code as Outcome;
  }
  expect(snapshot(path)).toEqual(before);
  return outcome;
}

describe('a file cut short', () => {
  it('is reported at 10 random offsets inside pages, and just before the end', async () => {
    const r = rng(0x7123);
    const cuts = Array.from({ length: 10 }, () => {
      let cut: number;
      do cut = r.int(PAGE, original.length - 1);
      while (cut % PAGE === 0);
      return cut;
    });
    cuts.push(original.length - 10, original.length - PAGE + 1, PAGE + 100);
    const outcomes: Outcome[] = [];
    for (const cut of cuts) {
      const path = join(dir, `cut-${cut}.db`);
      writeFileSync(path, original.subarray(0, cut));
      outcomes.push(await probeDamaged(path));
    }
    expect(outcomes).not.toContain('NOT_A_VAULT');
  });

  it('is reported when whole pages are missing', async () => {
    for (const pages of [2, 5, original.length / PAGE - 1]) {
      const path = join(dir, `pages-${pages}.db`);
      writeFileSync(path, original.subarray(0, pages * PAGE));
      expect(await probeDamaged(path)).not.toBe('NOT_A_VAULT');
    }
  });

  it('under 100 bytes is not a vault', async () => {
    const path = join(dir, 'cut-50.db');
    writeFileSync(path, original.subarray(0, 50));
    expect(await probeDamaged(path)).toBe('NOT_A_VAULT');
  });
});

describe('a zeroed page', () => {
  it('is reported for every page of the file, and the file is left untouched', async () => {
    const outcomes = new Map<number, Outcome>();
    for (let page = 0; page < original.length / PAGE; page++) {
      const bytes = Buffer.from(original);
      bytes.fill(0, page * PAGE, (page + 1) * PAGE);
      const path = join(dir, `zero-${page + 1}.db`);
      writeFileSync(path, bytes);
      outcomes.set(page + 1, await probeDamaged(path));
    }
    expect(outcomes.get(1)).toBe('NOT_A_VAULT'); // page 1 holds the SQLite magic
    for (const [page, outcome] of outcomes) if (page > 1) expect(outcome, `page ${page}`).not.toBe('NOT_A_VAULT');
  });
});

describe('the intact original', () => {
  it('still opens read-write with every key', async () => {
    const path = join(dir, 'intact.db');
    copyFileSync(join(dir, 'base.db'), path);
    const vault = await unlockVault(path, TEST_PASSWORD);
    expect(vault.damage).toBeNull();
    expect(createInventory(vault, clock).list().keys).toHaveLength(KEYS);
    vault.lock();
    expect(statSync(path).size % PAGE).toBe(0);
  });
});
