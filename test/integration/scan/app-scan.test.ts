// The app's "Scan a folder…" through a real host's dispatch over a real vault: the folder comes from
// the dialog port, the scan runs in the host (files and a real git repository's history), progress is
// polled, results come grouped by key, findings are recorded on the key, cancel and lock stop a scan,
// and no answer carries the planted secrets in any form.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../../src-main/contract/channels.js';
import type { ScanImportOutcome, ScanResult, ScanStatus } from '../../../src-main/contract/scan.js';
import { createCore } from '../../../src-main/core/app/create-core.js';
import { KDF_TEST_COST } from '../../../src-main/core/crypto/kdf.js';
import { systemClock } from '../../../src-main/core/ports/clock.port.js';
import { createHost } from '../../../src-main/host/host.js';
import { canaryForms, scanText } from '../../helpers/canary.js';
import { TEST_PASSWORD, tempDir } from '../../helpers/temp-vault.js';

const rand = (n: number) =>
  Array.from(
    { length: n },
    () => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[Math.floor(Math.random() * 57)],
  ).join('');
const STORED = `knouds_live_${rand(28)}`;
const IN_HISTORY = `kgn_pat_${rand(32)}`;
const UNKNOWN = `ghp_${rand(36)}`;
/** Two values the vault does not hold, for "Import…": a GitHub token in two files, a Knouds key. */
const FOUND_GH = `ghp_${rand(36)}`;
const FOUND_KNOUDS = `knouds_live_${rand(28)}`;
/** A secret with `/` in it, which a path can spell out across its names. */
const SLASHY_PARTS = [rand(3), `${rand(3)}+${rand(3)}=${rand(3)}`, `${rand(3)}+${rand(11)}`];
const SLASHY = SLASHY_PARTS.join('/');
const needles = [
  ...canaryForms(SLASHY, 'slashy'),
  ...canaryForms(FOUND_GH, 'found-gh'),
  ...canaryForms(FOUND_KNOUDS, 'found-knouds'),
  ...canaryForms(STORED, 'stored'),
  ...canaryForms(IN_HISTORY, 'history'),
  ...canaryForms(UNKNOWN, 'unknown'),
];

const t = tempDir('keyward-app-scan-');
const folderAnswers: (string | null)[] = [];
const replies: string[] = [];
const core = createCore({ clock: systemClock, vaultPath: join(t.dir, 'vault', 'v.db'), kdf: KDF_TEST_COST });
const host = createHost({
  core,
  clipboard: { writeSecret: async () => {}, readText: async () => '', clear: () => {} },
  preferences: {
    load: () => ({ theme: 'system', autoLockMinutes: 5, clipboardSeconds: 30, cliAgent: false }),
    save: () => {},
  },
  timers: { setTimeout: () => null, clearTimeout: () => {}, sleep: async () => {} },
  dialogs: {
    saveFile: async () => null,
    openFile: async () => null,
    openFolder: async () => folderAnswers.shift() ?? null,
  },
});

async function call<T>(c: string, input: unknown = {}): Promise<Envelope<T>> {
  const reply = (await host.dispatch(c, input)) as Envelope<T>;
  replies.push(JSON.stringify(reply));
  return reply;
}
async function value<T>(c: string, input: unknown = {}): Promise<T> {
  const r = await call<T>(c, input);
  if (!r.ok) throw new Error(`${c}: ${r.error.code} ${r.error.message}`);
  return r.value;
}
async function finished(): Promise<ScanStatus> {
  const seen: ScanStatus[] = [];
  for (let i = 0; i < 2000; i++) {
    const s = await value<ScanStatus>('scan.status');
    seen.push(s);
    if (s.phase !== 'running') return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the scan did not finish');
}
function git(cwd: string, ...args: string[]) {
  execFileSync('git', ['-c', 'user.name=T', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: t.dir, GIT_CONFIG_NOSYSTEM: '1' },
  });
}

