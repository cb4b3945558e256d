// The sealed backup: consistent while another process writes, restorable only with
// the password, every kind of damage refused with a clear error, --verify writes
// nothing, restore keeps what it replaces, and docs/BACKUP-FORMAT.md is enough to
// read it (an independent reader in Python + PyNaCl).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KDF_FLOOR, type KdfCost } from '../../../src-main/core/crypto/kdf.js';
import { isAppError } from '../../../src-main/core/errors.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { restoreBackup, writeBackup } from '../../../src-main/core/transfer/backup.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { canaryForms, newCanary, scan } from '../../helpers/canary.js';
import { spawnChild } from '../../helpers/child.js';
import { withRawDb } from '../../helpers/raw-db.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
let savedTmp: string | undefined;
beforeEach(() => {
  savedTmp = process.env.TMPDIR;
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  cleanup();
});

async function vaultWithKeys(n = 3, kdf?: KdfCost) {
  const t = tempDir();
  const made = await newTestVault(t.dir, 'vault.db', kdf);
  cleanup = () => {
    made.vault.lock();
    t.cleanup();
  };
  const secret = newCanary();
  const first = made.inventory.add(sampleKey({ name: 'Canary' }), { value: secret });
  made.inventory.addMany(
    Array.from({ length: n - 1 }, (_, i) => ({
      input: sampleKey({ name: `Key ${i}` }),
      secret: { value: `secret-number-${i}-0123456789` },
    })),
  );
  // Backups go through a private temp folder: this test's own, to see it emptied.
  const tmp = join(t.dir, 'tmp');
  (await import('node:fs')).mkdirSync(tmp);
  process.env.TMPDIR = tmp;
  return { ...made, dir: t.dir, tmp, secret, firstId: first.id };
}

async function expectError(p: Promise<unknown>, code: string, message: RegExp) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isAppError(e), String(e)).toBe(true);
  expect(e).toMatchObject({ code });
  expect((e as Error).message).toMatch(message);
}

