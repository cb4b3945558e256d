// keyward scan, defects an independent review found: concurrent scans keep each other's findings,
// a folder scan clears only what it read, a path named after a stored key never prints it, merge
// commits and UTF-16 staged files are read, keys after JSON escapes are found, SARIF paths are
// fully percent-encoded, lines after a NUL byte are counted, --write-index alone only writes the
// index, and --locked without an index exits 2. Real processes, files and git; no value in any output.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryForms, scan, scanText } from '../../helpers/canary.js';
import { addCliKey, cliChildEnv, initCliVault, runCli } from '../../helpers/cli.js';
import { spawnCli } from '../../helpers/cli-spawn.js';
import { tempDir } from '../../helpers/temp-vault.js';

const rand = (n: number) =>
  Array.from(
    { length: n },
    () => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[Math.floor(Math.random() * 57)],
  ).join('');
const S = `knouds_live_${rand(28)}`;
const needles = canaryForms(S, 'S');

let t: { dir: string; cleanup: () => void };
let vault: string;
let id: string;
const outputs: string[] = [];

type Hit = { kind: string; path: string; line: number; keyId?: string; commit?: string };
type Json = { hits: Hit[]; commits: number; recorded: number | null; cleared: number | null };

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', env: { ...cliChildEnv(), GIT_CONFIG_NOSYSTEM: '1', HOME: t.dir } },
  );
}

async function cli(args: string[], env: Record<string, string> = {}) {
  const r = await runCli(args, { vault, env });
  outputs.push(r.stdout, r.stderr);
  return r;
}

async function places(): Promise<string[]> {
  const r = await cli(['show', id, '--json']);
  const out = JSON.parse(r.stdout) as { findings: { path: string }[] };
  return out.findings.map((p) => p.path).sort();
}

beforeAll(async () => {
  t = tempDir();
  vault = join(t.dir, 'vault', 'v.db');
  await initCliVault(vault);
  id = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot'], S);
});
afterAll(() => {
  // SECURITY: no value in any output of any format, nor in any file written beside the vault.
  expect(needles.filter((n) => scanText(outputs.join('\n'), [n]).length > 0).map((n) => n.label)).toEqual([]);
  const written = readdirSync(join(t.dir, 'vault')).map((f) => join(t.dir, 'vault', f));
  expect(scan(written, needles)).toEqual([]);
  t.cleanup();
});

