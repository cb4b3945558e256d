// Read commands on a full disk and on read-only media, run as a user would: they do their
// work and exit as their result says, with one warning for the notification schedule
// they could not write; writes are refused with a clear message. A read whose schedule did
// not change leaves the file untouched.
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { fillDisk, mountReadOnly, mountRefusal, mountTmpfs, unmount } from '../../helpers/mounts.js';
import { tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());
const LONG = { timeout: 300_000 };
const SECRET = 'knouds_live_DISK_0123456789';

async function vaultIn(folder: string) {
  const vault = join(folder, 'vault.db');
  await initCliVault(vault);
  await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot', '--expires', '2026-12-10'], SECRET);
  return vault;
}

const fullWarnings = (stderr: string) => stderr.split('\n').filter((l) => l.includes('the disk is full')).length;

describe('the notification schedule', () => {
  it('is left untouched by a read whose schedule did not change', LONG, async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const vault = await vaultIn(t.dir);
    const before = statSync(`${vault}.schedule.json`);
    await new Promise((r) => setTimeout(r, 20));
    for (const cmd of [['list'], ['show', 'Deploy bot']]) expect((await runCli(cmd, { vault })).code).toBe(0);
    const after = statSync(`${vault}.schedule.json`);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
  });
});

describe('a full disk', () => {
  it('list, show, check and export still answer (one warning); writes say the disk is full', LONG, async (ctx) => {
    const t = tempDir();
    cleanup = t.cleanup;
    const why = mountRefusal(t.dir);
    if (why !== null) ctx.skip(`full-disk test needs a tmpfs mount (${why})`);
    const disk = join(t.dir, 'disk');
    mountTmpfs(disk, '2m');
    try {
      const vault = await vaultIn(disk);
      const checkBefore = (await runCli(['check'], { vault })).code;
      fillDisk(disk);
      const list = await runCli(['list'], { vault });
      expect(list.code).toBe(0);
      expect(list.stdout).toContain('Deploy bot');
      expect(fullWarnings(list.stderr)).toBe(1);
      expect(list.stderr).toContain('the disk is full');
      expect((await runCli(['show', 'Deploy bot'], { vault })).code).toBe(0);
      expect((await runCli(['check'], { vault })).code).toBe(checkBefore); // its result, not 6
      const out = join(t.dir, 'inv.csv');
      const exp = await runCli(['export', '--out', out], { vault });
      expect(exp.code).toBe(0);
      expect(fullWarnings(exp.stderr)).toBe(1);
      // Opened read-only like export --with-secrets: the reveal works, unlogged (nothing can be written).
      const reveal = await runCli(['show', 'Deploy bot', '--reveal'], { vault });
      expect(reveal.code).toBe(0);
      expect(reveal.stdout).toContain(SECRET);
      expect(reveal.stderr).not.toContain(SECRET);
      const add = await runCli(['add', '--platform', 'custom', '--name', 'x'], {
        vault,
        input: 'custom-0123456789\n',
      });
      expect(add.code).toBe(6);
      expect(add.stderr).toContain('The disk is full');
      expect(readdirSync(disk).filter((n) => n.includes('.keyward-') || n.endsWith('.tmp'))).toEqual([]);
    } finally {
      unmount(disk);
    }
  });
});

describe('read-only media', () => {
  it(
    'a vault on a read-only mount opens read-only: reads work, writes are refused clearly, no copy left',
    LONG,
    async (ctx) => {
      const t = tempDir();
      cleanup = t.cleanup;
      const why = mountRefusal(t.dir);
      if (why !== null) ctx.skip(`read-only test needs a bind mount (${why})`);
      const src = join(t.dir, 'src');
      const ro = join(t.dir, 'ro');
      mkdirSync(src);
      await vaultIn(src);
      mountReadOnly(src, ro);
      const tmp = join(t.dir, 'tmp');
      mkdirSync(tmp);
      try {
        const vault = join(ro, 'vault.db');
        const env = { TMPDIR: tmp };
        const list = await runCli(['list'], { vault, env });
        expect(list.code).toBe(0);
        expect(list.stdout).toContain('Deploy bot');
        expect(list.stderr).toContain('read-only media');
        const add = await runCli(['add', '--platform', 'custom', '--name', 'x'], {
          vault,
          env,
          input: 'custom-0123456789\n',
        });
        expect(add.code).toBe(4);
        expect(add.stderr).toContain('open read-only');
        expect(readdirSync(tmp)).toEqual([]);
      } finally {
        unmount(ro);
      }
    },
  );

  it(
    'an export into a folder on read-only media is a disk error: exit 6, named, nothing written',
    LONG,
    async (ctx) => {
      const t = tempDir();
      cleanup = t.cleanup;
      const why = mountRefusal(t.dir);
      if (why !== null) ctx.skip(`read-only test needs a bind mount (${why})`);
      const vault = join(t.dir, 'vault.db');
      await vaultIn(t.dir);
      const src = join(t.dir, 'out-src');
      const ro = join(t.dir, 'out');
      mkdirSync(src);
      mountReadOnly(src, ro);
      try {
        const exp = await runCli(['export', '--format', 'csv', '--out', join(ro, 'keys.csv')], { vault });
        expect(exp.code, exp.stderr).toBe(6);
        expect(exp.stderr).toContain('the disk is read-only');
        expect(readdirSync(ro)).toEqual([]);
      } finally {
        unmount(ro);
      }
    },
  );

  it('a read-only vault file (mode 0400) opens read-only too', LONG, async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const vault = await vaultIn(t.dir);
    chmodSync(vault, 0o400);
    const list = await runCli(['list'], { vault });
    expect(list.code).toBe(0);
    expect(list.stderr).toContain('the vault file is read-only');
    const rm = await runCli(['rm', 'Deploy bot', '--yes'], { vault });
    expect(rm.code).toBe(4);
    chmodSync(vault, 0o600);
    expect((await runCli(['list'], { vault })).stdout).toContain('Deploy bot');
  });
});
