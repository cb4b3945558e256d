// keyward scan, as a user meets it after the first release: findings of deleted files and rewritten
// history are cleared, UTF-16 files are read and every skipped file is reported (a named one fails
// the run), disguising file names are printed escaped, and an unknown key keeps its ref between runs
// and is imported under the name the scan showed. Real processes, files and git; no value in any output.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
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
const KNOUDS = `knouds_live_${rand(28)}`;
const KOGNITOS = `kgn_pat_${rand(32)}`;
const UNKNOWN = `ghp_${rand(36)}`;
const needles = Object.entries({ KNOUDS, KOGNITOS, UNKNOWN }).flatMap(([k, v]) => canaryForms(v, k));

let t: { dir: string; cleanup: () => void };
let vault: string;
const outputs: string[] = [];
const ids: Record<string, string> = {};

type Json = {
  hits: { kind: string; path: string; keyId?: string; ref?: string; commit?: string }[];
  skipped: { path: string; reason: string; named?: boolean }[];
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
    { cwd, encoding: 'utf8', env: { ...cliChildEnv(), GIT_CONFIG_NOSYSTEM: '1', HOME: t.dir } },
  );
}

async function cli(args: string[]) {
  const r = await runCli(args, { vault });
  outputs.push(r.stdout, r.stderr);
  return r;
}

async function plaintextAlerts(): Promise<string[]> {
  const check = await cli(['check', '--format', 'json']);
  const alerts = (JSON.parse(check.stdout) as { alerts: { rule: string; keyId: string }[] }).alerts;
  return alerts
    .filter((a) => a.rule === 'found-in-plaintext')
    .map((a) => a.keyId)
    .sort();
}

beforeAll(async () => {
  t = tempDir();
  vault = join(t.dir, 'vault', 'v.db');
  await initCliVault(vault);
  ids.KNOUDS = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot'], KNOUDS);
  ids.KOGNITOS = await addCliKey(vault, ['--platform', 'kognitos', '--name', 'Kognitos CI'], KOGNITOS);
});
afterAll(() => {
  // SECURITY: no value in any output of any format, nor in any file written beside the vault.
  expect(needles.filter((n) => scanText(outputs.join('\n'), [n]).length > 0).map((n) => n.label)).toEqual([]);
  const written = readdirSync(join(t.dir, 'vault')).map((f) => join(t.dir, 'vault', f));
  expect(scan(written, needles)).toEqual([]);
  t.cleanup();
});