describe('backup and restore', () => {
  it('round trip: restore gives the same keys and secrets, openable with the same password', async () => {
    const v = await vaultWithKeys(5);
    const out = join(v.dir, 'vault.kwb');
    const r = await writeBackup(v.vault, TEST_PASSWORD, out, v.clock);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(r.bytes).toBe(statSync(out).size);
    expect(readdirSync(v.tmp)).toEqual([]);
    // The secret is not in the backup in any form (the vault inside is encrypted too).
    expect(scan([out], canaryForms(v.secret))).toEqual([]);

    await expectError(
      writeBackup(v.vault, TEST_PASSWORD, join(v.dir, 'missing', 'x.kwb'), v.clock),
      'BAD_INPUT',
      /does not exist/,
    );
    await expectError(writeBackup(v.vault, TEST_PASSWORD, out, v.clock), 'BAD_INPUT', /already exists/);
    const refused = join(v.dir, 'refused.kwb');
    await expectError(writeBackup(v.vault, 'not the password', refused, v.clock), 'WRONG_PASSWORD', /Wrong password/);
    expect(existsSync(refused)).toBe(false);
    expect(readdirSync(v.tmp)).toEqual([]);
    const target = join(v.dir, 'new-folder', 'restored.db');
    const rep = await restoreBackup(out, TEST_PASSWORD, target, { clock: v.clock });
    expect(rep).toMatchObject({ keys: 5, damagedKeys: 0, restoredTo: target, replacedKeptAt: null });
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(v.tmp)).toEqual([]);
    const again = await unlockVault(target, TEST_PASSWORD);
    const inv = createInventory(again, v.clock);
    expect(
      inv
        .list()
        .keys.map((k) => k.name)
        .sort(),
    ).toEqual(
      v.inventory
        .list()
        .keys.map((k) => k.name)
        .sort(),
    );
    expect(inv.reveal(v.firstId, 'revealed').value).toBe(v.secret);
    again.lock();
  });

  it('refuses to overwrite a vault without --force, and with it keeps the replaced one beside', async () => {
    const v = await vaultWithKeys(2);
    const out = join(v.dir, 'vault.kwb');
    await writeBackup(v.vault, TEST_PASSWORD, out, v.clock);
    v.inventory.add(sampleKey({ name: 'Added after the backup' }), { value: 'later-secret-0123456789' });
    v.vault.lock();
    const before = readFileSync(v.path);
    await expectError(restoreBackup(out, TEST_PASSWORD, v.path, { clock: v.clock }), 'VAULT_EXISTS', /--force/);
    expect(readFileSync(v.path).equals(before)).toBe(true);

    writeFileSync(`${v.path}.schedule.json`, '{"entries":["the old vault\'s"]}');
    const rep = await restoreBackup(out, TEST_PASSWORD, v.path, { clock: v.clock, force: true });
    expect(rep.replacedKeptAt).toMatch(/vault\.db\.replaced-/);
    // The old vault's notification schedule goes with it; the restored vault writes its own.
    expect(existsSync(`${v.path}.schedule.json`)).toBe(false);
    expect(existsSync(`${rep.replacedKeptAt as string}.schedule.json`)).toBe(true);
    const kept = await unlockVault(rep.replacedKeptAt as string, TEST_PASSWORD);
    expect(createInventory(kept, v.clock).list().keys).toHaveLength(3);
    kept.lock();
    const restored = await unlockVault(v.path, TEST_PASSWORD);
    expect(
      createInventory(restored, v.clock)
        .list()
        .keys.map((k) => k.name),
    ).not.toContain('Added after the backup');
    restored.lock();
  });

  it('--verify checks everything and writes nothing', async () => {
    const v = await vaultWithKeys(3);
    const out = join(v.dir, 'vault.kwb');
    await writeBackup(v.vault, TEST_PASSWORD, out, v.clock);
    const target = join(v.dir, 'nowhere', 'vault.db');
    const listing = readdirSync(v.dir).sort();
    const rep = await restoreBackup(out, TEST_PASSWORD, target, { clock: v.clock, verifyOnly: true });
    expect(rep).toMatchObject({ keys: 3, restoredTo: null, format: 'keyward.backup', source: 'vault.db' });
    expect(readdirSync(v.dir).sort()).toEqual(listing);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(v.tmp)).toEqual([]);
  });

  it('refuses a backup whose vault holds a trigger, before any of our SQL runs on it', async () => {
    const v = await vaultWithKeys(2);
    v.vault.db.exec(`CREATE TRIGGER spy AFTER INSERT ON keys BEGIN DELETE FROM keys; END`);
    const out = join(v.dir, 'crafted.kwb');
    await writeBackup(v.vault, TEST_PASSWORD, out, v.clock);
    const target = join(v.dir, 'restored.db');
    await expectError(
      restoreBackup(out, TEST_PASSWORD, target, { clock: v.clock, verifyOnly: true }),
      'INTEGRITY_ERROR',
      /trigger/,
    );
    await expectError(restoreBackup(out, TEST_PASSWORD, target, { clock: v.clock }), 'INTEGRITY_ERROR', /trigger/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(v.tmp)).toEqual([]);
  });

  it('refuses a wrong password, truncation, flipped bits, reordered chunks and trailing bytes', async () => {
    // Several 64 KiB chunks; at the floor, so that a backup edited below it is a downgrade.
    const v = await vaultWithKeys(400, KDF_FLOOR);
    const out = join(v.dir, 'vault.kwb');
    await writeBackup(v.vault, TEST_PASSWORD, out, v.clock);
    const good = readFileSync(out);
    const target = join(v.dir, 'target.db');
    const tryBytes = (bytes: Buffer) => {
      const p = join(v.dir, 'bad.kwb');
      writeFileSync(p, bytes);
      return restoreBackup(p, TEST_PASSWORD, target, { clock: v.clock, verifyOnly: true });
    };
    await expectError(
      restoreBackup(out, 'not the password', target, { clock: v.clock }),
      'WRONG_PASSWORD',
      /Wrong password/,
    );
    // Chunk boundaries from the length prefixes.
    const starts: number[] = [];
    for (let pos = 92; pos < good.length; pos += 4 + good.readUInt32BE(pos)) starts.push(pos);
    expect(starts.length).toBeGreaterThan(3);
    await expectError(tryBytes(good.subarray(0, starts.at(-1))), 'INTEGRITY_ERROR', /truncated/);
    await expectError(tryBytes(good.subarray(0, good.length - 7)), 'INTEGRITY_ERROR', /truncated/);
    await expectError(tryBytes(Buffer.concat([good, Buffer.from([0])])), 'INTEGRITY_ERROR', /follow its final/);
    for (const at of [120, (starts[2] as number) + 40, good.length - 3]) {
      const flipped = Buffer.from(good);
      flipped[at] = (flipped[at] as number) ^ 0x01;
      await expectError(tryBytes(flipped), 'INTEGRITY_ERROR', /integrity check/);
    }
    const [s1, s2, s3] = [starts[1], starts[2], starts[3]] as number[];
    const swapped = Buffer.concat([
      good.subarray(0, s1),
      good.subarray(s2, s3),
      good.subarray(s1, s2),
      good.subarray(s3),
    ]);
    await expectError(tryBytes(swapped), 'INTEGRITY_ERROR', /chunk 2 fails/);
    const salted = Buffer.from(good);
    salted[25] = (salted[25] as number) ^ 0x01; // the salt: another key, so "wrong password"
    await expectError(tryBytes(salted), 'WRONG_PASSWORD', /Wrong password/);
    const weak = Buffer.from(good);
    weak.writeUInt32BE(1024 * 1024, 16); // 1 MiB of Argon2 memory: a downgrade
    await expectError(tryBytes(weak), 'KDF_PARAMS_REFUSED', /backup's key-derivation parameters .*below floor/);
    await expectError(tryBytes(good.subarray(0, 50)), 'INTEGRITY_ERROR', /cut short inside its header/);
    await expectError(tryBytes(Buffer.from('NOTABACKUP, just text')), 'BAD_INPUT', /not a Keyward backup/);
    await expectError(restoreBackup(v.dir, TEST_PASSWORD, target, { clock: v.clock }), 'BAD_INPUT', /not a file/);
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(v.tmp)).toEqual([]);
  });

  it('is one consistent state while another process keeps adding keys', async () => {
    const v = await vaultWithKeys(1500);
    const writer = spawnChild('key-writer.mjs', [v.path, TEST_PASSWORD, 'live'], { waitForGo: true });
    await writer.ready;
    writer.proc.stdin?.end('go\n');
    while (writer.lines.length < 5) await new Promise((r) => setTimeout(r, 10));
    const outs: string[] = [];
    for (let i = 0; i < 3; i++) {
      const out = join(v.dir, `during-${i}.kwb`);
      await writeBackup(v.vault, TEST_PASSWORD, out, v.clock);
      outs.push(out);
    }
    const ackedBefore = writer.lines.length;
    writer.proc.kill();
    await writer.done;
    const seen: number[] = [];
    for (const [i, out] of outs.entries()) {
      const target = join(v.dir, `restored-${i}.db`);
      const rep = await restoreBackup(out, TEST_PASSWORD, target, { clock: v.clock });
      expect(rep.damagedKeys).toBe(0);
      const restored = await unlockVault(target, TEST_PASSWORD);
      const live = createInventory(restored, v.clock)
        .list()
        .keys.filter((k) => k.name.startsWith('live '))
        .map((k) => Number(k.name.slice(5)))
        .sort((a, b) => a - b);
      restored.lock();
      expect(rep.keys).toBe(1500 + live.length);
      // The writer commits live 0, 1, 2 ... in order: a consistent snapshot holds a prefix of them.
      expect(live).toEqual(live.map((_, n) => n));
      seen.push(live.length);
    }
    expect(seen[0], String(seen)).toBeGreaterThan(0);
    expect(seen.at(-1) as number).toBeLessThanOrEqual(ackedBefore + 1);
    expect(new Set(seen).size, `the writer went on between backups: ${seen.join(', ')}`).toBeGreaterThan(1);
  });
});

