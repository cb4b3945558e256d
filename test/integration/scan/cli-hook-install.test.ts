// keyward hook install where the repository is not what it expects: a missing folder, a folder
// that is not a repository, and a core.hooksPath inside the working tree, where the hook (which
// holds this machine's paths to node, keyward and the vault) would be committed for the team.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliChildEnv, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let t: { dir: string; cleanup: () => void };
let vault: string;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...cliChildEnv(), GIT_CONFIG_NOSYSTEM: '1', HOME: t.dir },
  });
}

beforeAll(async () => {
  t = tempDir();
  vault = join(t.dir, 'vault', 'v.db');
  await initCliVault(vault);
});
afterAll(() => t.cleanup());

const install = (repo: string) => runCli(['hook', 'install', '--repo', repo], { vault, env: { HOME: t.dir } });

describe('keyward hook install', () => {
  it('a missing folder and a folder outside any repository are said in words (exit 2)', async () => {
    const missing = await install(join(t.dir, 'nowhere'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no folder/i);
    expect(missing.stderr).not.toMatch(/rev-parse/);
    const plain = join(t.dir, 'plain');
    mkdirSync(plain);
    const r = await install(plain);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not in a git repository/i);
    expect(r.stderr).not.toMatch(/rev-parse/);
  });

  it('refuses a hooks folder inside the working tree, and installs nothing there', async () => {
    const repo = join(t.dir, 'shared-hooks');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    git(repo, 'config', 'core.hooksPath', '.githooks');
    const r = await install(repo);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/working tree/);
    expect(r.stderr).toMatch(/committed/);
    expect(existsSync(join(repo, '.githooks', 'pre-commit'))).toBe(false);
    // An absolute hooks folder outside the tree is the user's choice, and works.
    const outside = join(t.dir, 'my-hooks');
    git(repo, 'config', 'core.hooksPath', outside);
    const ok = await install(repo);
    expect(ok.code, ok.stderr).toBe(0);
    expect(existsSync(join(outside, 'pre-commit'))).toBe(true);
  });
});
