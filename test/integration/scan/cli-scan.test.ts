// keyward scan and the pre-commit hook with real processes and real git repositories: planted stored
// keys are found in files, staged changes and history; unknown keys reported; findings recorded and
// cleared; the hook refuses a commit while the vault is locked; and no value reaches any output or file.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
  existsSync,
  readdirSync,
} from 'node:fs';
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
const KAI = rand(40); // no documented format: found by keyed hash only
const UNKNOWN = `ghp_${rand(36)}`;
const SECRETS = { KNOUDS, KOGNITOS, KAI, UNKNOWN };
const needles = Object.entries(SECRETS).flatMap(([k, v]) => canaryForms(v, k));

let t: { dir: string; cleanup: () => void };
let vault: string;
const outputs: string[] = [];
const ids: Record<string, string> = {};

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args],
    {
      cwd,
      encoding: 'utf8',
      env: { ...cliChildEnv(), GIT_CONFIG_NOSYSTEM: '1', HOME: t.dir },
    },
  );
}

async function cli(args: string[], opts: { password?: string | null } = {}) {
  const r = await runCli(args, { vault, ...opts });
  outputs.push(r.stdout, r.stderr);
  return r;
}

function newRepo(name: string): string {
  const dir = join(t.dir, name);
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

beforeAll(async () => {
  t = tempDir();
  vault = join(t.dir, 'vault', 'v.db');
  await initCliVault(vault);
  ids.KNOUDS = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot'], KNOUDS);
  ids.KOGNITOS = await addCliKey(vault, ['--platform', 'kognitos', '--name', 'Kognitos CI'], KOGNITOS);
  ids.KAI = await addCliKey(vault, ['--platform', 'kai', '--name', 'KAI ops', '--account', 'inst-1'], KAI);
});
afterAll(() => {
  // SECURITY: no value in any output of any format, nor in any file the commands wrote beside the vault.
  expect(needles.filter((n) => scanText(outputs.join('\n'), [n]).length > 0).map((n) => n.label)).toEqual([]);
  const written = readdirSync(join(t.dir, 'vault')).map((f) => join(t.dir, 'vault', f));
  expect(scan(written, needles)).toEqual([]);
  t.cleanup();
});

describe('keyward scan', () => {
  it('finds every planted stored key in files (glued, long lines) and reports an unknown one, in every format', async () => {
    const repo = newRepo('files');
    writeFileSync(join(repo, '.env'), `KNOUDS_KEY="+${KNOUDS}"\nOTHER=1\n`);
    writeFileSync(join(repo, 'app.js'), `const a = '${'x'.repeat(3000)}' + '.${KOGNITOS}';\n`);
    writeFileSync(join(repo, 'kai.yaml'), `kai:\n  api_key: ${KAI}\n  gh: ${UNKNOWN}\n`);
    const text = await cli(['scan', repo]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(`.env:1: stored key "Deploy bot"`);
    expect(text.stdout).toContain(`app.js:1: stored key "Kognitos CI"`);
    expect(text.stdout).toContain(`kai.yaml:2: stored key "KAI ops"`);
    expect(text.stdout).toMatch(/kai\.yaml:3: unknown key \(GitHub token, platform custom\/github/);
    const json = await cli(['scan', repo, '--format', 'json']);
    const report = JSON.parse(json.stdout) as { hits: { kind: string; keyId?: string; line: number }[]; files: number };
    expect(
      report.hits
        .filter((h) => h.kind === 'stored')
        .map((h) => h.keyId)
        .sort(),
    ).toEqual([ids.KNOUDS, ids.KOGNITOS, ids.KAI].sort());
    expect(report.hits.filter((h) => h.kind === 'unknown')).toHaveLength(1);
    const sarif = await cli(['scan', repo, '--format', 'sarif']);
    expect(sarif.code).toBe(1);
    expect((JSON.parse(sarif.stdout) as { runs: { results: unknown[] }[] }).runs[0]?.results).toHaveLength(4);
    // Every copy removed: a new scan of the folder clears the three findings it recorded.
    for (const f of ['.env', 'app.js', 'kai.yaml']) writeFileSync(join(repo, f), 'clean\n');
    const cleared = await cli(['scan', repo]);
    expect(cleared.code).toBe(0);
    expect(cleared.stdout).toMatch(/cleared 3/);
    const clean = newRepo('clean');
    writeFileSync(join(clean, 'a.txt'), 'nothing here\n');
    expect((await cli(['scan', clean])).code).toBe(0);
    expect((await cli(['scan', join(t.dir, 'missing')])).code).toBe(2);
    expect((await cli(['scan', clean, '--format', 'xml'])).code).toBe(2);
  });

  it('records findings on the key (critical in check), keeps them for skipped files, clears them when gone', async () => {
    const dir = join(t.dir, 'findings');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.env'), `K=${KNOUDS}\n`);
    writeFileSync(join(dir, 'b.env'), `K=${KOGNITOS}\n`);
    expect((await cli(['scan', dir])).code).toBe(1);
    const check = await cli(['check', '--format', 'json']);
    const alerts = (JSON.parse(check.stdout) as { alerts: { rule: string; severity: string; keyId: string }[] }).alerts;
    const plain = alerts.filter((a) => a.rule === 'found-in-plaintext');
    expect(plain.map((a) => [a.keyId, a.severity]).sort()).toEqual(
      [
        [ids.KNOUDS, 'critical'],
        [ids.KOGNITOS, 'critical'],
      ].sort(),
    );
    expect(check.code).toBe(1);
    // b.env becomes binary, still holding the key: it is read and the copy still found there.
    writeFileSync(join(dir, 'b.env'), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from(KOGNITOS)]));
    const binary = await cli(['scan', dir, '--format', 'json']);
    const read = JSON.parse(binary.stdout) as { hits: { keyId?: string; line: number }[]; skipped: unknown[] };
    expect(read.hits.map((h) => `${h.keyId}:${h.line}`).sort()).toEqual(
      [`${ids.KNOUDS}:1`, `${ids.KOGNITOS}:1`].sort(),
    );
    expect(read.skipped).toEqual([]);
    // b.env becomes too large (skipped) and a.env loses the key: only a.env's finding is cleared.
    writeFileSync(join(dir, 'b.env'), `K=${KOGNITOS}\n${'x'.repeat(9 * 1024 * 1024)}`);
    writeFileSync(join(dir, 'a.env'), 'K=rotated\n');
    const again = await cli(['scan', dir]);
    expect(again.stdout).toMatch(/1 skipped: 1 too-large/);
    expect(again.stdout).toMatch(/cleared 1/);
    const after = (
      JSON.parse((await cli(['check', '--format', 'json'])).stdout) as { alerts: { rule: string; keyId: string }[] }
    ).alerts;
    expect(after.filter((a) => a.rule === 'found-in-plaintext').map((a) => a.keyId)).toEqual([ids.KOGNITOS]);
    rmSync(join(dir, 'b.env'));
    writeFileSync(join(dir, 'b.env'), 'clean\n');
    expect((await cli(['scan', dir])).code).toBe(0);
    const none = (JSON.parse((await cli(['check', '--format', 'json'])).stdout) as { alerts: { rule: string }[] })
      .alerts;
    expect(none.filter((a) => a.rule === 'found-in-plaintext')).toEqual([]);
  });

  it('follows a root given as a symlink (and says so) instead of skipping it', async () => {
    const target = join(t.dir, 'linked-target');
    mkdirSync(target);
    writeFileSync(join(target, 'k.txt'), `${KAI}\n`);
    const link = join(t.dir, 'link-root');
    symlinkSync(target, link);
    const r = await cli(['scan', link]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('is a symlink; scanned');
    expect(r.stdout).toContain('stored key "KAI ops"');
    // A symlink inside a tree is skipped, and listed.
    writeFileSync(join(target, 'k.txt'), 'clean\n');
    symlinkSync(join(t.dir, 'findings'), join(target, 'inner'));
    const s = await cli(['scan', target]);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/1 skipped: 1 symlink/);
  });

  it('finds keys in staged changes (reporting how many staged files it read) and in every commit', async () => {
    const repo = newRepo('git');
    writeFileSync(join(repo, 'README.md'), 'hello\n');
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'first');
    writeFileSync(join(repo, 'config.py'), `# settings\n\nTOKEN = "${KNOUDS}"\n`);
    git(repo, 'add', '.');
    git(repo, 'commit', '-q', '-m', 'leak');
    const leak = git(repo, 'rev-parse', 'HEAD').trim();
    writeFileSync(join(repo, 'config.py'), '# settings\n\nTOKEN = os.environ["TOKEN"]\n');
    git(repo, 'commit', '-q', '-am', 'remove');
    // An added line starting with "++ " shows as "+++ ..." in the diff: content, not a path.
    writeFileSync(join(repo, 'notes.md'), `++ b/elsewhere.txt\n${KOGNITOS}\n`);
    writeFileSync(join(repo, 'clean.txt'), 'nothing\n');
    git(repo, 'add', '.');
    const staged = await cli(['scan', '--staged', repo]);
    expect(staged.code).toBe(1);
    expect(staged.stdout).toContain('notes.md:2 (staged): stored key "Kognitos CI"');
    expect(staged.stdout).toContain('Scanned 2 staged files');
    expect(staged.stdout).not.toContain('elsewhere');
    const files = await cli(['scan', repo]);
    expect(files.stdout).not.toContain('config.py');
    const history = await cli(['scan', '--git-history', repo, '--format', 'json']);
    const hits = (
      JSON.parse(history.stdout) as {
        hits: { source: string; path: string; line: number; commit?: string; keyId?: string }[];
      }
    ).hits;
    expect(
      hits.filter((h) => h.source === 'history').map((h) => [h.path.endsWith('config.py'), h.line, h.commit, h.keyId]),
    ).toEqual([[true, 3, leak, ids.KNOUDS]]);
  });

  it('the pre-commit hook refuses a commit holding a stored key while the vault is locked, and allows a clean one', async () => {
    const repo = newRepo('hooked');
    const install = await cli(['hook', 'install', '--repo', repo, '--with-names']);
    expect(install.code).toBe(0);
    const index = `${vault}.scan-index`;
    expect(statSync(index).mode & 0o777).toBe(0o600);
    const again = await cli(['hook', 'install', '--repo', repo]);
    expect(again.stdout).toContain('already installed');
    writeFileSync(join(repo, 'deploy.sh'), `export KEY=${KAI}\n`);
    git(repo, 'add', '.');
    // git runs the hook; no password anywhere in its environment.
    const { KEYWARD_PASSWORD: _none, ...inherited } = cliChildEnv();
    const env = { ...inherited, GIT_CONFIG_NOSYSTEM: '1', HOME: t.dir };
    const blocked = spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@e.com', 'commit', '-m', 'x'], {
      cwd: repo,
      env,
      encoding: 'utf8',
    });
    outputs.push(blocked.stdout, blocked.stderr);
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain('deploy.sh:1 (staged): stored key "KAI ops"');
    expect(git(repo, 'rev-list', '--all')).toBe('');
    writeFileSync(join(repo, 'deploy.sh'), 'export KEY="$(keyward read keyward://KAI-ops)"\n');
    git(repo, 'add', '.');
    const ok = spawnSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@e.com', 'commit', '-q', '-m', 'x'], {
      cwd: repo,
      env,
      encoding: 'utf8',
    });
    outputs.push(ok.stdout, ok.stderr);
    expect(ok.status).toBe(0);
    // The index follows key changes: a key added later is refused by the hook too.
    const later = `knouds_live_${rand(30)}`;
    needles.push(...canaryForms(later, 'later'));
    await addCliKey(vault, ['--platform', 'knouds', '--name', 'Later key'], later);
    writeFileSync(join(repo, 'later.txt'), `${later}\n`);
    git(repo, 'add', '.');
    const locked = await cli(['scan', '--staged', '--locked', repo], { password: null });
    expect(locked.code).toBe(1);
    expect(locked.stdout).toContain('stored key "Later key"');
  });

  it('a repository\u2019s attributes and config cannot hide a key from the hook or the history, nor run a command', async () => {
    const repo = newRepo('attributes');
    expect((await cli(['scan', '--write-index', repo])).code).toBeLessThan(2);
    const pwned = join(t.dir, 'PWNED');
    // What a cloned repository carries (.gitattributes) and what a config may hold: a file marked
    // binary, a textconv filter and an fsmonitor hook that would run a command.
    writeFileSync(join(repo, '.gitattributes'), '*.env -diff\n*.cfg diff=conv\n');
    git(repo, 'config', 'diff.conv.textconv', `sh -c 'touch ${pwned}; echo hidden' --`);
    git(repo, 'add', '.gitattributes');
    git(repo, 'commit', '-q', '-m', 'attributes');
    writeFileSync(join(repo, 'prod.env'), `K=${KNOUDS}\n`);
    writeFileSync(join(repo, 'app.cfg'), `token ${KOGNITOS}\n`);
    writeFileSync(join(repo, 'sp ace.txt'), `KEY=${KAI}\n`);
    git(repo, 'add', '.');
    // Set after the test's own `git add`, which would run it.
    git(repo, 'config', 'core.fsmonitor', `sh -c 'touch ${pwned}' --`);
    const staged = await cli(['scan', '--staged', '--locked', repo], { password: null });
    expect(staged.code, staged.stdout + staged.stderr).toBe(1);
    expect(staged.stdout).toContain('prod.env:1 (staged)');
    expect(staged.stdout).toContain('app.cfg:1 (staged)');
    // Without names in the index the line reads as a sentence, not "stored key a key stored…".
    expect(staged.stdout).not.toContain('stored key a ');
    expect(staged.stdout).toMatch(/prod\.env:1 \(staged\): (a key stored in Keyward|stored key ")/);
    git(repo, '-c', 'core.fsmonitor=false', 'commit', '-q', '-m', 'leak');
    const history = await cli(['scan', '--git-history', repo]);
    expect(history.code).toBe(1);
    expect(history.stdout).toMatch(/prod\.env:1 \(commit [0-9a-f]+\)/);
    expect(history.stdout).toMatch(/app\.cfg:1 \(commit [0-9a-f]+\)/);
    // A path with a space: git ends it with a tab in the diff, which is not part of the name.
    expect(history.stdout).toMatch(/sp ace\.txt:1 \(commit [0-9a-f]+\)/);
    expect(existsSync(pwned), 'no command from the repository ran').toBe(false);
  });

  it('scanning the vault\u2019s own folder passes over the vault and the files Keyward keeps beside it', async () => {
    expect((await cli(['scan', '--write-index', join(t.dir, 'vault')])).code).toBeLessThan(2);
    expect(existsSync(`${vault}.scan-index`)).toBe(true);
    const own = await cli(['scan', '--format', 'json', join(t.dir, 'vault')]);
    expect(own.code, own.stdout + own.stderr).toBe(0);
    const doc = JSON.parse(own.stdout) as { hits: { path: string }[] };
    expect(doc.hits.map((h) => h.path)).toEqual([]);
  });

  it('hook install leaves a foreign hook alone without --force', async () => {
    const repo = newRepo('foreign');
    const hook = join(repo, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\necho mine\n', { mode: 0o755 });
    expect((await cli(['hook', 'install', '--repo', repo])).code).toBe(2);
    expect(readFileSync(hook, 'utf8')).toContain('echo mine');
    expect((await cli(['hook', 'install', '--repo', repo, '--force'])).code).toBe(0);
    expect(existsSync(`${hook}.before-keyward`)).toBe(true);
  });

  it('a locked scan without names says a stored key; --import-unknown stores an unknown key', async () => {
    const dir = join(t.dir, 'imp');
    mkdirSync(dir);
    writeFileSync(join(dir, '.env'), `GITHUB_TOKEN=${UNKNOWN}\n`);
    const imp = await cli(['scan', dir, '--import-unknown']);
    expect(imp.stdout).toContain('imported 1');
    const again = await cli(['scan', dir, '--format', 'json']);
    const hits = (JSON.parse(again.stdout) as { hits: { kind: string; keyName?: string }[] }).hits;
    expect(hits).toEqual([expect.objectContaining({ kind: 'stored', keyName: 'GITHUB_TOKEN' })]);
    await cli(['scan', dir, '--write-index']);
    const idx = JSON.parse(readFileSync(`${vault}.scan-index`, 'utf8')) as { withNames: boolean };
    expect(idx.withNames).toBe(true); // the earlier --with-names choice is kept
  });
});
