// The CLI's exit status for each kind of failure (README: 0 ok, 2 bad usage or input,
// 3 wrong password, 4 damaged or tampered), with a message that names the problem.
import { copyFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_PASSWORD, REPO_ROOT, addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { createForeignDb, flipped, getBlob, setBlob, withRawDb } from '../../helpers/raw-db.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: string;
let vault: string;
let cleanup = () => {};
const ids: string[] = [];
let n = 0;

beforeAll(async () => {
  const t = tempDir('keyward-cli-exit-');
  dir = t.dir;
  cleanup = t.cleanup;
  vault = join(dir, 'vault.db');
  await initCliVault(vault);
  for (const [i, name] of ['Alpha', 'Bravo', 'Charlie'].entries()) {
    ids.push(await addCliKey(vault, ['--platform', 'knouds', '--name', name], `knouds_live_exit_${i}_abcdefghij`));
  }
});
afterAll(() => cleanup());

/** A copy of the vault, edited with raw SQL. */
function tampered(edit: Parameters<typeof withRawDb>[1]): string {
  const path = join(dir, `tampered-${++n}.db`);
  copyFileSync(vault, path);
  withRawDb(path, edit);
  return path;
}

describe('exit 2: bad usage or input, named in the message', () => {
  const cases: [string, string[], RegExp, string?][] = [
    ['an unknown flag', ['list', '--colour'], /colour/],
    ['a value starting with a dash', ['add', '--platform', 'custom', '--name', '-2+3'], /write --name=VALUE/],
    ['an unknown command', ['frobnicate'], /frobnicate/],
    [
      'an impossible date',
      ['add', '--platform', 'custom', '--name', 'x', '--expires', '2027-02-30'],
      /expires/i,
      'secret\n',
    ],
    [
      'a date in the wrong form',
      ['add', '--platform', 'custom', '--name', 'x', '--expires', '01/03/2027'],
      /expires/i,
      'secret\n',
    ],
    ['an unknown platform on add', ['add', '--platform', 'acme', '--name', 'x'], /platform/, 'secret\n'],
    ['an unknown platform on list', ['list', '--platform', 'acme'], /platform/],
    ['an unknown status on list', ['list', '--status', 'lost'], /status/],
    ['an unknown status on edit', ['edit', 'Alpha', '--status', 'lost'], /status/],
    ['a bad date on edit', ['edit', 'Alpha', '--last-used', '2026-13-01'], /last/i],
    ['a bad --rotate-every', ['edit', 'Alpha', '--rotate-every', 'monthly'], /rotate-every/],
    ['an http base URL', ['edit', 'Alpha', '--base-url', 'http://api.example.com'], /base/i],
    ['add without --name', ['add', '--platform', 'custom'], /name/, 'secret\n'],
    ['show without a key', ['show'], /key/],
    ['a key that does not exist', ['show', 'Zulu'], /Zulu/],
    ['--kdf-memory below the floor', ['init', '--kdf-memory', '8'], /kdf-memory/],
    ['--kdf-memory not a number', ['init', '--kdf-memory', 'lots'], /kdf-memory/],
    ['--kdf-passes below the floor', ['init', '--kdf-passes', '1'], /kdf-passes/],
  ];
  for (const [what, args, names, input] of cases) {
    it(what, async () => {
      const target = args[0] === 'init' ? join(dir, `new-${++n}.db`) : vault;
      const r = await runCli(args, { vault: target, input });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(names);
      expect(r.stdout).toBe('');
    });
  }

  it('a missing vault, a file that is not a vault, and a vault from a newer Keyward', async () => {
    expect((await runCli(['list'], { vault: join(dir, 'missing.db') })).code).toBe(2);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'hello\n'.repeat(100));
    expect((await runCli(['list'], { vault: text })).code).toBe(2);
    const other = join(dir, 'other-app.db');
    createForeignDb(other);
    expect((await runCli(['list'], { vault: other })).code).toBe(2);
    expect((await runCli(['list'], { vault: tampered((db) => db.pragma('user_version = 9990')) })).code).toBe(2);
  });
});

describe('an empty KEYWARD_PASSWORD', () => {
  it('is not tried as the password: exit 2 and what to do, not exit 3 "wrong password"', async () => {
    const r = await runCli(['list'], { vault, password: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/KEYWARD_PASSWORD is empty/);
    const empty = join(dir, 'empty-password');
    writeFileSync(empty, '\n');
    const f = await runCli(['list', '--password-file', empty], { vault, password: null });
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/password file .* is empty/);
  });
});

