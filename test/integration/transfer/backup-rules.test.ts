// Every rule docs/BACKUP-FORMAT.md states is enforced alike by `keyward restore --verify`
// (a subprocess) and by the independent PyNaCl reader: the same backup, crafted by
// someone holding its password, gets the same exit status from both. Also: Keyward's
// writer never writes an empty final chunk, and `inspect` of a backup whose createdAt
// is not the documented form is a clear integrity error, never a crash.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotDb } from '../../../src-main/core/db/snapshot.js';
import { KDF_FLOOR } from '../../../src-main/core/crypto/kdf.js';
import { writeBackup } from '../../../src-main/core/transfer/backup.js';
import { craftBackup, openGood, standardPieces, TAG, type Craft, type Opened } from '../../helpers/backup-craft.js';
import { runCli } from '../../helpers/cli.js';
import { TEST_PASSWORD, newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const PYTHON = '/usr/bin/python3';
const hasNacl = spawnSync(PYTHON, ['-c', 'import nacl.bindings'], { encoding: 'utf8' }).status === 0;
const READER = new URL('./independent_backup_reader.py', import.meta.url).pathname;
const PIECE = 65536;

let cleanup = () => {};
afterAll(() => cleanup());

let dir: string;
let goodFile: string;
let good: Opened;

/** A vault whose snapshot is a whole number of 65536-byte pieces (the case an empty final chunk could follow). */
beforeAll(async () => {
  const t = tempDir();
  dir = t.dir;
  // At the floor: the independent reader, like Keyward outside a test run, refuses the test cost.
  const made = await newTestVault(t.dir, 'vault.db', KDF_FLOOR);
  cleanup = () => {
    made.vault.lock();
    t.cleanup();
  };
  made.inventory.addMany(
    Array.from({ length: 250 }, (_, i) => ({
      input: sampleKey({ name: `Key ${i}` }),
      secret: { value: `secret-number-${i}-0123456789` },
    })),
  );
  const probe = join(t.dir, 'probe');
  mkdirSync(probe);
  for (let i = 0; ; i++) {
    const snap = join(probe, `s${i}.db`);
    await snapshotDb(made.vault.db, snap);
    if (readFileSync(snap).length % PIECE === 0) break;
    if (i > 400) throw new Error('no snapshot size was a multiple of 65536');
    made.inventory.add(sampleKey({ name: `Filler ${i}` }), { value: `filler-${i}-0123456789` });
  }
  goodFile = join(t.dir, 'good.kwb');
  await writeBackup(made.vault, TEST_PASSWORD, goodFile, made.clock);
  good = await openGood(goodFile, TEST_PASSWORD, t.dir);
});

const lengthsOf = (b: Buffer) => {
  const out: number[] = [];
  for (let pos = 92; pos < b.length; pos += 4 + b.readUInt32BE(pos)) out.push(b.readUInt32BE(pos));
  return out;
};

const withMeta = (edit: (m: Record<string, unknown>) => void) => (m: Record<string, unknown>) => {
  edit(m);
  return JSON.stringify(m);
};
const at = (offset: number, write: (h: Buffer) => void) => (h: Buffer) => write(h.subarray(offset));

type Case = { name: string; craft: Craft; code: number; keyward?: RegExp };

const CASES: Case[] = [
  { name: 'the backup as Keyward writes it', craft: {}, code: 0 },
  // Pieces
  { name: 'pieces of 4096 bytes', craft: { pieces: (s) => standardPieces(s, 4096) }, code: 4, keyward: /65536/ },
  {
    name: 'a short piece before the last',
    craft: {
      pieces: (s) => [{ bytes: s.subarray(0, 100), tag: TAG.message }, ...standardPieces(s.subarray(100))],
    },
    code: 4,
  },
  {
    name: 'an empty final chunk after whole pieces',
    craft: {
      pieces: (s) => [
        ...standardPieces(s).map((p) => ({ ...p, tag: TAG.message })),
        { bytes: new Uint8Array(0), tag: TAG.final },
      ],
    },
    code: 4,
    keyward: /impossible length/,
  },
  {
    name: 'a piece tagged PUSH',
    craft: { pieces: (s) => standardPieces(s).map((p, i) => (i === 0 ? { ...p, tag: TAG.push } : p)) },
    code: 4,
  },
  {
    name: 'a piece tagged REKEY',
    craft: { pieces: (s) => standardPieces(s).map((p, i) => (i === 0 ? { ...p, tag: TAG.rekey } : p)) },
    code: 4,
  },
  { name: 'the description tagged FINAL', craft: { metaTag: TAG.final }, code: 4 },
  { name: 'the description tagged PUSH', craft: { metaTag: TAG.push }, code: 4 },
  // The description
  {
    name: 'a description of 20,000 bytes (above 16 KiB)',
    craft: { meta: (m) => JSON.stringify(m).padEnd(20000, ' ') },
    code: 4,
    keyward: /impossible length/,
  },
  {
    name: 'a description of exactly 16 KiB (a possible length, then not its form)',
    craft: { meta: (m) => JSON.stringify(m).padEnd(16384, ' ') },
    code: 4,
    keyward: /not in the documented form/,
  },
  {
    name: 'a description of 16 KiB + 1',
    craft: { meta: (m) => JSON.stringify(m).padEnd(16385, ' ') },
    code: 4,
    keyward: /chunk 1 has an impossible length/,
  },
  { name: 'a description with white space', craft: { meta: (m) => JSON.stringify(m, null, 1) }, code: 4 },
  {
    name: 'members in another order',
    craft: { meta: (m) => JSON.stringify({ version: m.version, ...m }) },
    code: 4,
  },
  {
    name: 'a member twice',
    craft: { meta: (m) => JSON.stringify(m).replace(/}$/, `,"databaseBytes":${String(m.databaseBytes)}}`) },
    code: 4,
  },
  { name: 'an unknown member', craft: { meta: withMeta((m) => (m.comment = 'hello')) }, code: 4 },
  { name: 'a member missing', craft: { meta: withMeta((m) => delete m.source) }, code: 4 },
  { name: 'not UTF-8', craft: { meta: () => Uint8Array.from([0x7b, 0xff, 0x7d]) }, code: 4 },
  { name: 'another format', craft: { meta: withMeta((m) => (m.format = 'keyward.inventory')) }, code: 4 },
  { name: 'version 2 in the description', craft: { meta: withMeta((m) => (m.version = 2)) }, code: 4 },
  { name: 'source holding a path', craft: { meta: withMeta((m) => (m.source = '/home/ana/vault.db')) }, code: 4 },
  { name: 'source with a backslash', craft: { meta: withMeta((m) => (m.source = 'C:\\keys\\vault.db')) }, code: 4 },
  { name: 'source empty', craft: { meta: withMeta((m) => (m.source = '')) }, code: 4 },
  { name: 'source "..".', craft: { meta: withMeta((m) => (m.source = '..')) }, code: 4 },
  { name: 'source with a control character', craft: { meta: withMeta((m) => (m.source = 'vault\n.db')) }, code: 4 },
  { name: 'source of 201 characters', craft: { meta: withMeta((m) => (m.source = 'é'.repeat(201))) }, code: 4 },
  { name: 'source of 200 characters', craft: { meta: withMeta((m) => (m.source = 'é'.repeat(200))) }, code: 0 },
  { name: 'createdAt garbage', craft: { meta: withMeta((m) => (m.createdAt = 'yesterday')) }, code: 4 },
  {
    name: 'createdAt an impossible day',
    craft: { meta: withMeta((m) => (m.createdAt = '2026-02-30T10:00:00.000Z')) },
    code: 4,
  },
  {
    name: 'createdAt without milliseconds',
    craft: { meta: withMeta((m) => (m.createdAt = '2026-11-25T09:00:00Z')) },
    code: 4,
  },
  {
    name: 'createdAt with an offset',
    craft: { meta: withMeta((m) => (m.createdAt = '2026-11-25T09:00:00.000+01:00')) },
    code: 4,
  },
  {
    name: 'createdAt before 1970',
    craft: { meta: withMeta((m) => (m.createdAt = '1969-12-31T23:59:59.999Z')) },
    code: 4,
  },
  { name: 'createdAt a number', craft: { meta: withMeta((m) => (m.createdAt = 1764061200000)) }, code: 4 },
  { name: 'createdAt huge', craft: { meta: withMeta((m) => (m.createdAt = '2'.repeat(12000))) }, code: 4 },
  { name: 'vaultId not a UUID', craft: { meta: withMeta((m) => (m.vaultId = 'vault-1')) }, code: 4 },
  {
    name: 'vaultId in capitals',
    craft: { meta: withMeta((m) => (m.vaultId = String(m.vaultId).toUpperCase())) },
    code: 4,
  },
  {
    name: 'vaultId of another vault',
    craft: { meta: withMeta((m) => (m.vaultId = '123e4567-e89b-42d3-a456-426614174000')) },
    code: 4,
  },
  {
    name: 'databaseBytes off by one',
    craft: { meta: withMeta((m) => (m.databaseBytes = Number(m.databaseBytes) + 1)) },
    code: 4,
  },
  {
    name: 'databaseBytes a string',
    craft: { meta: withMeta((m) => (m.databaseBytes = String(m.databaseBytes))) },
    code: 4,
  },
  {
    name: 'databaseBytes written 1.0e5',
    craft: { meta: (m) => JSON.stringify(m).replace(/"databaseBytes":(\d+)/, '"databaseBytes":$1.0') },
    code: 4,
  },
  // The header (re-sealed with the edited header as the associated data)
  { name: 'the reserved byte 1', craft: { header: (h) => (h[11] = 1) }, code: 2 },
  { name: 'format version 2', craft: { header: (h) => (h[8] = 2) }, code: 2 },
  { name: 'format version 0', craft: { header: (h) => (h[8] = 0) }, code: 2 },
  { name: 'another magic', craft: { header: (h) => h.write('KWBACKUQ', 0, 'latin1') }, code: 2 },
  { name: 'an unknown key derivation', craft: { header: (h) => (h[9] = 3) }, code: 4 },
  { name: 'an unknown password encoding', craft: { header: (h) => (h[10] = 2) }, code: 4 },
  { name: 'memory not whole KiB', craft: { header: at(16, (h) => h.writeUInt32BE(64 * 1024 * 1024 + 512)) }, code: 4 },
  { name: 'memory 2 GiB + 1 KiB', craft: { header: at(16, (h) => h.writeUInt32BE(2 ** 31 + 1024)) }, code: 4 },
  {
    name: 'memory 64 MiB - 1 KiB',
    craft: { header: at(16, (h) => h.writeUInt32BE(64 * 1024 * 1024 - 1024)) },
    code: 4,
  },
  { name: 'two passes', craft: { header: at(12, (h) => h.writeUInt32BE(2)) }, code: 4 },
  { name: 'seventeen passes', craft: { header: at(12, (h) => h.writeUInt32BE(17)) }, code: 4 },
  // Lengths
  {
    name: 'an empty piece (a 17-byte chunk) before the last',
    craft: {
      pieces: (s) => {
        const p = standardPieces(s);
        return [...p.slice(0, -1), { bytes: new Uint8Array(0), tag: TAG.message }, ...p.slice(-1)];
      },
    },
    code: 4,
    keyward: /impossible length/,
  },
];

