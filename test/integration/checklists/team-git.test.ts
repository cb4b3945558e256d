// The team folder through a real git repository: a bare remote and two clones in a
// temporary folder, two vaults editing the same run at once, `team sync` on both.
// Both end with every step state; the one step both changed shows both versions.
// Then a canary scan of both clones, including every git object, uncompressed.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { filesUnder, scan } from '../../helpers/canary.js';
import { tempDir } from '../../helpers/temp-vault.js';
import { member, vaultNeedles, type Member } from './support.js';

let dir: { dir: string; cleanup: () => void };
let ana: Member;
let ben: Member;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_TERMINAL_PROMPT: '0' },
  });

beforeEach(async () => {
  dir = tempDir('keyward-team-git-');
  ana = await member(dir.dir, 'Ana');
  ben = await member(dir.dir, 'Ben');
});
afterEach(() => {
  for (const m of [ana, ben]) if (m.session.vault.isUnlocked) m.session.lock();
  dir.cleanup();
});

it('two vaults edit one run concurrently; sync through a bare remote merges every step', async () => {
  const remote = join(dir.dir, 'remote.git');
  mkdirSync(remote);
  git(remote, 'init', '-q', '--bare');
  git(dir.dir, 'clone', '-q', remote, 'ana-clone');
  git(dir.dir, 'clone', '-q', remote, 'ben-clone');
  const [aDir, bDir] = [join(dir.dir, 'ana-clone'), join(dir.dir, 'ben-clone')];
  git(aDir, 'config', 'user.email', 'ana@example.com');
  git(aDir, 'config', 'user.name', 'Ana');

  expect(await ana.session.sharing.init(aDir, 'Ana')).toMatchObject({ isGit: true });
  expect(await ben.session.sharing.init(bDir, 'Ben')).toMatchObject({ isGit: true });
  // Out of band, each confirms the other's fingerprint (from any file they signed).
  ana.session.sharing.trust(ben.session.checklists.exportTemplate('custom').json, 'ben.json');
  ben.session.sharing.trust(ana.session.checklists.exportTemplate('custom').json, 'ana.json');

  const run = ana.session.checklists.start(ana.keyId);
  const first = await ana.session.sharing.sync();
  expect(first).toMatchObject({
    isGit: true,
    pushed: true,
    written: [`checklists/${run.id}.json`, `checklists/${run.id}.md`],
  });
  const bFirst = await ben.session.sharing.sync();
  expect(bFirst.imported).toEqual([
    expect.objectContaining({ id: run.id, isNew: true, signer: expect.objectContaining({ name: 'Ana' }) }),
  ]);
  expect(ben.session.checklists.get(run.id).local.keyId).toBe(ben.keyId);

  // Concurrent edits, neither has synced: Ana ticks 1 and 3, Ben ticks 2 and 4; both change deploy-2 differently.
  ana.session.checklists.tick(run.id, 'create-new', { state: 'done' });
  ana.session.checklists.tick(run.id, 'deploy-1', { state: 'done', note: 'rotated in CI' });
  ana.session.checklists.tick(run.id, 'deploy-2', { state: 'done' });
  ben.clock.set('2026-11-25T09:30:00.000Z');
  ben.session.checklists.tick(run.id, 'store-new', { state: 'done' });
  ben.session.checklists.tick(run.id, 'verify-new', { state: 'doing' });
  ben.session.checklists.tick(run.id, 'deploy-2', { state: 'skipped', reason: 'Vercel project deleted' });

  expect((await ana.session.sharing.sync()).pushed).toBe(true);
  const bSync = await ben.session.sharing.sync(); // the pull conflicts on the run file
  expect(bSync.mergedConflicts).toContain(`checklists/${run.id}.json`);
  expect(bSync.pushed).toBe(true);
  await ana.session.sharing.sync();

  const expected = ['done', 'done', 'done', 'skipped', 'doing', 'todo'];
  for (const [m, folder] of [
    [ana, aDir],
    [ben, bDir],
  ] as const) {
    const steps = m.session.checklists.get(run.id).steps;
    expect(steps.map((s) => s.state)).toEqual(expected);
    expect(steps[2]).toMatchObject({ note: 'rotated in CI', by: { name: 'Ana' } });
    expect(steps[3]).toMatchObject({ reason: 'Vercel project deleted', by: { name: 'Ben' } });
    expect(steps[3]?.conflicts).toEqual([
      expect.objectContaining({ state: 'done', by: expect.objectContaining({ name: 'Ana' }) }),
    ]);
    expect(git(folder, 'status', '--porcelain')).toBe('');
    const md = readFileSync(join(folder, 'checklists', `${run.id}.md`), 'utf8');
    expect(md).toContain('conflict: also marked done (Ana');
  }
  expect(git(aDir, 'rev-parse', 'HEAD')).toBe(git(bDir, 'rev-parse', 'HEAD'));
  expect(git(bDir, 'log', '--merges', '--oneline')).not.toBe(''); // Ben's sync merged, never overwrote

  // A second sync with nothing new changes nothing.
  const quiet = await ana.session.sharing.sync();
  expect(quiet).toMatchObject({ written: [], imported: [], mergedConflicts: [] });

  // Canary: no secret, hint, note or signing key of either vault in any file or git object.
  const needles = [...vaultNeedles(ana.session), ...vaultNeedles(ben.session)];
  const objects = join(dir.dir, 'objects.txt');
  execFileSync('sh', ['-c', `git cat-file --batch-all-objects --batch > "${objects}"`], { cwd: remote });
  expect(readFileSync(objects, 'utf8')).toContain('Billing automations'); // the scan reads real content
  const files = [...filesUnder(aDir), ...filesUnder(bDir), ...filesUnder(remote), objects];
  expect(scan(files, needles)).toEqual([]);
});