describe('exit 3: wrong password', () => {
  it('for list, show and passwd', async () => {
    for (const args of [['list'], ['show', 'Alpha', '--reveal'], ['passwd']]) {
      const r = await runCli(args, { vault, password: 'wrong password', env: { KEYWARD_NEW_PASSWORD: 'x' } });
      expect(r.code, args.join(' ')).toBe(3);
    }
  });
});

describe('exit 4: damaged or tampered', () => {
  it('a flipped byte in one record: show of it exits 4, list prints the others and exits 4', async () => {
    const path = tampered((db) =>
      setBlob(db, 'keys', 'meta', ids[1] as string, flipped(getBlob(db, 'keys', 'meta', ids[1] as string), 60)),
    );
    expect((await runCli(['show', ids[1] as string], { vault: path })).code).toBe(4);
    const list = await runCli(['list'], { vault: path });
    expect(list.code).toBe(4);
    expect(list.stdout).toContain('Alpha');
    expect(list.stdout).toContain('Charlie');
    expect(list.stderr).toContain(ids[1] as string);
    const json = await runCli(['list', '--json'], { vault: path });
    expect(json.code).toBe(4);
    const parsed = JSON.parse(json.stdout) as { keys: { id: string }[]; damaged: { id: string }[] };
    expect(parsed.keys.map((k) => k.id).sort()).toEqual([ids[0], ids[2]].sort());
    expect(parsed.damaged.map((d) => d.id)).toEqual([ids[1]]);
    expect((await runCli(['show', ids[0] as string, '--reveal'], { vault: path })).code).toBe(0);
  });

  it('a flipped byte in one secret: show --reveal exits 4, show without it exits 0', async () => {
    const path = tampered((db) =>
      setBlob(db, 'keys', 'secret', ids[2] as string, flipped(getBlob(db, 'keys', 'secret', ids[2] as string), 30)),
    );
    expect((await runCli(['show', ids[2] as string, '--reveal'], { vault: path })).code).toBe(4);
    expect((await runCli(['show', ids[2] as string], { vault: path })).code).toBe(0);
  });

  it('an edited header, parameters below the floor, and a file cut short', async () => {
    const header = tampered((db) =>
      db.exec(`UPDATE vault_header SET vault_id = '00000000-0000-4000-8000-000000000000'`),
    );
    expect((await runCli(['list'], { vault: header })).code).toBe(4);
    const weak = tampered((db) => db.exec(`UPDATE vault_header SET kdf_mem = ${8 * 1024 * 1024}, kdf_ops = 1`));
    expect((await runCli(['list'], { vault: weak })).code).toBe(4);
    const cut = join(dir, 'cut.db');
    copyFileSync(vault, cut);
    truncateSync(cut, statSync(cut).size - 100); // inside the last page: read-only, writes refused
    const r = await runCli(['add', '--platform', 'custom', '--name', 'never written'], {
      vault: cut,
      input: 'secret-value\n',
    });
    expect(r.code).toBe(4);
  });
});

describe("the suite's Argon2id test cost (1 MiB, 1 pass) outside a test run", () => {
  const outside: [string, Record<string, string>][] = [
    ['NODE_ENV is not test', { NODE_ENV: 'production' }],
    ['KEYWARD_TEST_KDF is not 1', { KEYWARD_TEST_KDF: '0' }],
  ];
  for (const [what, env] of outside) {
    it(`init refuses it when ${what}, and the vault made at it in this suite is refused too`, async () => {
      const target = join(dir, `new-${++n}.db`);
      const r = await runCli(['init', '--kdf-memory', '1', '--kdf-passes', '1'], { vault: target, env });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--kdf-memory must be 64 to/);
      expect(() => statSync(target)).toThrow();
      const list = await runCli(['list'], { vault, env });
      expect(list.code).toBe(4);
      expect(list.stderr).toMatch(/below floor/);
      expect(list.stdout).toBe('');
    });
  }

  it('says KEYWARD_TEST_KDF=1 is ignored when NODE_ENV is not test', async () => {
    const r = await runCli(['list'], { vault, env: { NODE_ENV: 'production' } });
    expect(r.stderr).toMatch(/KEYWARD_TEST_KDF is ignored outside the test suite/);
  });
});

describe('a reader that stops early', () => {
  it('ends the output quietly (exit 0, no stack trace) when stdout is closed', async () => {
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, ['bin/keyward.mjs', 'list', '--vault', vault], {
      cwd: REPO_ROOT,
      env: { ...process.env, KEYWARD_PASSWORD: CLI_PASSWORD },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.destroy(); // like `keyward list | head -0`
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).not.toMatch(/EPIPE|at .*\.js/);
    expect(code).toBe(0);
  });
});