function python(file: string, password = TEST_PASSWORD) {
  const r = spawnSync(PYTHON, [READER, file, password, join(dir, 'py-out.db')], { encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

function pythonAsync(file: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [READER, file, TEST_PASSWORD, join(dir, 'py-out.db')]);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('the writer', () => {
  it('ends a snapshot of whole 65536-byte pieces with a full final piece, never an empty chunk', () => {
    const size = good.snapshot.length;
    expect(size % PIECE).toBe(0);
    const lengths = lengthsOf(readFileSync(goodFile));
    expect(lengths.slice(1)).toEqual(Array.from({ length: size / PIECE }, () => PIECE + 17));
  });
});

describe('keyward restore --verify and the independent reader refuse the same backups', () => {
  for (const c of CASES)
    it(c.name, async () => {
      const file = join(dir, 'crafted.kwb');
      await craftBackup(good, TEST_PASSWORD, file, c.craft);
      // Both at once: two processes, two cores.
      const [r, p] = await Promise.all([
        runCli(['restore', file, '--verify'], { vault: join(dir, 'none.db'), password: TEST_PASSWORD }),
        hasNacl ? pythonAsync(file) : null,
      ]);
      expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: c.code });
      expect(r.stderr).not.toMatch(/internal|RangeError|TypeError|Invalid Date|\n\s+at /i);
      if (c.keyward) expect(r.stderr).toMatch(c.keyward);
      if (p) expect({ python: p.code, stderr: p.stderr }).toMatchObject({ python: c.code });
    });

  it.skipIf(!hasNacl)('the reader: a wrong password is 3, a cut file or trailing bytes 4', () => {
    expect(python(goodFile, 'not the password').code).toBe(3);
    const bytes = readFileSync(goodFile);
    const cut = join(dir, 'cut.kwb');
    for (const b of [
      bytes.subarray(0, bytes.length - 5),
      bytes.subarray(0, 50),
      Buffer.concat([bytes, Buffer.from([0])]),
    ]) {
      writeFileSync(cut, b);
      expect(python(cut).code).toBe(4);
    }
  });
});

describe('keyward inspect of a backup with a createdAt not in the documented form', () => {
  for (const [what, value] of [
    ['garbage', 'garbage'],
    ['huge', '9'.repeat(5000)],
    ['not a string', { at: 'now' }],
    ['a year beyond 9999', '+275760-09-13T00:00:00.000Z'],
  ] as const)
    it(`${what}: exit 4 naming createdAt, no crash, no "Invalid Date"`, async () => {
      const file = join(dir, 'dated.kwb');
      await craftBackup(good, TEST_PASSWORD, file, { meta: withMeta((m) => (m.createdAt = value)) });
      const r = await runCli(['inspect', file, 'list'], { vault: join(dir, 'none.db'), password: TEST_PASSWORD });
      expect({ code: r.code, stderr: r.stderr }).toMatchObject({ code: 4 });
      expect(r.stderr).toMatch(/createdAt/);
      expect(r.stdout + r.stderr).not.toMatch(/Invalid Date|RangeError|internal|\n\s+at /i);
    });
});
