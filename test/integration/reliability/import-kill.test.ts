// An import killed midway leaves the vault as it was: `import --yes` stores its rows in batches inside one
// transaction, so a SIGKILL after some batches were inserted (the progress line says so) rolls all of them back;
// the vault then opens clean, still holds only the key it had, and the same file imports whole.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeKeePassXml } from '../../../src-main/bench/keepass-import.bench.js';
import { CLI_PASSWORD, REPO_ROOT, cliChildEnv, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

const ENTRIES = 10_000;
let dir: ReturnType<typeof tempDir>;
let vault: string;
let file: string;

/**
 * Starts the import and kills it with SIGKILL once a progress line says `rows` rows were read (the batches before
 * them inserted). Progress is printed at most every 500 ms, so a count, not a number of lines, says how far it got.
 */
function importKilledAfter(rows: number): Promise<{ killed: boolean; stderr: string }> {
  const env = cliChildEnv({
    XDG_CONFIG_HOME: join(dir.dir, '.config'),
    KEYWARD_VAULT: vault,
    KEYWARD_PASSWORD: CLI_PASSWORD,
  });
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/keyward.mjs'), 'import', file, '--yes'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      const counts = [...stderr.matchAll(/import: sealing (\d+)\//g)].map((m) => Number(m[1]));
      if (counts.some((n) => n >= rows)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ killed: signal === 'SIGKILL', stderr }));
  });
}

describe('an import killed midway', () => {
  beforeAll(async () => {
    dir = tempDir();
    vault = join(dir.dir, 'vault.db');
    file = join(dir.dir, 'k.xml');
    writeKeePassXml(file, ENTRIES);
    await initCliVault(vault);
    const add = await runCli(['add', '--platform', 'custom', '--name', 'kept'], {
      vault,
      input: 'custom_kept_0123456789abcdef\n',
    });
    expect(add.code).toBe(0);
  }, 120_000);
  afterAll(() => dir?.cleanup());

  it.each([1, 5_000])(
    'killed once %i rows were read: nothing of it is stored',
    async (rows) => {
      const run = await importKilledAfter(rows);
      // A machine fast enough to finish first proves nothing here: the kill must land inside the import.
      expect(run.killed).toBe(true);
      const list = await runCli(['list', '--json'], { vault });
      expect(list.code).toBe(0);
      expect(list.stderr).toBe('');
      expect((JSON.parse(list.stdout) as { keys: { name: string }[] }).keys.map((k) => k.name)).toEqual(['kept']);
    },
    240_000,
  );

  it('then the same file imports whole', async () => {
    const r = await runCli(['import', file, '--yes', '--json'], { vault });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { summary: { added: number } };
    expect(out.summary.added).toBe(ENTRIES * 0.8);
    const list = await runCli(['list', '--json'], { vault });
    expect((JSON.parse(list.stdout) as { keys: unknown[] }).keys).toHaveLength(ENTRIES * 0.8 + 1);
  }, 240_000);
});