it('a teammate file from an untrusted signer is reported, not imported, and nothing else stops', async () => {
  const folder = join(dir.dir, 'drive');
  await ana.session.sharing.init(folder, 'Ana', { create: true });
  await ben.session.sharing.init(folder, 'Ben'); // a synced drive: the same folder, no git
  const run = ana.session.checklists.start(ana.keyId);
  expect(await ana.session.sharing.sync()).toMatchObject({
    isGit: false,
    written: [`checklists/${run.id}.json`, `checklists/${run.id}.md`],
  });
  const report = await ben.session.sharing.sync();
  expect(report.refused).toEqual([
    expect.objectContaining({ file: `checklists/${run.id}.json`, code: 'UNTRUSTED_SIGNER' }),
  ]);
  expect(ben.session.checklists.list()).toEqual([]);
});

it("a teammate's file is never overwritten while their signature cannot be checked yet", async () => {
  const folder = join(dir.dir, 'drive');
  await ana.session.sharing.init(folder, 'Ana', { create: true });
  await ben.session.sharing.init(folder, 'Ben');
  ben.session.sharing.trust(ana.session.checklists.exportTemplate('custom').json, 'ana.json');
  const run = ana.session.checklists.start(ana.keyId);
  await ana.session.sharing.sync();
  await ben.session.sharing.sync(); // Ben trusts Ana: imports the run
  ben.session.checklists.tick(run.id, 'store-new', { state: 'done' });
  await ben.session.sharing.sync(); // the folder's file is now signed by Ben

  // Ana has not trusted Ben yet: her own tick must not replace Ben's file (his step would be lost).
  ana.session.checklists.tick(run.id, 'create-new', { state: 'done' });
  const refused = await ana.session.sharing.sync();
  expect(refused.written).toEqual([]);
  expect(refused.refused).toEqual([expect.objectContaining({ code: 'UNTRUSTED_SIGNER' })]);
  const file = join(folder, 'checklists', `${run.id}.json`);
  expect(JSON.parse(readFileSync(file, 'utf8')).signer.name).toBe('Ben');

  ana.session.sharing.trust(readFileSync(file, 'utf8'), file);
  await ana.session.sharing.sync();
  await ben.session.sharing.sync();
  for (const m of [ana, ben]) {
    const states = Object.fromEntries(m.session.checklists.get(run.id).steps.map((s) => [s.id, s.state]));
    expect(states).toMatchObject({ 'create-new': 'done', 'store-new': 'done' });
  }
});

it('an unreachable remote is told apart from an absent branch, with a non-usage error naming the remote', async () => {
  const folder = join(dir.dir, 'ana-repo');
  mkdirSync(folder);
  git(folder, 'init', '-q');
  const missing = join(dir.dir, 'no-such-remote.git');
  git(folder, 'remote', 'add', 'origin', missing);
  await ana.session.sharing.init(folder, 'Ana');
  ana.session.checklists.start(ana.keyId);
  const failed = await ana.session.sharing.sync().then(
    () => null,
    (e: unknown) => e as { code?: string; message?: string },
  );
  expect(failed?.code).toBe('PLATFORM_UNREACHABLE');
  expect(failed?.message).toContain(`Could not reach the team remote "origin" (${missing})`);
  expect(failed?.message).toMatch(/does not appear to be a git repository/);
  expect(git(folder, 'log', '--oneline')).toContain('Keyward: checklists updated by Ana'); // committed locally

  // The same remote, now existing but empty (no branch yet): the first push creates the branch.
  mkdirSync(missing);
  git(missing, 'init', '-q', '--bare');
  expect(await ana.session.sharing.sync()).toMatchObject({ pushed: true });
});

it('the first git sync lists an untrusted file once, not once per read of the folder', async () => {
  const remote = join(dir.dir, 'remote.git');
  mkdirSync(remote);
  git(remote, 'init', '-q', '--bare');
  git(dir.dir, 'clone', '-q', remote, 'ana-clone');
  await ana.session.sharing.init(join(dir.dir, 'ana-clone'), 'Ana');
  const run = ana.session.checklists.start(ana.keyId);
  await ana.session.sharing.sync();
  git(dir.dir, 'clone', '-q', remote, 'ben-clone'); // Ben joins later: Ana's file is there from the start
  await ben.session.sharing.init(join(dir.dir, 'ben-clone'), 'Ben');
  const report = await ben.session.sharing.sync(); // reads the folder, pulls, reads it again
  expect(report.refused).toEqual([
    expect.objectContaining({ file: `checklists/${run.id}.json`, code: 'UNTRUSTED_SIGNER' }),
  ]);
});

it('team init refuses a folder that does not exist unless asked to create it', async () => {
  const typo = join(dir.dir, 'tem-folder');
  await expect(ana.session.sharing.init(typo, 'Ana')).rejects.toMatchObject({
    code: 'NOT_FOUND',
    message: expect.stringContaining('add --create'),
  });
  expect(existsSync(typo)).toBe(false);
  expect(ana.session.team.folder()).toBeNull();
  expect(await ana.session.sharing.init(typo, 'Ana', { create: true })).toMatchObject({ folder: typo });
  expect(existsSync(join(typo, 'checklists'))).toBe(true);
});
