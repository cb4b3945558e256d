// T-2, T-5, K-3 and the "is this a vault at all" checks: each way an unlock can fail
// gives its own error code, and the refused file is left exactly as it was.
import { copyFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headerHash } from '../../../src-main/core/crypto/envelope.js';
import { KDF_FLOOR } from '../../../src-main/core/crypto/kdf.js';
import { loadSodium } from '../../../src-main/core/crypto/sodium.js';
import { LATEST_VERSION } from '../../../src-main/core/db/migrations/index.js';
import { readHeader } from '../../../src-main/core/db/header.repo.js';
import { AppError } from '../../../src-main/core/errors.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { createForeignDb, flipped, rng, snapshot, withRawDb, type RawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let dir: string;
let base: string;
let cleanup = () => {};
let n = 0;

beforeAll(async () => {
  const t = tempDir();
  dir = t.dir;
  cleanup = t.cleanup;
  // At the floor: the timings below show a refusal comes before a real derivation's ~200 ms.
  const v = await newTestVault(dir, 'base.db', KDF_FLOOR);
  v.inventory.add(sampleKey(), { value: 'knouds_live_unlock_errors_0001' });
  v.vault.lock();
  base = v.path;
});
afterAll(() => cleanup());

/** A fresh copy of the base vault, optionally edited with raw SQL. */
function copyOfBase(edit?: (db: RawDb) => void): string {
  const path = join(dir, `copy-${++n}.db`);
  copyFileSync(base, path);
  if (edit) withRawDb(path, edit);
  return path;
}

type Outcome = { code: string; message: string } | 'unlocked';

async function unlockCode(path: string, password = TEST_PASSWORD): Promise<Outcome> {
  try {
    (await unlockVault(path, password)).lock();
    return 'unlocked';
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return { code: e.code, message: e.message };
  }
}

/** Unlock must fail with `code` and leave the file's bytes and mtime as they were. */
async function expectRefusedUntouched(path: string, code: string, password = TEST_PASSWORD): Promise<void> {
  const before = snapshot(path);
  expect(await unlockCode(path, password)).toMatchObject({ code });
  expect(snapshot(path)).toEqual(before);
}

describe('wrong password (T-5)', () => {
  it('fails with one and the same error for 50 random passwords and the near misses', async () => {
    const r = rng(0x5eed);
    const random = Array.from({ length: 50 }, () => randomBytes(r.int(1, 40)).toString('base64'));
    const near = [
      TEST_PASSWORD.slice(0, -1) + 'f', // one character changed
      TEST_PASSWORD + ' ', // an extra space
      ' ' + TEST_PASSWORD,
      TEST_PASSWORD.toUpperCase(),
      TEST_PASSWORD.slice(0, -1), // one character short
      '',
    ];
    const path = copyOfBase();
    const results: Outcome[] = [];
    for (const pw of [...random, ...near]) results.push(await unlockCode(path, pw));
    expect(new Set(results.map((x) => (x === 'unlocked' ? x : x.code)))).toEqual(new Set(['WRONG_PASSWORD']));
    expect(new Set(results.map((x) => (x === 'unlocked' ? x : x.message))).size).toBe(1);
    expect(await unlockCode(path)).toBe('unlocked');
  }, 240_000); // 57 derivations at the floor: ~12 s on an idle machine, several times that on a loaded one
});

