// Lost acknowledged writes are detected: a vault's files copied while it is open (the state
// a SIGKILL or a power cut leaves: vault.db, its -wal, the commit counter), then the -wal
// damaged byte by byte, cut short, zeroed or swapped for another vault's. Every variant
// that lost a commit must be reported at unlock; none may lose one silently.
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KDF_FLOOR } from '../../../src-main/core/crypto/kdf.js';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { createVault, unlockVault } from '../../../src-main/core/vault/vault.js';
import { runCli } from '../../helpers/cli.js';
import { prng } from '../../helpers/prng.js';
import { TEST_PASSWORD, sampleKey, tempDir } from '../../helpers/temp-vault.js';

const t = tempDir();
afterAll(() => t.cleanup());
const clock = fixedClock('2026-11-25T09:00:00Z');
const KEYS = 6;
const FILES = ['vault.db', 'vault.db-wal', 'vault.db.commits'];

/** A vault with KEYS acknowledged adds, its files copied while it is still open. */
async function crashCopy(name: string): Promise<string> {
  const live = join(t.dir, `${name}-live`);
  mkdirSync(live);
  const vault = await createVault(join(live, 'vault.db'), TEST_PASSWORD, { clock, kdf: KDF_FLOOR });
  const inv = createInventory(vault, clock);
  for (let i = 0; i < KEYS; i++) inv.add(sampleKey({ name: `k${i}` }), { value: `knouds_live_WAL_${i}_0123456789` });
  const copy = join(t.dir, name);
  mkdirSync(copy);
  for (const f of FILES) copyFileSync(join(live, f), join(copy, f));
  vault.lock();
  return copy;
}

type Outcome = { keys: number; reported: boolean };

async function openVariant(base: string, wal: Buffer | null, tag: string): Promise<Outcome> {
  const dir = join(t.dir, `v-${tag}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  copyFileSync(join(base, 'vault.db'), join(dir, 'vault.db'));
  copyFileSync(join(base, 'vault.db.commits'), join(dir, 'vault.db.commits'));
  if (wal) writeFileSync(join(dir, 'vault.db-wal'), wal);
  try {
    const v = await unlockVault(join(dir, 'vault.db'), TEST_PASSWORD);
    try {
      const keys = createInventory(v, clock).list().keys.length;
      return { keys, reported: v.commitWarning !== null || v.integrityWarning !== null || v.damage !== null };
    } finally {
      v.lock();
    }
  } catch {
    return { keys: -1, reported: true }; // refused outright: not silent
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('a damaged -wal', () => {
  it(
    'every variant that lost acknowledged writes is reported at unlock (0 silent losses)',
    { timeout: 600_000 },
    async () => {
      const base = await crashCopy('base');
      const wal = readFileSync(join(base, 'vault.db-wal'));
      expect(wal.length).toBeGreaterThan(32);
      const intact = await openVariant(base, wal, 'intact');
      expect(intact).toEqual({ keys: KEYS, reported: false });

      const variants: [string, Buffer | null][] = [];
      const flip = (at: number) => {
        const b = Buffer.from(wal);
        b[at] = (b[at] ?? 0) ^ 0x5a;
        return b;
      };
      // The WAL header and the last frame's header byte by byte, then bytes spread over the file.
      const frame = 24 + 4096;
      const lastFrame = wal.length - frame;
      for (let i = 0; i < 32; i += 1) variants.push([`header-${i}`, flip(i)]);
      for (let i = 0; i < 24; i += 2) variants.push([`last-frame-${i}`, flip(lastFrame + i)]);
      const rnd = prng(12);
      for (let i = 0; i < 16; i++) {
        const at = 32 + Math.floor(rnd() * (wal.length - 32));
        variants.push([`byte-${at}`, flip(at)]);
      }
      for (const cut of [0.25, 0.5, 0.9, 0.999])
        variants.push([`cut-${cut}`, wal.subarray(0, Math.floor(wal.length * cut))]);
      variants.push(['zeroed-header', Buffer.concat([Buffer.alloc(32), wal.subarray(32)])]);
      variants.push(['missing', null]);
      const other = await crashCopy('other');
      variants.push(['foreign', readFileSync(join(other, 'vault.db-wal'))]);

      let lostSilently = 0;
      let lost = 0;
      for (const [tag, bytes] of variants) {
        const o = await openVariant(base, bytes, tag);
        if (o.keys !== KEYS) lost++;
        if (o.keys !== KEYS && !o.reported) lostSilently++;
      }
      expect(lost).toBeGreaterThan(variants.length / 2); // the faults were real
      expect(lostSilently).toBe(0);
    },
  );
});

describe('unlock in the CLI', () => {
  it(
    'warns on stderr with how many changes are missing, exit unchanged; --strict stops with exit 4',
    { timeout: 300_000 },
    async () => {
      const base = await crashCopy('cli');
      const wal = readFileSync(join(base, 'vault.db-wal'));
      const b = Buffer.from(wal);
      const lastFrame = wal.length - (24 + 4096);
      b[lastFrame + 30] = (b[lastFrame + 30] ?? 0) ^ 0xff; // the last commit's last page
      writeFileSync(join(base, 'vault.db-wal'), b);
      const vault = join(base, 'vault.db');
      const r = await runCli(['list', '--json'], { vault, password: TEST_PASSWORD });
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/1 change\(s\) behind its commit counter/);
      expect(existsSync(`${vault}.commits`)).toBe(true);
      // A file put back from an older copy (T-3) is the same finding.
      const strict = await runCli(['list', '--strict'], { vault, password: TEST_PASSWORD });
      expect(strict.code).toBe(4);
    },
  );
});
