// list --sort / --fields / --format and `keyward completion` through the real CLI; the
// bash script is loaded into a real bash and asked for completions with compgen.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryForms, newCanary, scanText } from '../../helpers/canary.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

const SECRET = newCanary('kby_LIST');
let dir: string;
let vault: string;
let cleanup = () => {};

beforeAll(async () => {
  const t = tempDir('keyward-list-out-');
  dir = t.dir;
  cleanup = t.cleanup;
  vault = join(dir, 'vault.db');
  await initCliVault(vault);
  await addCliKey(
    vault,
    ['--platform', 'kubiya', '--name', 'beta', '--expires', '2027-05-01', '--owner', 'zed'],
    SECRET,
  );
  await addCliKey(
    vault,
    ['--platform', 'knouds', '--name', 'Alpha', '--expires', '2027-01-01', '--owner', '=cmd'],
    'knouds_x_0123456789',
  );
  await addCliKey(vault, ['--platform', 'custom', '--name', 'gamma, "quoted"', '--owner', 'amy'], 'custom-0123456789');
});
afterAll(() => cleanup());

describe('list output control', () => {
  it('--sort FIELD and FIELD:desc, empty values last', async () => {
    const names = async (sort: string) =>
      (
        JSON.parse(
          (await runCli(['list', '--sort', sort, '--format', 'json', '--fields', 'name'], { vault })).stdout,
        ) as {
          name: string;
        }[]
      ).map((k) => k.name);
    expect(await names('name')).toEqual(['Alpha', 'beta', 'gamma, "quoted"']);
    expect(await names('name:desc')).toEqual(['gamma, "quoted"', 'beta', 'Alpha']);
    expect(await names('expires')).toEqual(['Alpha', 'beta', 'gamma, "quoted"']);
    expect(await names('expires:desc')).toEqual(['beta', 'Alpha', 'gamma, "quoted"']);
  });

  it('--fields picks and orders columns in table, json and csv; csv is quoted and formula-safe', async () => {
    const table = await runCli(['list', '--sort', 'name', '--fields', 'owner,name'], { vault });
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^OWNER\s+NAME$/);
    expect(lines[1]).toMatch(/^=cmd\s+Alpha$/);
    const csv = await runCli(['list', '--sort', 'name', '--fields', 'name,owner,platform', '--format', 'csv'], {
      vault,
    });
    expect(csv.stdout.trimEnd().split('\n')).toEqual([
      'name,owner,platform',
      "Alpha,'=cmd,knouds",
      'beta,zed,kubiya',
      '"gamma, ""quoted""",amy,custom',
    ]);
    const json = await runCli(['list', '--fields', 'id,hint', '--format', 'json'], { vault });
    const rows = JSON.parse(json.stdout) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0] as object)).toEqual(['id', 'hint']);
    for (const r of [table, csv, json]) expect(scanText(r.stdout + r.stderr, canaryForms(SECRET))).toEqual([]);
  });

  it('refuses an unknown field, format or sort direction before asking for the password', async () => {
    for (const args of [
      ['--fields', 'name,secret'],
      ['--format', 'xml'],
      ['--sort', 'nope'],
      ['--sort', 'name:up'],
      ['--fields', ','],
    ]) {
      const r = await runCli(['list', ...args], { vault, password: null });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).not.toMatch(/password/i);
    }
  });
});

describe('keyward completion', () => {
  it('bash: the script loads in a real bash and completes commands, options, values and subcommands', async () => {
    const r = await runCli(['completion', 'bash'], { vault, password: null });
    expect(r.code).toBe(0);
    const script = join(dir, 'keyward.bash');
    writeFileSync(script, r.stdout);
    const ask = (words: string[]) =>
      execFileSync(
        'bash',
        [
          '-c',
          `source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _keyward; printf '%s\\n' "\${COMPREPLY[@]}"`,
          'bash',
          script,
          ...words,
        ],
        { encoding: 'utf8' },
      )
        .split('\n')
        .filter((l) => l !== '');
    const registered = execFileSync('bash', ['-c', 'source "$1"; complete -p keyward', 'bash', script], {
      encoding: 'utf8',
    });
    expect(registered.trim()).toBe('complete -o default -F _keyward keyward');
    expect(ask(['keyward', 'li'])).toEqual(['list']);
    expect(ask(['keyward', 'r'])).toEqual(expect.arrayContaining(['rm', 'rotate', 'run', 'read', 'restore', 'revoke']));
    expect(ask(['keyward', 'list', '--fo'])).toEqual(['--format']);
    expect(ask(['keyward', 'list', '--format', ''])).toEqual(['table', 'json', 'csv']);
    expect(ask(['keyward', 'list', '--platform', 'k'])).toEqual(['kai', 'kubiya', 'kognitos', 'knouds', 'kaana']);
    expect(ask(['keyward', '--vault', 'x.db', 'alerts', 'sn'])).toEqual(['snooze']);
    expect(ask(['keyward', 'run', '--env-'])).toEqual(['--env-file', '--env-from']);
    expect(ask(['keyward', 'completion', ''])).toEqual(['bash', 'zsh', 'fish']);
    // Every status `list --status` accepts, and every command's subcommands.
    expect(ask(['keyward', 'list', '--status', ''])).toEqual(
      expect.arrayContaining(['active', 'expired', 'refused', 'leaked', 'revoking', 'revoked', 'revocation-pending']),
    );
    expect(ask(['keyward', 'hook', ''])).toEqual(['install']);
  });

  it('zsh and fish scripts name every command; an unknown shell is bad usage', async () => {
    for (const shell of ['zsh', 'fish']) {
      const r = await runCli(['completion', shell], { vault, password: null });
      expect(r.code).toBe(0);
      for (const c of ['list', 'run', 'read', 'clip', 'completion']) expect(r.stdout).toContain(c);
    }
    expect((await runCli(['completion', 'tcsh'], { vault, password: null })).code).toBe(2);
    expect((await runCli(['completion'], { vault, password: null })).code).toBe(2);
  });
});
