// keyward scan finds keys where they hide and never prints them: a stored key glued to letters in a
// file or folder name (and an unknown key-shaped value there) is withheld in every format and error;
// percent-encoded copies are found; a file with NUL bytes is read by a folder scan as by --staged;
// a file or folder named after a stored key is itself a finding. Real processes, files and git.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
const KAI = rand(40); // no documented format: found by keyed hash only
const KNOUDS = `knouds_live_${rand(28)}`;
const UNKNOWN = `ghp_${rand(36)}`;
/** A secret made of words: no key-shaped word, so only the vault knows it is one. */
const WORDY = `correct-horse-battery-staple-${rand(4).toLowerCase()}`;
const needles = [
  ...canaryForms(KAI, 'KAI'),
  ...canaryForms(KNOUDS, 'KNOUDS'),
  ...canaryForms(UNKNOWN, 'UNKNOWN'),
  ...canaryForms(WORDY, 'WORDY'),
];

let t: { dir: string; cleanup: () => void };
let vault: string;
const ids: Record<string, string> = {};
const outputs: string[] = [];

type Hit = {
  kind: string;
  path: string;
  line: number;
  inName?: string;
  keyId?: string;
  keyName?: string;
  commit?: string;
};
type Json = { hits: Hit[]; skipped: { path: string; reason: string }[] };

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

const json = async (args: string[]) => JSON.parse((await cli([...args, '--format', 'json'])).stdout) as Json;
const stored = (j: Json) => j.hits.filter((h) => h.kind === 'stored').map((h) => `${h.keyName}:${h.line}`);

/** Every format of one scan, collected for the canary search of afterAll. */
async function everyFormat(args: string[]) {
  const text = await cli(args);
  const j = await cli([...args, '--format', 'json']);
  const sarif = await cli([...args, '--format', 'sarif']);
  return { text, json: JSON.parse(j.stdout) as Json, sarif: JSON.parse(sarif.stdout) as unknown };
}

beforeAll(async () => {
  t = tempDir();
  vault = join(t.dir, 'vault', 'v.db');
  await initCliVault(vault);
  ids.KAI = await addCliKey(vault, ['--platform', 'kai', '--name', 'KAI ops', '--account', 'inst-1'], KAI);
  ids.KNOUDS = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot'], KNOUDS);
  ids.WORDY = await addCliKey(vault, ['--platform', 'kai', '--name', 'Wordy', '--account', 'inst-2'], WORDY);
});
afterAll(() => {
  // SECURITY: no value in any output of any format, nor in any file the commands wrote beside the vault.
  expect(needles.filter((n) => scanText(outputs.join('\n'), [n]).length > 0).map((n) => n.label)).toEqual([]);
  const written = readdirSync(join(t.dir, 'vault')).map((f) => join(t.dir, 'vault', f));
  expect(scan(written, needles)).toEqual([]);
  t.cleanup();
});

describe('a key glued to letters in a file or folder name', () => {
  it('is withheld in text, JSON and SARIF, in hits and skipped files, and in errors', async () => {
    const root = join(t.dir, 'glued');
    const folder = join(root, `x${KAI}y`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `notes${KNOUDS}more.txt`), `k=${KAI}\n`);
    writeFileSync(join(root, `a${UNKNOWN}.b.txt`), `k=${KNOUDS}\n`);
    writeFileSync(join(root, `too${KAI}large.env`), 'x'.repeat(9 * 1024 * 1024));
    const r = await everyFormat(['scan', root]);
    expect(r.text.code).toBe(1);
    expect(r.text.stdout).toContain('[secret of "KAI ops"]');
    expect(r.text.stdout).toContain('[secret of "Deploy bot"]');
    const paths = r.json.hits.filter((h) => h.line > 0).map((h) => h.path);
    expect(paths).toContain(join(root, 'x[secret of "KAI ops"]y', 'notes[secret of "Deploy bot"]more.txt'));
    expect(paths).toContain(join(root, 'a[a key-shaped value].b.txt'));
    expect(r.json.skipped.map((s) => s.path)).toEqual([join(root, 'too[secret of "KAI ops"]large.env')]);
    // A root named after a key that is no repository: the error names the folder without the key.
    const err = await cli(['scan', '--git-history', folder]);
    expect(err.code).toBe(2);
    expect(err.stderr).toContain('[secret of "KAI ops"]');
    const missing = await cli(['scan', join(root, `gone${KAI}`)]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[secret of "KAI ops"]');
    // The findings recorded on the keys, shown by show and check, hold the placeholder too.
    await cli(['show', ids.KAI as string]);
    await cli(['check']);
    await cli(['check', '--format', 'json']);
  });

  it('is withheld in the name an unknown key found in that file would be imported under', async () => {
    const root = join(t.dir, 'import-name');
    mkdirSync(root);
    writeFileSync(join(root, `notes-${WORDY}.env`), `${UNKNOWN}\n`);
    const r = await everyFormat(['scan', root]);
    expect(r.text.code).toBe(1);
    expect(r.text.stdout).toContain('import as "Found in notes-[secret of "Wordy"].env:1"');
    expect(r.json.hits.map((h) => (h as { importName?: string }).importName)).toContain(
      'Found in notes-[secret of "Wordy"].env:1',
    );
  });
});

