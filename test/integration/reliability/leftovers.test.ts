// Nothing left behind: a backup killed with SIGKILL midway leaves its private temporary copy
// beside the vault (0700 folder, never in $TMPDIR), and the next command removes it; the
// sandbox removes its demo vault when it ends.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO_ROOT, addCliKey, initCliVault, runCli, CLI_PASSWORD, cliChildEnv } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());
const LONG = { timeout: 300_000 };
const temps = (dir: string) => readdirSync(dir).filter((n) => n.includes('.keyward-'));

describe('a backup killed midway', () => {
  it('leaves no vault copy in $TMPDIR; its private copy beside the vault goes at the next start', LONG, async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const vault = join(t.dir, 'vault.db');
    await initCliVault(vault);
    await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot'], 'knouds_live_LEFT_0123456789');
    const tmp = join(t.dir, 'tmp');
    mkdirSync(tmp);
    const env = cliChildEnv();
    Object.assign(env, { KEYWARD_VAULT: vault, KEYWARD_PASSWORD: CLI_PASSWORD, TMPDIR: tmp });
    const child = spawn(process.execPath, ['bin/keyward.mjs', 'backup', '--out', join(t.dir, 'b.kwb')], {
      cwd: REPO_ROOT,
      env,
      stdio: 'ignore',
    });
    let seen: string[] = [];
    const deadline = Date.now() + 120_000;
    while (seen.length === 0 && Date.now() < deadline && child.exitCode === null) {
      seen = temps(t.dir);
      if (seen.length === 0) await new Promise((r) => setTimeout(r, 2));
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('close', r));
    expect(seen.length, 'the backup was killed while its temporary copy existed').toBeGreaterThan(0);
    for (const name of temps(t.dir)) expect(statSync(join(t.dir, name)).mode & 0o077).toBe(0);
    expect(readdirSync(tmp)).toEqual([]);
    const next = await runCli(['list'], { vault });
    expect(next.code).toBe(0);
    expect(temps(t.dir)).toEqual([]);
  });
});

describe('keyward sandbox', () => {
  it('removes its demo vault when it ends', LONG, async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const tmp = join(t.dir, 'tmp');
    mkdirSync(tmp);
    const r = await runCli(['sandbox'], {
      vault: join(t.dir, 'unused.db'),
      env: { TMPDIR: tmp },
      input: 'keys\nquit\n',
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('KEYWARD_VAULT=');
    expect(readdirSync(tmp)).toEqual([]);
  });
});