describe('keyward scan after review', () => {
  it('clears the finding of a deleted file on a later scan of its folder, and keeps findings outside it', async () => {
    const dir = join(t.dir, 'deleted');
    const other = join(t.dir, 'other');
    mkdirSync(join(dir, 'sub'), { recursive: true });
    mkdirSync(other);
    writeFileSync(join(dir, 'sub', 'a.env'), `K=${KNOUDS}\n`);
    writeFileSync(join(other, 'b.env'), `K=${KOGNITOS}\n`);
    expect((await cli(['scan', dir, other])).code).toBe(1);
    expect(await plaintextAlerts()).toEqual([ids.KNOUDS, ids.KOGNITOS].sort());
    rmSync(join(dir, 'sub'), { recursive: true });
    const again = await cli(['scan', dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/cleared 1/);
    expect(await plaintextAlerts()).toEqual([ids.KOGNITOS]);
    rmSync(join(other, 'b.env'));
    // Scanning a deleted file by name is an error, but scanning its folder clears it.
    expect((await cli(['scan', other])).stdout).toMatch(/cleared 1/);
    expect(await plaintextAlerts()).toEqual([]);
  });

  it('clears a history finding once the history is rewritten without the commit', async () => {
    const repo = join(t.dir, 'rewrite');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(join(repo, 'README.md'), 'hi\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'first');
    writeFileSync(join(repo, 'c.py'), `T = "${KNOUDS}"\n`);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'leak');
    rmSync(join(repo, 'c.py'));
    git(repo, 'commit', '-q', '-am', 'remove');
    expect((await cli(['scan', '--git-history', repo])).code).toBe(1);
    expect(await plaintextAlerts()).toEqual([ids.KNOUDS]);
    git(repo, 'reset', '-q', '--hard', 'HEAD~2');
    git(repo, 'reflog', 'expire', '--expire=now', '--all');
    git(repo, 'gc', '-q', '--prune=now');
    const again = await cli(['scan', '--git-history', repo]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/cleared 1/);
    expect(await plaintextAlerts()).toEqual([]);
  });

  it('reads UTF-16 files with a BOM and reports every file it skips, failing when a named file cannot be read', async () => {
    const dir = join(t.dir, 'encodings');
    mkdirSync(dir);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`K=${KNOUDS}\r\n`, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    writeFileSync(join(dir, 'le.txt'), le);
    writeFileSync(join(dir, 'be.txt'), Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
    const found = await cli(['scan', dir, '--format', 'json']);
    const hits = (JSON.parse(found.stdout) as Json).hits;
    expect(hits.map((h) => [h.path.slice(dir.length + 1), h.keyId]).sort()).toEqual([
      ['be.txt', ids.KNOUDS],
      ['le.txt', ids.KNOUDS],
    ]);
    rmSync(join(dir, 'le.txt'));
    rmSync(join(dir, 'be.txt'));
    writeFileSync(join(dir, 'big.txt'), `K=${KOGNITOS}\n${'x'.repeat(9 * 1024 * 1024)}\n`);
    writeFileSync(join(dir, 'locked.txt'), 'nothing\n');
    chmodSync(join(dir, 'locked.txt'), 0);
    const isRoot = process.getuid?.() === 0;
    const inFolder = await cli(['scan', dir]);
    expect(inFolder.code).toBe(0);
    expect(inFolder.stdout).toMatch(/skipped \S*big\.txt \(too-large\)/);
    if (!isRoot) expect(inFolder.stdout).toMatch(/skipped \S*locked\.txt \(unreadable\)/);
    const json = JSON.parse((await cli(['scan', dir, '--format', 'json'])).stdout) as Json;
    expect(json.skipped.map((s) => [s.path.slice(dir.length + 1), s.reason])).toContainEqual(['big.txt', 'too-large']);
    const named = await cli(['scan', join(dir, 'big.txt')]);
    expect(named.code).toBe(2);
    expect(named.stdout).toMatch(/skipped .*big\.txt \(too-large\)/);
    const sarif = await cli(['scan', join(dir, 'big.txt'), '--format', 'sarif']);
    expect(sarif.code).toBe(2);
    const run = (
      JSON.parse(sarif.stdout) as {
        runs: { invocations: { toolExecutionNotifications: { message: { text: string } }[] }[] }[];
      }
    ).runs[0];
    expect(run?.invocations[0]?.toolExecutionNotifications[0]?.message.text).toMatch(/too-large|too large/);
    chmodSync(join(dir, 'locked.txt'), 0o600);
  });

  it('prints file names with newlines, control characters and RTL overrides escaped; JSON keeps them exact', async () => {
    const dir = join(t.dir, 'names');
    mkdirSync(dir);
    const nasty = 'x\nclean.txt:1: nothing\u202etxt.exe\u001b[2J';
    writeFileSync(join(dir, nasty), `K=${KNOUDS}\n`);
    const text = await cli(['scan', dir]);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain('\u202e');
    expect(text.stdout).not.toContain('\u001b');
    expect(text.stdout).toContain('x\\nclean.txt:1: nothing\\u202etxt.exe\\u001b[2J:1: stored key "Deploy bot"');
    expect(text.stdout.split('\n').filter((l) => l.includes('nothing'))).toHaveLength(1);
    const json = JSON.parse((await cli(['scan', dir, '--format', 'json'])).stdout) as Json;
    expect(json.hits[0]?.path).toBe(join(dir, nasty));
    rmSync(join(dir, nasty));
  });

  it('gives an unknown key the same ref on every run and imports it under the name it showed', async () => {
    const dir = join(t.dir, 'unknown');
    mkdirSync(dir);
    writeFileSync(join(dir, 'gh.env'), `GITHUB_TOKEN=${UNKNOWN}\n`);
    const refs = [];
    for (let i = 0; i < 2; i++) {
      const j = JSON.parse((await cli(['scan', dir, '--format', 'json'])).stdout) as Json;
      refs.push(j.hits.find((h) => h.kind === 'unknown')?.ref);
    }
    expect(refs[0]).toMatch(/^[A-Za-z0-9_-]{8,}$/);
    expect(refs[1]).toBe(refs[0]);
    const text = await cli(['scan', dir]);
    const shownName = /unknown key .*\bimport as "([^"]+)"/.exec(text.stdout)?.[1];
    expect(shownName).toBeDefined();
    const imp = await cli(['scan', dir, '--import-ref', String(refs[0])]);
    expect(imp.stdout).toMatch(/imported 1/);
    const list = JSON.parse((await cli(['list', '--json'])).stdout) as { keys: { name: string }[] };
    expect(list.keys.map((k) => k.name)).toContain(shownName);
  });
});