const PYTHON = '/usr/bin/python3';
const hasNacl = spawnSync(PYTHON, ['-c', 'import nacl.bindings'], { encoding: 'utf8' }).status === 0;
const reader = new URL('./independent_backup_reader.py', import.meta.url).pathname;

describe.skipIf(!hasNacl)('independent backup reader (python3-nacl)', () => {
  it('reads the documented format back to the same SQLite vault', async () => {
    const v = await vaultWithKeys(300, KDF_FLOOR);
    const out = join(v.dir, 'vault.kwb');
    await writeBackup(v.vault, TEST_PASSWORD, out, v.clock);
    const db = join(v.dir, 'from-python.db');
    const r = spawnSync(PYTHON, [reader, out, TEST_PASSWORD, db], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const meta = JSON.parse(r.stdout) as { format: string; vaultId: string; databaseBytes: number };
    expect(meta).toMatchObject({ format: 'keyward.backup', vaultId: v.vault.vaultId });
    expect(statSync(db).size).toBe(meta.databaseBytes);
    withRawDb(db, (raw) => {
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(raw.prepare('SELECT count(*) AS n FROM keys').get()).toEqual({ n: 300 });
    });
    const wrong = spawnSync(PYTHON, [reader, out, 'nope', db], { encoding: 'utf8' });
    expect(wrong.stderr.trim()).toBe('wrong password');
  });
});
