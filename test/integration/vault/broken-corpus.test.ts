// T-7: every file of the broken-vault corpus (generated at test time by
// test/fixtures/broken-vaults/make-corpus.ts) gives exactly the outcome its manifest
// names, never a crash or an unexpected success; refused files are left untouched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-main/core/errors.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { CORPUS_CLOCK, makeCorpus } from '../../fixtures/broken-vaults/make-corpus.js';
import { snapshot } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, tempDir } from '../../helpers/temp-vault.js';

type Expected = { expect: string; untouched: boolean; listed?: number; what: string };
const manifest = JSON.parse(
  readFileSync(new URL('../../fixtures/broken-vaults/manifest.json', import.meta.url), 'utf8'),
) as {
  files: Record<string, Expected>;
};

let dir: string;
let made: string[] = [];
let cleanup = () => {};
beforeAll(async () => {
  const t = tempDir('keyward-corpus-');
  dir = t.dir;
  cleanup = t.cleanup;
  made = await makeCorpus(dir, TEST_PASSWORD);
});
afterAll(() => cleanup());

const codeOf = (e: unknown): string => {
  if (e instanceof AppError) return e.code;
  throw e; // anything but a typed error is a crash
};

/**
 * Opens a corpus file the way the app would and names the first failure: the unlock
 * error; VAULT_READ_ONLY for a damaged file opened read-only; INTEGRITY_ERROR for a
 * record that is listed as damaged or fails to reveal; OK when everything reads.
 */
async function probe(path: string): Promise<{ outcome: string; listed: number }> {
  let vault;
  try {
    vault = await unlockVault(path, TEST_PASSWORD);
  } catch (e) {
    return { outcome: codeOf(e), listed: 0 };
  }
  try {
    const inventory = createInventory(vault, CORPUS_CLOCK);
    if (vault.damage !== null) {
      expect(() => vault.write(() => 1)).toThrow(expect.objectContaining({ code: 'VAULT_READ_ONLY' }));
      return { outcome: 'VAULT_READ_ONLY', listed: -1 };
    }
    const { keys, damaged } = inventory.list();
    for (const d of damaged)
      expect(() => inventory.reveal(d.id, 'revealed')).toThrow(expect.objectContaining({ code: 'INTEGRITY_ERROR' }));
    let outcome = damaged.length > 0 ? 'INTEGRITY_ERROR' : 'OK';
    for (const k of keys) {
      try {
        inventory.reveal(k.id, 'revealed');
      } catch (e) {
        outcome = codeOf(e);
      }
    }
    return { outcome, listed: keys.length };
  } catch (e) {
    return { outcome: codeOf(e), listed: -1 };
  } finally {
    vault.lock();
  }
}

describe('broken-vault corpus', () => {
  it('classifies every generated file in the manifest, and nothing more', () => {
    expect([...made].sort()).toEqual(Object.keys(manifest.files).sort());
  });

  for (const [file, expected] of Object.entries(manifest.files)) {
    it(`${file}: ${expected.expect}`, async () => {
      const path = join(dir, file);
      const before = snapshot(path);
      const { outcome, listed } = await probe(path);
      expect(outcome).toBe(expected.expect);
      if (expected.listed !== undefined) expect(listed).toBe(expected.listed);
      if (expected.untouched) expect(snapshot(path)).toEqual(before);
    });
  }
});
