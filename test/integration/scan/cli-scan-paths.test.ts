// keyward scan reads a path as one string: a stored secret holding `/` spelt out across folder and
// file names is withheld and reported; a short secret matches a name only where it is delimited; a
// symlink's name is checked (the link is not followed); history sees an empty file's name.
// Real processes, files and git.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryForms, scan, scanText } from '../../helpers/canary.js';
import { addCliKey, cliChildEnv, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

const rand = (n: number) =>
  Array.from(
    { length: n },
    () => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[Math.floor(Math.random() * 57)],
  ).join('');
/** A secret with `/` in it: a path can spell it out across its names. */
const PARTS = [rand(3), `${rand(3)}+${rand(3)}=${rand(3)}`, `${rand(3)}+${rand(11)}`] as const;
const SLASHY = PARTS.join('/');
const SHORT = 'deadbeef';
const KEY = rand(40);
const needles = [...canaryForms(SLASHY, 'SLASHY'), ...canaryForms(KEY, 'KEY')];

let t: { dir: string; cleanup: () => void };
let vault: string;
const ids: Record<string, string> = {};
const outputs: string[] = [];

type Hit = { kind: string; path: string; line: number; inName?: string; keyName?: string; commit?: string };
type Json = { hits: Hit[]; skipped: { path: string; reason: string }[] };

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', env: { ...cliChildEnv(), GIT_CONFIG_NOSYSTEM: '1', HOME: t.dir } },
  );
}

async function cli(args: string[], cwd?: string) {
  const r = await runCli(args, { vault, ...(cwd ? { cwd } : {}) });
  outputs.push(r.stdout, r.stderr);
  return r;
}
const json = async (args: string[], cwd?: string) =>
  JSON.parse((await cli([...args, '--format', 'json'], cwd)).stdout) as Json;
const places = (j: Json, root: string) =>
  j.hits.map((h) => `${h.path.slice(root.length + 1)}:${h.line}:${h.inName ?? ''}:${h.keyName}`).sort();

beforeAll(async () => {
  t = tempDir();
  vault = join(t.dir, 'vault', 'v.db');
  await initCliVault(vault);
  ids.SLASHY = await addCliKey(vault, ['--platform', 'custom', '--name', 'Custom slashy'], SLASHY);
  ids.SHORT = await addCliKey(vault, ['--platform', 'custom', '--name', 'Short one'], SHORT);
  ids.KEY = await addCliKey(vault, ['--platform', 'custom', '--name', 'Long one'], KEY);
});
afterAll(() => {
  // SECURITY: no value in any output of any format, nor in any file the commands wrote beside the vault.
  expect(needles.filter((n) => scanText(outputs.join('\n'), [n]).length > 0).map((n) => n.label)).toEqual([]);
  const written = readdirSync(join(t.dir, 'vault')).map((f) => join(t.dir, 'vault', f));
  expect(scan(written, needles)).toEqual([]);
  t.cleanup();
});

const SLASHY_SHOWN = '[secret of "Custom slashy"]';