let repo: string;
const ids: Record<string, string> = {};
beforeAll(async () => {
  await value('vault.create', { password: TEST_PASSWORD });
  const add = async (platform: string, name: string, secret: string) =>
    (await value<{ id: string }>('keys.add', { fields: { platform, name }, secret: { value: secret } })).id;
  ids.stored = await add('knouds', 'Deploy bot', STORED);
  ids.history = await add('kognitos', 'Kognitos CI', IN_HISTORY);
  repo = join(t.dir, 'project');
  mkdirSync(join(repo, 'config'), { recursive: true });
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'config', 'ci.env'), `# ci\nKOGNITOS_TOKEN=${IN_HISTORY}\n`);
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'ci');
  rmSync(join(repo, 'config', 'ci.env'));
  writeFileSync(join(repo, 'README.md'), 'nothing here\n');
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'remove the token');
  writeFileSync(join(repo, '.env'), `A=1\nDEPLOY_KEY=${STORED}\n`);
  writeFileSync(join(repo, 'notes.txt'), `old: ${STORED}\ngithub: GITHUB_TOKEN=${UNKNOWN}\n`);
});
afterAll(async () => {
  await host.lock();
  t.cleanup();
});

describe('Scan a folder… in the host', () => {
  it('answers cancelled when the dialog is cancelled, and VAULT_LOCKED is checked before any dialog', async () => {
    expect(await value('host.scanFolder', {})).toEqual({ status: 'cancelled' });
    expect((await value<ScanStatus>('scan.status')).phase).toBe('idle');
  });

  it('scans files and history in the host, grouped by key, and records the findings on each key', async () => {
    folderAnswers.push(repo);
    const started = await value<{ status: string; scan: ScanStatus }>('host.scanFolder', { gitHistory: true });
    expect(started).toMatchObject({ status: 'started', scan: { phase: 'running', folder: repo, gitHistory: true } });
    const done = await finished();
    expect(done.phase).toBe('done');
    const r = done.result!;
    expect(r.files).toBe(3);
    expect(r.commits).toBe(2);
    const byName = Object.fromEntries(r.keys.map((k) => [k.keyName, k]));
    expect(Object.keys(byName).sort()).toEqual(['Deploy bot', 'Kognitos CI']);
    expect(byName['Deploy bot']).toMatchObject({ keyId: ids.stored, platform: 'knouds' });
    expect(byName['Deploy bot']!.places.map((p) => `${p.path.slice(repo.length + 1)}:${p.line}`).sort()).toEqual([
      '.env:2',
      'notes.txt:1',
    ]);
    const history = byName['Kognitos CI']!.places;
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ source: 'history', path: join(repo, 'config', 'ci.env'), line: 2 });
    expect(history[0]!.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(r.unknown).toEqual([
      expect.objectContaining({
        label: 'GitHub token',
        service: 'github',
        places: [expect.objectContaining({ path: join(repo, 'notes.txt'), line: 2 })],
      }),
    ]);
    expect(r.recorded).toBe(3);
    const { findings } = await value<{ findings: { path: string; line: number }[] }>('scan.findings', {
      keyId: ids.stored,
    });
    expect(findings.map((f) => `${f.path}:${f.line}`).sort()).toEqual([
      join(repo, '.env:2'),
      join(repo, 'notes.txt:1'),
    ]);
    // The act-now alert the CLI's check raises is in the app's alerts too.
    const attention = await value<{ byKey?: unknown }>('alerts.list');
    expect(JSON.stringify(attention)).toContain('plaintext');
  });

  it('a later scan that no longer finds a copy clears its finding', async () => {
    writeFileSync(join(repo, 'notes.txt'), 'cleaned\n');
    folderAnswers.push(repo);
    await value('host.scanFolder', {});
    const done = await finished();
    expect(done.result).toMatchObject({ cleared: 1 });
    const { findings } = await value<{ findings: { path: string }[] }>('scan.findings', { keyId: ids.stored });
    expect(findings.map((f) => f.path)).toEqual([join(repo, '.env')]);
  });

  it('cancel stops a scan of a large tree well before its end', async () => {
    const big = join(t.dir, 'big');
    for (let d = 0; d < 40; d++) {
      mkdirSync(join(big, `d${d}`), { recursive: true });
      for (let f = 0; f < 100; f++) writeFileSync(join(big, `d${d}`, `f${f}.txt`), `line ${f}\n`.repeat(200));
    }
    folderAnswers.push(big);
    await value('host.scanFolder', {});
    let s = await value<ScanStatus>('scan.status');
    for (let i = 0; i < 500 && s.files === 0; i++) {
      await new Promise((r) => setTimeout(r, 5));
      s = await value<ScanStatus>('scan.status');
    }
    expect(s.phase).toBe('running');
    const cancelled = await value<ScanStatus>('scan.cancel');
    expect(cancelled.phase).toBe('cancelled');
    await core.session().scans.settled();
    const after = await value<ScanStatus>('scan.status');
    expect(after.phase).toBe('cancelled');
    expect(after.result).toBeNull();
    expect(after.files).toBeLessThan(4000);
  });

  it('locking stops a running scan and forgets its result', async () => {
    folderAnswers.push(join(t.dir, 'big'));
    await value('host.scanFolder', {});
    const scans = core.session().scans;
    await value('vault.lock');
    await scans.settled();
    expect((await call('scan.status')).ok).toBe(false);
    expect(await call('host.scanFolder', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } });
    await value('vault.unlock', { password: TEST_PASSWORD });
    expect((await value<ScanStatus>('scan.status')).phase).toBe('idle');
  });

  it('a folder outside any repository with history asked fails with a reason, not a value', async () => {
    folderAnswers.push(join(t.dir, 'big', 'd0'));
    await value('host.scanFolder', { gitHistory: true });
    const s = await finished();
    expect(s.phase).toBe('failed');
    expect(s.problem).toMatch(/not in a git repository/);
  });

  it('a folder named after a stored key, glued to letters, outside any repository: the reason withholds the key', async () => {
    const named = join(t.dir, `x${STORED}y`);
    mkdirSync(named);
    folderAnswers.push(named);
    await value('host.scanFolder', { gitHistory: true });
    const s = await finished();
    expect(s.phase).toBe('failed');
    expect(s.problem).toBe(
      `${join(t.dir, 'x[secret of "Deploy bot"]y')} is not in a git repository: scan it without its history.`,
    );
  });

  describe('Import… an unknown key', () => {
    let found: string;
    type Unknown = ScanResult['unknown'][number];
    type Imported = { outcomes: ScanImportOutcome[]; scan: ScanStatus };
    const scanFound = async (): Promise<ScanResult> => {
      folderAnswers.push(found);
      await value('host.scanFolder', {});
      const done = await finished();
      expect(done.phase).toBe('done');
      return done.result!;
    };
    const byImportName = (r: ScanResult) =>
      Object.fromEntries(r.unknown.map((u) => [u.importName, u])) as Record<string, Unknown>;

    beforeAll(() => {
      found = join(t.dir, 'found');
      mkdirSync(join(found, 'deploy'), { recursive: true });
      writeFileSync(join(found, '.env'), `A=1\nGITHUB_TOKEN=${FOUND_GH}\nKNOUDS_KEY=${FOUND_KNOUDS}\n`);
      writeFileSync(join(found, 'deploy', 'app.yml'), `env:\n  x: 1\n  token: ${FOUND_GH}\n`);
    });

    it('lists each unknown key with an opaque id and the name the CLI would store it under', async () => {
      const r = await scanFound();
      const u = byImportName(r);
      expect(Object.keys(u).sort()).toEqual(['GITHUB_TOKEN', 'KNOUDS_KEY']);
      expect(u.KNOUDS_KEY).toMatchObject({ platform: 'knouds' });
      expect(u.GITHUB_TOKEN).toMatchObject({ platform: 'custom', service: 'github' });
      expect(u.GITHUB_TOKEN!.places).toHaveLength(2);
      for (const g of r.unknown) expect(g.id).toMatch(/^[A-Za-z0-9_-]{12}$/);
      // The id is drawn for each result: it says nothing of the value.
      const again = await scanFound();
      expect(byImportName(again).GITHUB_TOKEN!.id).not.toBe(u.GITHUB_TOKEN!.id);
    });

    it('stores it under the name and fields the user confirmed, with every place it was found as findings', async () => {
      const r = await scanFound();
      const gh = byImportName(r).GITHUB_TOKEN!;
      const before = (await value<{ keys: unknown[] }>('keys.list', {})).keys.length;
      const item = { id: gh.id, name: 'GitHub deploy token', platform: 'custom', owner: 'Ana', environment: 'prod' };
      const res = await value<Imported>('scan.importUnknown', { items: [item] });
      expect(res.outcomes).toEqual([
        { id: gh.id, outcome: 'imported', keyId: expect.any(String), keyName: 'GitHub deploy token' },
      ]);
      const keyId = (res.outcomes[0] as { keyId: string }).keyId;
      expect(res.scan.result!.unknown.find((g) => g.id === gh.id)!.imported).toEqual({
        keyId,
        keyName: 'GitHub deploy token',
      });
      // The status main answers next says so too (the dialog reopened, polled again).
      const status = await value<ScanStatus>('scan.status');
      expect(status.result!.unknown.find((g) => g.id === gh.id)!.imported?.keyId).toBe(keyId);

      const key = await value<{
        name: string;
        platform: string;
        owner: string;
        environment: string;
        account: string;
        notes: string;
        extra: Record<string, string>;
        history: { action: string }[];
      }>('keys.get', { id: keyId });
      expect(key).toMatchObject({ platform: 'custom', owner: 'Ana', environment: 'prod', account: '' });
      expect(key.extra).toEqual({ service: 'github' });
      expect(key.notes).toBe(`Imported by the app’s folder scan from ${join(found, '.env')}:2.`);
      expect(key.history.map((h) => h.action)).toEqual(['created']);

      // Found in plaintext at both places, first and last seen when the scan saw them, as a scan records them.
      const { findings } = await value<{
        findings: { path: string; line: number; firstSeen: string; lastSeen: string }[];
      }>('scan.findings', { keyId });
      expect(findings.map((f) => `${f.path}:${f.line}`).sort()).toEqual([
        join(found, '.env:2'),
        join(found, 'deploy', 'app.yml:3'),
      ]);
      for (const f of findings) {
        expect(f.lastSeen).toBe(f.firstSeen);
        expect(f.firstSeen >= status.startedAt! && f.firstSeen <= status.finishedAt!).toBe(true);
      }
      const alerts = await value<{ alerts: { keyId: string; rule: string }[] }>('alerts.list');
      expect(JSON.stringify(alerts)).toMatch(new RegExp(`${keyId}[^}]*plaintext|plaintext[^}]*${keyId}`));

      // A second click stores nothing more and answers the same key.
      const twice = await value<Imported>('scan.importUnknown', { items: [item] });
      expect(twice.outcomes).toEqual(res.outcomes);
      expect((await value<{ keys: unknown[] }>('keys.list', {})).keys).toHaveLength(before + 1);

      // The value stored is the one in the files: the next scan finds it as that stored key, in both places.
      const next = await scanFound();
      const stored = next.keys.find((k) => k.keyId === keyId);
      expect(stored?.places).toHaveLength(2);
      expect(next.unknown.map((u) => u.importName)).toEqual(['KNOUDS_KEY']);
    });

    it('a secret stored meanwhile is not stored twice: the outcome names the key that holds it', async () => {
      const r = await scanFound();
      const kn = byImportName(r).KNOUDS_KEY!;
      await value('keys.add', {
        fields: { platform: 'knouds', name: 'Knouds added by hand' },
        secret: { value: FOUND_KNOUDS },
      });
      const before = (await value<{ keys: unknown[] }>('keys.list', {})).keys.length;
      const res = await value<Imported>('scan.importUnknown', {
        items: [{ id: kn.id, name: 'KNOUDS_KEY', platform: 'knouds' }],
      });
      expect(res.outcomes).toEqual([
        { id: kn.id, outcome: 'duplicate', holder: expect.objectContaining({ name: 'Knouds added by hand' }) },
      ]);
      expect(res.scan.result!.unknown[0]!.heldBy).toMatchObject({ name: 'Knouds added by hand' });
      expect((await value<{ keys: unknown[] }>('keys.list', {})).keys).toHaveLength(before);
    });

    it('refuses, storing nothing, an id of a forgotten result: another scan, a lock; and while locked', async () => {
      writeFileSync(join(found, 'more.env'), `OTHER_TOKEN=${UNKNOWN}\n`);
      const r = await scanFound();
      const other = byImportName(r).OTHER_TOKEN!;
      const item = { id: other.id, name: 'OTHER_TOKEN', platform: 'custom' };
      const count = async () => (await value<{ keys: unknown[] }>('keys.list', {})).keys.length;
      const before = await count();
      const bogus = await call('scan.importUnknown', { items: [item, { ...item, id: 'not-an-id' }] });
      expect(bogus).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', subject: 'scan-result' } });
      await scanFound(); // a new result: the old ids are gone
      expect(await call('scan.importUnknown', { items: [item] })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND', subject: 'scan-result' },
      });
      const fresh = byImportName((await value<ScanStatus>('scan.status')).result!).OTHER_TOKEN!;
      await value('vault.lock');
      expect(await call('scan.importUnknown', { items: [{ ...item, id: fresh.id }] })).toMatchObject({
        ok: false,
        error: { code: 'VAULT_LOCKED' },
      });
      await value('vault.unlock', { password: TEST_PASSWORD });
      expect(await call('scan.importUnknown', { items: [{ ...item, id: fresh.id }] })).toMatchObject({
        ok: false,
        error: { code: 'NOT_FOUND' },
      });
      expect(await count()).toBe(before);
      // A name the inventory refuses is refused at the boundary, by field.
      expect(await call('scan.importUnknown', { items: [{ ...item, name: 'bad\u001b[2Jname' }] })).toMatchObject({
        ok: false,
        error: { code: 'BAD_INPUT' },
      });
    });
  });

  it('a folder and a file named after a stored key are shown with its placeholder', async () => {
    const leak = join(t.dir, STORED);
    mkdirSync(leak);
    writeFileSync(join(leak, `${STORED}.txt`), `x=${STORED}\n`);
    folderAnswers.push(leak);
    const started = await value<{ scan: ScanStatus }>('host.scanFolder', {});
    expect(started.scan.folder).toBe(join(t.dir, '[secret of "Deploy bot"]'));
    const done = await finished();
    const places = done.result!.keys.flatMap((k) => k.places.map((p) => `${p.path}:${p.line}`));
    // The copy in the file, and the folder and the file named after the key (line 0: in the name).
    const folder = join(t.dir, '[secret of "Deploy bot"]');
    const file = join(folder, '[secret of "Deploy bot"].txt');
    expect(places.sort()).toEqual([`${folder}:0`, `${file}:1`, `${file}:0`].sort());
    const findings = await value<unknown>('scan.findings', { keyId: ids.stored });
    expect(JSON.stringify(findings)).toContain('[secret of \\"Deploy bot\\"].txt');
  });

  it('a secret holding / spelt out by a path across its names is withheld whole, as a name finding', async () => {
    const { id } = await value<{ id: string }>('keys.add', {
      fields: { platform: 'custom', name: 'Custom slashy' },
      secret: { value: SLASHY },
    });
    const root = join(t.dir, 't7');
    mkdirSync(join(root, ...SLASHY_PARTS.slice(0, 2)), { recursive: true });
    writeFileSync(join(root, ...SLASHY_PARTS), 'TOKEN=x\n');
    folderAnswers.push(root);
    await value('host.scanFolder', {});
    const done = await finished();
    const group = done.result!.keys.find((k) => k.keyId === id);
    expect(group?.places.map((p) => `${p.path}:${p.line}`)).toEqual([`${join(root, '[secret of "Custom slashy"]')}:0`]);
    const findings = await value<unknown>('scan.findings', { keyId: id });
    expect(JSON.stringify(findings)).toContain('t7/[secret of \\"Custom slashy\\"]');
  });

  it('no answer carried any planted secret, in any form', () => {
    expect(scanText(replies.join('\n'), needles)).toEqual([]);
  });
});