describe('edited header (T-2)', () => {
  const edits: [string, (db: RawDb) => void][] = [
    ['kdf_ops changed', (db) => db.exec('UPDATE vault_header SET kdf_ops = kdf_ops + 1')],
    ['kdf_mem changed', (db) => db.exec('UPDATE vault_header SET kdf_mem = kdf_mem * 2')],
    ['vault_id changed', (db) => db.exec(`UPDATE vault_header SET vault_id = '00000000-0000-4000-8000-000000000000'`)],
    ['salt changed', (db) => db.prepare('UPDATE vault_header SET kdf_salt = ?').run(randomBytes(16))],
    ['format_version changed', (db) => db.exec('UPDATE vault_header SET format_version = 2')],
    ['header_hash changed', (db) => db.prepare('UPDATE vault_header SET header_hash = ?').run(randomBytes(32))],
    [
      'wrapped_key bit flipped',
      (db) => {
        const { wrapped_key } = db.prepare('SELECT wrapped_key FROM vault_header').get() as { wrapped_key: Buffer };
        db.prepare('UPDATE vault_header SET wrapped_key = ?').run(flipped(wrapped_key, 40));
      },
    ],
  ];
  for (const [what, edit] of edits) {
    it(`${what}: INTEGRITY_ERROR, not WRONG_PASSWORD`, async () => {
      await expectRefusedUntouched(copyOfBase(edit), 'INTEGRITY_ERROR');
    });
  }

  it('vault_id changed with header_hash recomputed: the wrap AAD still catches it', async () => {
    const sodium = await loadSodium();
    const path = copyOfBase((db) => {
      const h = { ...readHeader(db), vaultId: '11111111-1111-4111-8111-111111111111' };
      db.prepare('UPDATE vault_header SET vault_id = ?, header_hash = ?').run(h.vaultId, headerHash(h, sodium));
    });
    await expectRefusedUntouched(path, 'INTEGRITY_ERROR');
  });

  it('parameters edited below the floor: KDF_PARAMS_REFUSED before any derivation', async () => {
    // One real derivation at the floor, timed in the same run, is the yardstick: a refusal takes a fraction of it
    // however loaded the machine is.
    const real = copyOfBase();
    const t0 = performance.now();
    expect(await unlockCode(real)).toBe('unlocked');
    const derivation = performance.now() - t0;
    for (const [mem, ops] of [
      [8 * 1024 * 1024, 1],
      [8 * 1024 * 1024, 3],
      [64 * 1024 * 1024, 1],
      [64 * 1024 ** 3, 3],
    ] as const) {
      const path = copyOfBase((db) => db.prepare('UPDATE vault_header SET kdf_mem = ?, kdf_ops = ?').run(mem, ops));
      const started = performance.now();
      await expectRefusedUntouched(path, 'KDF_PARAMS_REFUSED');
      expect(performance.now() - started).toBeLessThan(Math.max(150, derivation / 2));
    }
  });

  it('the header row deleted: NOT_A_VAULT', async () => {
    await expectRefusedUntouched(
      copyOfBase((db) => db.exec('DELETE FROM vault_header')),
      'NOT_A_VAULT',
    );
  });
});

describe('files that are not (usable) vaults', () => {
  it("zero-length, random bytes, a text file and another app's SQLite db: NOT_A_VAULT, untouched", async () => {
    const files: [string, (p: string) => void][] = [
      ['empty.db', (p) => writeFileSync(p, '')],
      ['random.db', (p) => writeFileSync(p, randomBytes(8192))],
      ['notes.txt', (p) => writeFileSync(p, 'Just some notes about API keys.\n'.repeat(200))],
      ['other-app.sqlite', createForeignDb],
      [
        'sqlite-header-only.db',
        (p) => writeFileSync(p, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(40)])),
      ],
    ];
    for (const [name, make] of files) {
      const path = join(dir, name);
      make(path);
      await expectRefusedUntouched(path, 'NOT_A_VAULT');
    }
  });

  it('a missing file: VAULT_MISSING', async () => {
    expect(await unlockCode(join(dir, 'nope.db'))).toMatchObject({ code: 'VAULT_MISSING' });
  });

  it('user_version above the latest: VAULT_TOO_NEW, untouched', async () => {
    const path = copyOfBase((db) => db.pragma(`user_version = ${LATEST_VERSION + 10}`));
    await expectRefusedUntouched(path, 'VAULT_TOO_NEW');
  });
});
