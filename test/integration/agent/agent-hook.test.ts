// The pre-commit hook while an agent is unlocked: git runs the hook with its own environment
// (for `git commit -a` or `git commit FILE`, a temporary index in GIT_INDEX_FILE). A scan the
// agent answered would read the repository's .git/index instead and let a stored key through.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCliKey, cliChildEnv, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

const SECRET = `knouds_live_${crypto.randomUUID().replaceAll('-', '')}`;
let t: { dir: string; cleanup: () => void };
let vault: string;
let repo: string;
let runtime: string;

const env = () => ({
  ...cliChildEnv(),
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: t.dir,
  XDG_RUNTIME_DIR: runtime,
  XDG_CONFIG_HOME: join(t.dir, 'vault', '.config'),
});
const git = (...args: string[]) =>
  spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd: repo,
    encoding: 'utf8',
    env: env(),
  });

beforeAll(async () => {
  t = tempDir('keyward-agent-hook-');
  vault = join(t.dir, 'vault', 'v.db');
  runtime = join(t.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  await initCliVault(vault);
  await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot'], SECRET);
  repo = join(t.dir, 'repo');
  mkdirSync(repo);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: repo, env: env() });
  writeFileSync(join(repo, 'a.txt'), 'hello\n');
  expect(git('add', 'a.txt').status).toBe(0);
  expect(git('commit', '-qm', 'first').status).toBe(0);
  const hook = await runCli(['hook', 'install', '--repo', repo], {
    vault,
    env: { KEYWARD_NO_AGENT: '1', HOME: t.dir },
  });
  expect(hook.code, hook.stderr).toBe(0);
  const u = await runCli(['unlock', '--for', '5m'], { vault, env: { XDG_RUNTIME_DIR: runtime } });
  expect(u.code, u.stderr).toBe(0);
});
afterAll(async () => {
  await runCli(['lock'], { vault, password: null, env: { XDG_RUNTIME_DIR: runtime } });
  t.cleanup();
});

describe('the hook with an unlocked agent', () => {
  it('refuses git commit -a and git commit FILE holding a stored key', async () => {
    writeFileSync(join(repo, 'a.txt'), `hello\nKEY=${SECRET}\n`);
    const all = git('commit', '-qam', 'leak');
    expect(all.status, all.stdout + all.stderr).not.toBe(0);
    expect(all.stderr).toMatch(/a\.txt:2/);
    const named = git('commit', '-qm', 'leak', 'a.txt');
    expect(named.status, named.stdout + named.stderr).not.toBe(0);
    expect(git('log', '--oneline').stdout.trim().split('\n')).toHaveLength(1);
  });
});