describe('a percent-encoded copy', () => {
  it('is found in files, staged changes and history, on its own line, with no false match', async () => {
    const repo = join(t.dir, 'encoded');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
    writeFileSync(
      join(repo, 'calls.log'),
      [
        `GET /cb?next=%2Fhome%0A%0Aline%0Atwo&token%3D${KAI}%26x=1`,
        'nothing here %41%42%43',
        `body=%7B%22key%22%3A%22${KNOUDS}%22%7D`,
        `https://h/?k=${hex(KAI[0] as string)}${hex(KAI[1] as string)}${KAI.slice(2)}&v=2`,
        `near=%41${KAI}%42`,
        `u=https%3A%2F%2Fh%2F%3Fapi_key%3D${UNKNOWN}%26a%3D1`,
        '',
      ].join('\n'),
    );
    const files = await everyFormat(['scan', repo]);
    expect(files.text.code).toBe(1);
    expect(stored(files.json)).toEqual(['KAI ops:1', 'Deploy bot:3', 'KAI ops:4']);
    expect(files.json.hits.filter((h) => h.kind === 'unknown').map((h) => h.line)).toEqual([6]);
    git(repo, 'add', '.');
    expect(stored(await json(['scan', '--staged', repo]))).toEqual(['KAI ops:1', 'Deploy bot:3', 'KAI ops:4']);
    git(repo, 'commit', '-qm', 'log');
    const history = await json(['scan', '--git-history', repo]);
    expect(history.hits.filter((h) => h.kind === 'stored' && h.commit).map((h) => h.line)).toEqual([1, 3, 4]);
  });
});

describe('a file holding NUL bytes', () => {
  it('is read by a folder scan as by --staged: a binary, UTF-16 without a BOM, a stray NUL', async () => {
    const repo = join(t.dir, 'nul');
    mkdirSync(repo);
    git(repo, 'init', '-q', '-b', 'main');
    const noise = Buffer.from([0, 1, 2, 0xff, 0, 0x7f, 0x80, 0, 0x0d]);
    const files: Record<string, Buffer> = {
      'app.bin': Buffer.concat([noise, Buffer.from('\n'), noise, Buffer.from(`\n\0\u0001${KAI}\0\u0002`), noise]),
      'le.txt': Buffer.from(`title=notes\r\nkey=${KNOUDS}\r\nend\r\n`, 'utf16le'),
      'be.txt': Buffer.from(`first\nkey=${KAI}\n`, 'utf16le').swap16(),
      'stray.env': Buffer.from(`a\0b\nK=${KNOUDS}\n`),
      'late.env': Buffer.concat([Buffer.from('x'.repeat(9000) + '\n'), Buffer.from(`a\0K=${KAI}\n`)]),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(repo, name), bytes);
    const place = (j: Json) =>
      j.hits
        .filter((h) => h.kind === 'stored')
        .map((h) => `${h.path.slice(repo.length + 1)}:${h.line}:${h.keyName}`)
        .sort();
    const expected = [
      'app.bin:3:KAI ops',
      'be.txt:2:KAI ops',
      'late.env:2:KAI ops',
      'le.txt:2:Deploy bot',
      'stray.env:2:Deploy bot',
    ];
    const folder = await everyFormat(['scan', repo]);
    expect(folder.text.code).toBe(1);
    expect(place(folder.json)).toEqual(expected);
    expect(folder.json.skipped).toEqual([]);
    git(repo, 'add', '.');
    expect(place(await json(['scan', '--staged', repo]))).toEqual(expected);
    git(repo, 'commit', '-qm', 'nul');
    const history = await json(['scan', '--git-history', repo]);
    expect(place({ ...history, hits: history.hits.filter((h) => h.commit) })).toEqual(expected);
  });
});

type Sarif = {
  runs: {
    results: {
      ruleId: string;
      message: { text: string };
      locations: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[];
    }[];
  }[];
};
type Finding = { path: string; line: number };
const findings = async (id: string) =>
  (JSON.parse((await cli(['show', id, '--json'])).stdout) as { findings: Finding[] }).findings;

