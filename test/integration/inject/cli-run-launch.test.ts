// keyward run as users start it: through the bin's shebang (what the installed link and npx run),
// and through `node bin/keyward.mjs`; --env-file/--env-from reach Keyward's parser, and a child
// never outlives a `keyward run` that was SIGKILLed (it holds the secrets in its environment).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryForms, newCanary, scanText } from '../../helpers/canary.js';
import { CLI_PASSWORD, REPO_ROOT, addCliKey, cliChildEnv, initCliVault, runCli } from '../../helpers/cli.js';
import { spawnCli, waitFor } from '../../helpers/cli-spawn.js';
import { tempDir } from '../../helpers/temp-vault.js';

const SECRET = newCanary('kby_CANARY');
const needles = canaryForms(SECRET, 'secret');
const BIN = join(REPO_ROOT, 'bin/keyward.mjs');
let dir: string;
let vault: string;
let cleanup = () => {};

beforeAll(async () => {
  const t = tempDir('keyward-run-launch-');
  dir = t.dir;
  cleanup = t.cleanup;
  vault = join(dir, 'vault.db');
  await initCliVault(vault);
  await addCliKey(vault, ['--platform', 'kubiya', '--name', 'Deploy bot'], SECRET);
});
afterAll(() => cleanup());

/** Runs `exe args` (the bin itself, or a link to it) as a shell would: no `node` in front. */
function direct(exe: string, args: string[]) {
  const env = cliChildEnv({
    KEYWARD_VAULT: vault,
    KEYWARD_PASSWORD: CLI_PASSWORD,
    XDG_CONFIG_HOME: join(dir, '.config'),
  });
  env.PATH = `${join(process.execPath, '..')}:${env.PATH ?? ''}`;
  return spawnSync(exe, args, { env, encoding: 'utf8', cwd: dir });
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
  } catch {
    return false;
  }
};

describe('keyward run --env-file, however keyward is launched', () => {
  it('a missing env file is Keyward\u2019s error (exit 2), through the shebang and through a link to the bin', () => {
    const link = join(dir, 'keyward');
    if (!existsSync(link)) symlinkSync(BIN, link); // what npm link / node_modules/.bin / npx run
    for (const exe of [BIN, link]) {
      const r = direct(exe, ['run', '--env-file', join(dir, 'missing.env'), '--', 'true']);
      expect(r.stderr, exe).toMatch(/^keyward: .*env file/);
      expect(r.status, exe).toBe(2);
    }
  });

  it('an env file given by the shebang path is read by Keyward, its references resolved and masked', () => {
    const file = join(dir, '.env.keyward');
    writeFileSync(file, 'TOK=keyward://Deploy%20bot\nPLAIN=hello\n');
    const r = direct(BIN, [
      'run',
      '--env-file',
      file,
      '--',
      process.execPath,
      '-e',
      'console.log(process.env.PLAIN, process.env.TOK)',
    ]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe('hello <concealed by keyward>');
    expect(scanText(r.stdout + r.stderr, needles)).toEqual([]);
  });

  it('--env-from FILE works under `node bin/keyward.mjs` too, where Node 20 itself takes --env-file', async () => {
    const missing = await runCli(['run', '--env-from', join(dir, 'missing.env'), '--', 'true'], { vault });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^keyward: .*env file/);
    const file = join(dir, 'from.env');
    writeFileSync(file, 'TOK=keyward://Deploy%20bot\n');
    const r = await runCli(
      ['run', '--env-from', file, '--', process.execPath, '-e', 'console.log(process.env.TOK.length)'],
      {
        vault,
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(String(SECRET.length));
  });

  it('through npx in a project that depends on keyward: `npx -- keyward` and --env-from reach Keyward', () => {
    const proj = join(dir, 'proj');
    mkdirSync(join(proj, 'node_modules/.bin'), { recursive: true });
    writeFileSync(join(proj, 'package.json'), '{"name":"uses-keyward","version":"1.0.0","private":true}');
    if (!existsSync(join(proj, 'node_modules/.bin/keyward'))) symlinkSync(BIN, join(proj, 'node_modules/.bin/keyward'));
    const env = cliChildEnv({
      KEYWARD_VAULT: vault,
      KEYWARD_PASSWORD: CLI_PASSWORD,
      XDG_CONFIG_HOME: join(dir, '.config'),
    });
    const npx = (args: string[]) => spawnSync('npx', ['--offline', ...args], { env, encoding: 'utf8', cwd: proj });
    const missing = join(dir, 'missing.env');
    for (const args of [
      ['--', 'keyward', 'run', '--env-file', missing, '--', 'true'],
      ['keyward', 'run', '--env-from', missing, '--', 'true'],
    ]) {
      const r = npx(args);
      expect(r.stderr, args.join(' ')).toMatch(/keyward: .*env file/);
      expect(r.status, args.join(' ')).toBe(2);
    }
  });
});

describe('keyward run and its child', () => {
  for (const variant of ['setpriv', 'watcher'] as const) {
    it(`a SIGKILLed keyward run takes its child with it (${variant})`, async () => {
      if (variant === 'setpriv' && spawnSync('sh', ['-c', 'command -v setpriv']).status !== 0) return;
      const pidFile = join(dir, `child-${variant}.pid`);
      const code = `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));console.log('ready');setInterval(()=>{},1000)`;
      // Without setpriv on PATH Keyward falls back to its own watcher process.
      const env: Record<string, string> = variant === 'watcher' ? { PATH: join(process.execPath, '..') } : {};
      const s = spawnCli(['run', '--env', 'TOK=keyward://Deploy%20bot', '--', process.execPath, '-e', code], {
        vault,
        env,
      });
      await waitFor(s.stdout, 'ready');
      const child = Number(readFileSync(pidFile, 'utf8'));
      expect(alive(child)).toBe(true);
      s.proc.kill('SIGKILL');
      await s.done;
      const until = Date.now() + 2000;
      while (alive(child) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const survived = alive(child);
      if (survived) process.kill(child, 'SIGKILL');
      expect(survived).toBe(false);
    });
  }

  it('SIGINT to keyward still reaches the child and its exit status comes back (child started through setpriv)', async () => {
    const code = `process.on('SIGINT',()=>{console.log('child got INT');process.exit(33)});console.log('ready');setInterval(()=>{},1000)`;
    const s = spawnCli(['run', '--env', 'TOK=keyward://Deploy%20bot', '--', process.execPath, '-e', code], { vault });
    await waitFor(s.stdout, 'ready');
    s.proc.kill('SIGINT');
    const end = await s.done;
    expect(end.code).toBe(33);
    expect(end.stdout).toContain('child got INT');
  });
});
