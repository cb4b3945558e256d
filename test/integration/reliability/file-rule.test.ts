// One rule for every file Keyward writes for the user (core/files/safe-file.ts), run as a
// user would: calendars, exports, backups never land on the vault, a backup or a special
// file; an existing file needs --force (a calendar Keyward wrote is replaced); a full disk
// says so (exit 6) and leaves nothing behind.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { fillDisk, mountRefusal, mountTmpfs, unmount } from '../../helpers/mounts.js';
import { tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

async function vaultWithKey() {
  const t = tempDir();
  cleanup = t.cleanup;
  const vault = join(t.dir, 'vault.db');
  await initCliVault(vault);
  await addCliKey(
    vault,
    ['--platform', 'knouds', '--name', 'Deploy bot', '--expires', '2027-03-01'],
    'knouds_live_RULE_0123456789',
  );
  return { dir: t.dir, vault };
}

const stillOpens = async (vault: string) => {
  const r = await runCli(['list', '--json'], { vault });
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).keys).toHaveLength(1);
};

describe('calendar --out and inspect calendar', () => {
  it(
    'never writes over the vault, a backup, a folder or a FIFO; replaces only a calendar Keyward wrote without --force',
    { timeout: 240_000 },
    async () => {
      const { dir, vault } = await vaultWithKey();
      const onVault = await runCli(['calendar', '--out', vault], { vault });
      expect(onVault.code).toBe(2);
      expect(onVault.stderr).toMatch(/SQLite database.*nothing was written/);
      await stillOpens(vault);
      const onWal = await runCli(['calendar', '--out', `${vault}-wal`], { vault });
      expect(onWal.code).toBe(2);

      const backup = join(dir, 'b.kwb');
      expect((await runCli(['backup', '--out', backup], { vault })).code).toBe(0);
      const before = readFileSync(backup);
      const onBackup = await runCli(['calendar', '--out', backup, '--force'], { vault });
      expect(onBackup.code).toBe(2);
      expect(onBackup.stderr).toContain('a Keyward backup');
      expect(readFileSync(backup).equals(before)).toBe(true);

      spawnSync('mkfifo', [join(dir, 'fifo')]);
      mkdirSync(join(dir, 'folder'));
      for (const special of ['fifo', 'folder']) {
        const r = await runCli(['calendar', '--out', join(dir, special), '--force'], { vault });
        expect(r.code).toBe(2);
        expect(statSync(join(dir, special)).isFile()).toBe(false);
      }

      const ics = join(dir, 'keys.ics');
      expect((await runCli(['calendar', '--out', ics], { vault })).code).toBe(0);
      const again = await runCli(['calendar', '--out', ics], { vault }); // its own calendar: replaced
      expect(again.code).toBe(0);
      expect(readFileSync(ics, 'utf8')).toMatch(/^BEGIN:VCALENDAR\r?\n/);

      const notes = join(dir, 'notes.ics');
      writeFileSync(notes, 'BEGIN:VCALENDAR\r\nPRODID:-//Other//EN\r\nmy own events\r\n');
      const refused = await runCli(['calendar', '--out', notes], { vault });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--force');
      expect(readFileSync(notes, 'utf8')).toContain('my own events');
      expect((await runCli(['calendar', '--out', notes, '--force'], { vault })).code).toBe(0);
      expect(statSync(notes).mode & 0o777).toBe(0o600);

      const exported = join(dir, 'inv.json');
      expect((await runCli(['export', '--out', exported], { vault })).code).toBe(0);
      const inspectOnVault = await runCli(['inspect', exported, 'calendar', '--out', vault, '--force'], { vault });
      expect(inspectOnVault.code).toBe(2);
      await stillOpens(vault);
      expect(readdirSync(dir).filter((n) => n.includes('.keyward-'))).toEqual([]);
    },
  );
});

describe('export', () => {
  it(
    'refuses an existing file unless --force, never a vault or a link even with it',
    { timeout: 240_000 },
    async () => {
      const { dir, vault } = await vaultWithKey();
      const out = join(dir, 'inv.csv');
      writeFileSync(out, 'precious');
      const refused = await runCli(['export', '--out', out], { vault });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('--force');
      expect(readFileSync(out, 'utf8')).toBe('precious');
      const forced = await runCli(['export', '--out', out, '--force'], { vault });
      expect(forced.code).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain('Deploy bot');

      const onVault = await runCli(['export', '--out', vault, '--format', 'csv', '--force'], { vault });
      expect(onVault.code).toBe(2);
      symlinkSync(out, join(dir, 'link.csv'));
      const onLink = await runCli(['export', '--out', join(dir, 'link.csv'), '--force'], { vault });
      expect(onLink.code).toBe(2);
      expect(onLink.stderr).toContain('symbolic link');
      await stillOpens(vault);
    },
  );

  it(
    'onto a full disk: "the disk is full", exit 6, no file and no temporary file left',
    { timeout: 240_000 },
    async (ctx) => {
      const { dir, vault } = await vaultWithKey();
      const why = mountRefusal(dir);
      if (why !== null) ctx.skip(`full-disk test needs a tmpfs mount (${why})`);
      const full = join(dir, 'full');
      mountTmpfs(full, '256k');
      try {
        fillDisk(full);
        for (const args of [
          ['export', '--out', join(full, 'inv.html')],
          ['calendar', '--out', join(full, 'keys.ics')],
          ['backup', '--out', join(full, 'b.kwb')],
        ]) {
          const r = await runCli(args, { vault });
          expect(r.code, args.join(' ')).toBe(6);
          expect(r.stderr).toContain('The disk is full');
          expect(readdirSync(full)).toEqual(['filler.bin']);
        }
      } finally {
        unmount(full);
      }
    },
  );
});