describe('a file or folder named after a stored key', () => {
  it('is a finding in every format, recorded on the key, and cleared once the name is gone', async () => {
    const root = join(t.dir, 'named');
    mkdirSync(join(root, `sub${KNOUDS}`), { recursive: true });
    writeFileSync(join(root, `sub${KNOUDS}`, 'clean.txt'), 'nothing\n');
    writeFileSync(join(root, KAI), 'nothing\n');
    writeFileSync(join(root, `both.${KNOUDS}.env`), `a=1\nK=${KNOUDS}\n`);
    writeFileSync(join(root, 'plain.txt'), 'nothing\n');
    const r = await everyFormat(['scan', root]);
    expect(r.text.code).toBe(1);
    const kai = '[secret of "KAI ops"]';
    const bot = '[secret of "Deploy bot"]';
    expect(
      r.json.hits.map((h) => `${h.path.slice(root.length + 1)}:${h.line}:${h.inName ?? ''}:${h.keyName}`).sort(),
    ).toEqual(
      [
        `${kai}:0:file:KAI ops`,
        `both.${bot}.env:2::Deploy bot`,
        `both.${bot}.env:0:file:Deploy bot`,
        `sub${bot}:0:folder:Deploy bot`,
      ].sort(),
    );
    expect(r.text.stdout).toContain(`${kai} (in the file name): stored key "KAI ops"`);
    expect(r.text.stdout).toContain(`sub${bot} (in the folder name): stored key "Deploy bot"`);
    // SARIF stays valid: a place without a line has no region (lines start at 1).
    const results = (r.sarif as Sarif).runs[0]?.results ?? [];
    expect(results).toHaveLength(4);
    for (const x of results) {
      const loc = x.locations[0]?.physicalLocation;
      expect(x.ruleId).toBe('stored-key-in-plaintext');
      if (x.message.text.includes('name)')) expect(loc?.region).toBeUndefined();
      else expect(loc?.region?.startLine).toBe(2);
    }
    // Recorded on each key, shown by show and raised by check.
    expect((await findings(ids.KAI as string)).filter((f) => f.path.startsWith(root))).toEqual([
      expect.objectContaining({ path: join(root, kai), line: 0 }),
    ]);
    expect((await cli(['show', ids.KAI as string])).stdout).toContain(`${join(root, kai)} (in the name)`);
    const check = JSON.parse((await cli(['check', '--format', 'json'])).stdout) as {
      alerts: { rule: string; keyId: string }[];
    };
    expect(check.alerts.filter((a) => a.rule === 'found-in-plaintext').map((a) => a.keyId)).toContain(ids.KAI);
    // The file removed and the folder renamed: their findings are cleared; the other file's stays, with its line.
    rmSync(join(root, KAI));
    renameSync(join(root, `sub${KNOUDS}`), join(root, 'sub'));
    const after = await json(['scan', root]);
    expect(after.hits.map((h) => `${h.line}:${h.keyName}`)).toEqual(['2:Deploy bot', '0:Deploy bot']);
    expect((await findings(ids.KAI as string)).filter((f) => f.path.startsWith(root))).toEqual([]);
    expect((await findings(ids.KNOUDS as string)).filter((f) => f.path.startsWith(root))).toEqual([
      expect.objectContaining({ path: join(root, `both.${bot}.env`), line: 2 }),
    ]);
  });

  it('is refused by the pre-commit hook while the vault is locked, and found in history', async () => {
    const repo = join(t.dir, 'named-repo');
    mkdirSync(join(repo, 'conf'), { recursive: true });
    git(repo, 'init', '-q', '-b', 'main');
    expect((await cli(['hook', 'install', '--repo', repo, '--with-names'])).code).toBe(0);
    writeFileSync(join(repo, 'conf', `${KAI}.pem`), 'nothing\n');
    git(repo, 'add', '.');
    const staged = await json(['scan', '--staged', repo]);
    expect(staged.hits.map((h) => `${h.path.slice(repo.length + 1)}:${h.line}:${h.inName}`)).toEqual([
      'conf/[secret of "KAI ops"].pem:0:file',
    ]);
    const { KEYWARD_PASSWORD: _none, ...inherited } = cliChildEnv();
    const env = { ...inherited, GIT_CONFIG_NOSYSTEM: '1', HOME: t.dir };
    const commit = (msg: string) =>
      spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@e.com', 'commit', '-q', '-m', msg], {
        cwd: repo,
        env,
        encoding: 'utf8',
      });
    const blocked = commit('x');
    outputs.push(blocked.stdout, blocked.stderr);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain(
      'conf/[secret of "KAI ops"].pem (in the file name) (staged): stored key "KAI ops"',
    );
    expect(git(repo, 'rev-list', '--all')).toBe('');
    const ok = spawnSync(
      'git',
      ['-c', 'user.name=T', '-c', 'user.email=t@e.com', 'commit', '-q', '--no-verify', '-m', 'x'],
      {
        cwd: repo,
        env,
        encoding: 'utf8',
      },
    );
    expect(ok.status).toBe(0);
    const history = await json(['scan', '--git-history', repo]);
    expect(history.hits.filter((h) => h.commit).map((h) => `${h.path.slice(repo.length + 1)}:${h.line}`)).toEqual([
      'conf/[secret of "KAI ops"].pem:0',
    ]);
  });
});