describe('keyward scan, review fixes', () => {
  it('keeps every finding of eight scans run at the same time', async () => {
    const root = join(t.dir, 'conc');
    const dirs = Array.from({ length: 8 }, (_, i) => join(root, `d${i}`));
    for (const d of dirs) {
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'f'), `K=${S}\n`);
    }
    const rs = await Promise.all(dirs.map((d) => cli(['scan', d])));
    expect(rs.map((r) => r.code)).toEqual(dirs.map(() => 1));
    expect((await places()).filter((p) => p.startsWith(root))).toEqual(dirs.map((d) => join(d, 'f')));
  });

  it('a folder scan keeps the findings inside its .git folder, which it never reads', async () => {
    const g = join(t.dir, 'gitdir');
    mkdirSync(g);
    git(g, 'init', '-q');
    git(g, 'remote', 'add', 'origin', `https://x:${S}@127.0.0.1/r.git`);
    const config = join(g, '.git', 'config');
    const first = JSON.parse((await cli(['scan', config, '--format', 'json'])).stdout) as Json;
    expect(first.recorded).toBe(1);
    const again = JSON.parse((await cli(['scan', g, '--format', 'json'])).stdout) as Json;
    expect(again.cleared).toBe(0);
    expect(await places()).toContain(config);
    // A deleted file under the folder is still cleared.
    writeFileSync(join(g, 'a.env'), `K=${S}\n`);
    expect((await cli(['scan', g])).code).toBe(1);
    rmSync(join(g, 'a.env'));
    const gone = JSON.parse((await cli(['scan', g, '--format', 'json'])).stdout) as Json;
    expect(gone.cleared).toBe(1);
    expect(await places()).toContain(config);
  });

  it('never prints a stored key found in a file or folder name: a placeholder names the key', async () => {
    const l = join(t.dir, 'leak');
    mkdirSync(join(l, S), { recursive: true });
    writeFileSync(join(l, S, `${S}.txt`), `x=${S}\n`);
    const text = await cli(['scan', l]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('[secret of "Deploy bot"]');
    const json = JSON.parse((await cli(['scan', l, '--format', 'json'])).stdout) as Json;
    const inFile = json.hits.find((h) => h.line === 1);
    expect(inFile?.path).toBe(join(l, '[secret of "Deploy bot"]', '[secret of "Deploy bot"].txt'));
    await cli(['scan', l, '--format', 'sarif']);
    await cli(['check']);
    await cli(['check', '--format', 'json']);
    await cli(['show', id]);
    expect(await places()).toContain(inFile?.path);
    // The canary search of afterAll covers every output above.
  });

  it('reads merge commits in --git-history and counts every commit read', async () => {
    const m = join(t.dir, 'merge');
    mkdirSync(m);
    const f = join(m, 'f');
    git(m, 'init', '-q', '-b', 'main');
    writeFileSync(f, 'b\n');
    git(m, 'add', 'f');
    git(m, 'commit', '-qm', 'b');
    git(m, 'checkout', '-qb', 's');
    writeFileSync(f, 's\n');
    git(m, 'commit', '-qam', 's');
    git(m, 'checkout', '-q', 'main');
    writeFileSync(f, 'm\n');
    git(m, 'commit', '-qam', 'm');
    try {
      git(m, 'merge', '-q', 's');
    } catch {
      // the conflict, resolved below with the key
    }
    writeFileSync(f, `K=${S}\n`);
    git(m, 'add', 'f');
    git(m, 'commit', '-qm', 'merge', '--no-edit');
    git(m, 'rm', '-q', 'f');
    git(m, 'commit', '-qm', 'rm');
    const r = await cli(['scan', '--git-history', m, '--format', 'json']);
    const out = JSON.parse(r.stdout) as Json;
    expect(r.code).toBe(1);
    expect(out.hits.filter((h) => h.kind === 'stored').map((h) => `${h.path}:${h.line}`)).toEqual([`${f}:1`]);
    expect(out.commits).toBe(5);
    const text = await cli(['scan', '--git-history', m]);
    expect(text.stdout).toMatch(/, 5 commits:/);
  });

  it('reads UTF-16 files with a BOM in --staged, the hook and --git-history', async () => {
    const u = join(t.dir, 'utf16');
    mkdirSync(u);
    git(u, 'init', '-q');
    writeFileSync(join(u, 'u.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`K=${S}\n`, 'utf16le')]));
    writeFileSync(
      join(u, 'b.txt'),
      Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(`\nK=${S}\n`, 'utf16le').swap16()]),
    );
    git(u, 'add', '.');
    const staged = JSON.parse((await cli(['scan', '--staged', u, '--format', 'json'])).stdout) as Json;
    expect(staged.hits.map((h) => `${h.path}:${h.line}`).sort()).toEqual([
      `${join(u, 'b.txt')}:2`,
      `${join(u, 'u.txt')}:1`,
    ]);
    expect((await cli(['hook', 'install', '--repo', u])).code).toBe(0);
    const locked = await cli(['scan', '--staged', '--locked', u]);
    expect(locked.code).toBe(1);
    // The pre-commit hook itself refuses the commit.
    expect(() => git(u, 'commit', '-qm', 'u')).toThrow();
    rmSync(join(u, '.git', 'hooks', 'pre-commit'));
    git(u, 'commit', '-qm', 'u');
    const history = JSON.parse((await cli(['scan', '--git-history', u, '--format', 'json'])).stdout) as Json;
    expect(
      history.hits
        .filter((h) => h.commit)
        .map((h) => `${h.path}:${h.line}`)
        .sort(),
    ).toEqual([`${join(u, 'b.txt')}:2`, `${join(u, 'u.txt')}:1`]);
  });

  it('finds a key right after a JSON escape', async () => {
    const j = join(t.dir, 'json-escapes');
    mkdirSync(j);
    const escapes = ['\\t', '\\n', '\\r', '\\"', '\\\\', '\\u0020', '\\/'];
    writeFileSync(join(j, 'a.json'), escapes.map((e) => `{"m":"token:${e}${S}"}`).join('\n') + '\n');
    const out = JSON.parse((await cli(['scan', j, '--format', 'json'])).stdout) as Json;
    expect(out.hits.filter((h) => h.kind === 'stored').map((h) => h.line)).toEqual(escapes.map((_, i) => i + 1));
  });

  it('percent-encodes every SARIF uri (spaces, #, ? and %)', async () => {
    const dir = join(t.dir, 'sarif', 'a b#c%d');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'k?.env'), `K=${S}\n`);
    const out = JSON.parse((await cli(['scan', join(t.dir, 'sarif'), '--format', 'sarif'])).stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uri = out.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri ?? '';
    expect(uri).toBe(pathToFileURL(join(dir, 'k?.env')).href);
    expect(uri).toMatch(/a%20b%23c%25d\/k%3F\.env$/);
    expect(fileURLToPath(uri)).toBe(join(dir, 'k?.env'));
  });

  it('counts lines after a NUL byte in --staged and --git-history', async () => {
    const b = join(t.dir, 'nul');
    mkdirSync(b);
    git(b, 'init', '-q');
    writeFileSync(join(b, 'b.dat'), `a\0b\nK=${S}\n`);
    git(b, 'add', 'b.dat');
    const staged = JSON.parse((await cli(['scan', '--staged', b, '--format', 'json'])).stdout) as Json;
    expect(staged.hits.map((h) => h.line)).toEqual([2]);
    git(b, 'commit', '-qm', 'b');
    const history = JSON.parse((await cli(['scan', '--git-history', b, '--format', 'json'])).stdout) as Json;
    expect(history.hits.filter((h) => h.commit).map((h) => h.line)).toEqual([2]);
  });

  it('scan --write-index with no path only writes the index', async () => {
    const cwd = join(t.dir, 'index-only');
    mkdirSync(cwd);
    writeFileSync(join(cwd, 'k.env'), `K=${S}\n`);
    const r = await spawnCli(['scan', '--write-index'], { vault, cwd }).done;
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/Scanned/);
    expect((await places()).filter((p) => p.startsWith(cwd))).toEqual([]);
  });

  it('scan --locked without an index exits 2 and says how to write one', async () => {
    const other = join(t.dir, 'noindex', 'v.db');
    await initCliVault(other);
    const r = await runCli(['scan', '--locked', join(t.dir, 'noindex')], { vault: other, password: null });
    outputs.push(r.stdout, r.stderr);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no scan index/);
  });

  it('says "1 key" and "1 commit"', async () => {
    const one = join(t.dir, 'one');
    mkdirSync(one);
    git(one, 'init', '-q');
    writeFileSync(join(one, 'a'), 'x\n');
    git(one, 'add', 'a');
    git(one, 'commit', '-qm', 'a');
    const r = await cli(['scan', '--git-history', one]);
    expect(r.stdout).toMatch(/, 1 commit:/);
    const h = await cli(['hook', 'install', '--repo', one]);
    expect(h.stdout + h.stderr).not.toMatch(/\b1 keys\b/);
  });
});
