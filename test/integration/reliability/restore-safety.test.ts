// keyward restore --force replaces only a regular Keyward vault file, and a process that
// already had the vault open (here: this test process, as the desktop app would) notices
// the replacement before its next write instead of writing into the copy moved aside.
import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createInventory } from '../../../src-main/core/inventory/inventory.service.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { CLI_PASSWORD, addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { sampleKey, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());
const LONG = { timeout: 240_000 };

async function vaultAndBackup() {
  const t = tempDir();
  cleanup = t.cleanup;
  const vault = join(t.dir, 'vault.db');
  await initCliVault(vault);
  await addCliKey(vault, ['--platform', 'knouds', '--name', 'In the backup'], 'knouds_live_BACKUP_0123456789');
  const backup = join(t.dir, 'b.kwb');
  expect((await runCli(['backup', '--out', backup], { vault })).code).toBe(0);
  return { dir: t.dir, vault, backup };
}

const names = async (vault: string) =>
  (JSON.parse((await runCli(['list', '--json'], { vault })).stdout) as { keys: { name: string }[] }).keys
    .map((k) => k.name)
    .sort();

describe('restore target', () => {
  it('refuses a folder, a FIFO, a symlink and a file that is not a vault; touches none of them', LONG, async () => {
    const { dir, vault, backup } = await vaultAndBackup();
    mkdirSync(join(dir, 'folder'));
    spawnSync('mkfifo', [join(dir, 'fifo')]);
    symlinkSync(vault, join(dir, 'link.db'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    for (const target of ['folder', 'fifo', 'link.db', 'notes.txt']) {
      const p = join(dir, target);
      const before = lstatSync(p);
      const r = await runCli(['restore', backup, '--force', '--vault', p], { vault });
      expect(r.code, target).toBe(2);
      expect(r.stderr).toContain('Nothing was changed');
      const after = lstatSync(p);
      expect([after.ino, after.mode]).toEqual([before.ino, before.mode]);
    }
    expect(readdirSync(dir).filter((n) => n.includes('replaced') || n.includes('.keyward-'))).toEqual([]);
  });
});

describe('restore under a process that has the vault open', () => {
  it(
    'its next write stops with VAULT_REPLACED; no acknowledged write lands in the copy moved aside',
    LONG,
    async () => {
      const { vault, backup } = await vaultAndBackup();
      const clock = fixedClock('2026-11-25T09:00:00Z');
      const open = await unlockVault(vault, CLI_PASSWORD); // the app, unlocked before the restore
      try {
        const inv = createInventory(open, clock);
        inv.add(sampleKey({ name: 'Before restore' }), { value: 'knouds_live_BEFORE_0123456789' });
        const r = await runCli(['restore', backup, '--force'], { vault });
        expect(r.code).toBe(0);
        const acknowledged: string[] = [];
        let refused = 0;
        for (let i = 0; i < 5; i++) {
          try {
            inv.add(sampleKey({ name: `After restore ${i}` }), { value: `knouds_live_AFTER_${i}_0123456789` });
            acknowledged.push(`After restore ${i}`);
          } catch (e) {
            expect((e as { code?: string }).code).toBe('VAULT_REPLACED');
            refused++;
          }
        }
        expect(acknowledged).toEqual([]);
        expect(refused).toBe(5);
      } finally {
        open.lock();
      }
      expect(await names(vault)).toEqual(['In the backup']);
      const kept = readdirSync(join(vault, '..')).find(
        (n) => /^vault\.db\.replaced-[^.]*$/.test(n.replace(/-(wal|shm)$/, '')) && !/-(wal|shm)$/.test(n),
      );
      expect(kept).toBeDefined();
      expect(await names(join(vault, '..', kept as string))).toEqual(['Before restore', 'In the backup']);
      expect(existsSync(`${vault}.commits`)).toBe(true);
    },
  );
});