describe('a stored secret holding / spelt out by a path across its names', () => {
  it('is withheld in text, JSON, SARIF and the recorded finding, and reported as a name finding', async () => {
    const root = join(t.dir, 't7');
    mkdirSync(join(root, PARTS[0], PARTS[1]), { recursive: true });
    writeFileSync(join(root, PARTS[0], PARTS[1], PARTS[2]), 'TOKEN=x\n');
    // Given as a relative path, from the folder above it.
    const text = await cli(['scan', 't7'], t.dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`t7/${SLASHY_SHOWN} (in the file name): stored key "Custom slashy"`);
    const j = await json(['scan', 't7'], t.dir);
    expect(places(j, root)).toEqual([`${SLASHY_SHOWN}:0:file:Custom slashy`]);
    const sarif = await cli(['scan', 't7', '--format', 'sarif'], t.dir);
    expect(sarif.stdout).toContain('t7/[secret of \\"Custom slashy\\"] (in the file name)');
    const shown = await cli(['show', ids.SLASHY as string]);
    expect(shown.stdout).toContain(`${join(root, SLASHY_SHOWN)} (in the name)`);
    // The path given names the secret itself, and a path that does not exist names it in the error.
    const given = await cli(['scan', join('t7', SLASHY)], t.dir);
    expect(given.code).toBe(1);
    const missing = await cli(['scan', join('t7', `${SLASHY}.gone`)], t.dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(SLASHY_SHOWN);
  });

  it('is reported by --staged (the pre-commit hook refuses it) and by --git-history', async () => {
    const repo = join(t.dir, 'slashy-repo');
    mkdirSync(join(repo, PARTS[0], PARTS[1]), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    expect((await cli(['hook', 'install', '--repo', repo])).code).toBe(0);
    writeFileSync(join(repo, PARTS[0], PARTS[1], PARTS[2]), 'TOKEN=x\n');
    git(repo, 'add', '.');
    const staged = await json(['scan', '--staged', repo]);
    expect(places(staged, repo)).toEqual([`${SLASHY_SHOWN}:0:file:Custom slashy`]);
    // The hook runs with the vault locked (no password in its environment): it refuses the commit.
    const { KEYWARD_PASSWORD: _none, ...inherited } = cliChildEnv();
    const commit = (...flags: string[]) =>
      spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@e.com', 'commit', '-q', ...flags, '-m', 'x'], {
        cwd: repo,
        env: { ...inherited, GIT_CONFIG_NOSYSTEM: '1', HOME: t.dir },
        encoding: 'utf8',
      });
    const blocked = commit();
    outputs.push(blocked.stdout, blocked.stderr);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('[a stored key] (in the file name) (staged)');
    expect(git(repo, 'rev-list', '--all')).toBe('');
    expect(commit('--no-verify').status).toBe(0);
    const history = await json(['scan', '--git-history', repo]);
    expect(places({ ...history, hits: history.hits.filter((h) => h.commit) }, repo)).toEqual([
      `${SLASHY_SHOWN}:0:file:Custom slashy`,
    ]);
  });
});

describe('a short stored secret in a name', () => {
  it('matches only where it is delimited, a long one glued too', async () => {
    const root = join(t.dir, 'short');
    mkdirSync(root);
    writeFileSync(join(root, `my${SHORT}notes.txt`), 'nothing\n');
    writeFileSync(join(root, `my-${SHORT}.txt`), 'nothing\n');
    writeFileSync(join(root, `notes${KEY}more.txt`), 'nothing\n');
    const j = await json(['scan', root]);
    expect(places(j, root)).toEqual(
      [`my-[secret of "Short one"].txt:0:file:Short one`, `notes[secret of "Long one"]more.txt:0:file:Long one`].sort(),
    );
  });
});

describe('a symlink named after a stored key', () => {
  it('is a name finding in a folder scan, as in --staged, and is not followed', async () => {
    const root = join(t.dir, 't2');
    mkdirSync(root);
    symlinkSync('/nonexistent-target', join(root, `ln${KEY}q`));
    const j = await json(['scan', root]);
    expect(places(j, root)).toEqual([`ln[secret of "Long one"]q:0:file:Long one`]);
    expect(j.skipped).toEqual([{ path: join(root, 'ln[secret of "Long one"]q'), reason: 'symlink' }]);
  });
});

describe('history', () => {
  it('sees an empty file named after a key, added and renamed', async () => {
    const repo = join(t.dir, 'empty-repo');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, `a${KEY}`), '');
    git(repo, 'add', '.');
    git(repo, 'commit', '-qm', 'empty');
    git(repo, 'mv', `a${KEY}`, `b${KEY} c`);
    git(repo, 'commit', '-qm', 'renamed');
    const history = await json(['scan', '--git-history', repo]);
    const inCommits = history.hits.filter((h) => h.commit);
    expect(places({ ...history, hits: inCommits }, repo)).toEqual(
      [`a[secret of "Long one"]:0:file:Long one`, `b[secret of "Long one"] c:0:file:Long one`].sort(),
    );
    expect(new Set(inCommits.map((h) => h.commit)).size).toBe(2);
  });
});
