// `keyward team name NAME` sets the name teammates see; until it is set, a command that records an
// author fails with exit 2 naming that command (no terminal) or asks for the name once (a terminal).
// The OS account's name is never used.
import { spawn } from 'node:child_process';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addCliKey, cliChildEnv, CLI_PASSWORD, initCliVault, REPO_ROOT, runCli } from '../../helpers/cli.js';
import { newCanary } from '../../helpers/canary.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: string;
let cleanup = () => {};
const keyArgs = ['--platform', 'kognitos', '--name', 'Billing', '--account', 'acme', '--expires', '2099-01-10'];

beforeAll(async () => {
  const t = tempDir('keyward-cli-team-name-');
  dir = t.dir;
  cleanup = t.cleanup;
  for (const v of ['a.db', 'b.db']) {
    await initCliVault(join(dir, v));
    await addCliKey(join(dir, v), keyArgs, newCanary('kgn_pat_CANARY'));
  }
});
afterAll(() => cleanup());

type Team = { me: { name: string | null; fingerprint: string | null } };

it('with no name set, commands that record an author exit 2 naming themselves and change nothing', async () => {
  const a = { vault: join(dir, 'a.db') };
  const team = JSON.parse((await runCli(['team', '--json'], a)).stdout) as Team;
  expect(team.me).toEqual({ name: null, fingerprint: null });
  const shown = await runCli(['team'], a);
  expect(shown.code).toBe(0);
  expect(shown.stdout).toContain('keyward team name');
  expect(shown.stdout).not.toContain(userInfo().username);

  const cases: [string[], string][] = [
    [['checklist', 'start', 'Billing'], 'checklist start'],
    [['checklist', 'export', '--template', 'kognitos', '--out', join(dir, 'never.json')], 'checklist export'],
    [['team', 'init', '--folder', dir], 'team init'],
  ];
  for (const [args, command] of cases) {
    const r = await runCli(args, a);
    expect(r.code, args.join(' ')).toBe(2);
    expect(r.stderr).toContain(command);
    expect(r.stderr).toContain('keyward team name');
  }
  expect(JSON.parse((await runCli(['checklist', 'list', '--json'], a)).stdout)).toEqual([]);
  expect((JSON.parse((await runCli(['team', '--json'], a)).stdout) as Team).me.name).toBeNull();
});

it('team name NAME sets it once; what follows is signed by that name, and a rename keeps the fingerprint', async () => {
  const a = { vault: join(dir, 'a.db') };
  const set = await runCli(['team', 'name', 'Ana Lima'], a);
  expect(set.code).toBe(0);
  expect(set.stdout).toContain('Ana Lima');
  const team = JSON.parse((await runCli(['team', '--json'], a)).stdout) as Team;
  expect(team.me.name).toBe('Ana Lima');
  expect(team.me.fingerprint).toMatch(/^[0-9a-f]{4}(-[0-9a-f]{4}){7}$/);
  const started = await runCli(['checklist', 'start', 'Billing', '--json'], a);
  expect(started.code).toBe(0);
  expect(JSON.parse(started.stdout)).toMatchObject({ createdBy: { name: 'Ana Lima' } });
  expect((await runCli(['team', 'name', 'Ana L.'], a)).code).toBe(0);
  expect((JSON.parse((await runCli(['team', '--json'], a)).stdout) as Team).me).toEqual({
    name: 'Ana L.',
    fingerprint: team.me.fingerprint,
  });
  expect((await runCli(['team', 'name'], a)).code).toBe(2); // no NAME given
  expect((await runCli(['team', 'name', 'Ana\u001b[2J'], a)).code).toBe(2);
});

/** Runs keyward under `script`, so it has a terminal, and types `typed` into it. */
function onTerminal(args: string[], vault: string, typed: string): Promise<{ code: number | null; out: string }> {
  const env = cliChildEnv({
    XDG_CONFIG_HOME: join(dir, '.config'),
    KEYWARD_VAULT: vault,
    KEYWARD_PASSWORD: CLI_PASSWORD,
  });
  const command = [process.execPath, join(REPO_ROOT, 'bin/keyward.mjs'), ...args].map((a) => `'${a}'`).join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env, cwd: REPO_ROOT });
    let out = '';
    let isTyped = false;
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!isTyped && out.includes('Your name as your team sees it')) {
        isTyped = true;
        child.stdin.write(typed);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out }));
  });
}

it('on a terminal, a command that needs an author asks for the name once, saves it and goes on', async () => {
  const b = join(dir, 'b.db');
  const r = await onTerminal(['checklist', 'start', 'Billing'], b, 'Bruno Costa\r');
  expect(r.out).toContain('checklist start');
  expect(r.code).toBe(0);
  expect(r.out).toContain('Started checklist');
  const team = JSON.parse((await runCli(['team', '--json'], { vault: b })).stdout) as Team;
  expect(team.me.name).toBe('Bruno Costa');
  const list = JSON.parse((await runCli(['checklist', 'list', '--json'], { vault: b })).stdout) as unknown[];
  expect(list).toHaveLength(1);
}, 30_000);
