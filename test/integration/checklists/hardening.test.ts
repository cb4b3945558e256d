// Findings of a new-user review of checklists and team sharing, each pinned by a test on
// real vaults: terminal escapes in shared text, due dates, short secrets, key rolling,
// git errors and the team folder.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunBody } from '../../../src-main/core/checklists/checklist.types.js';
import { CHECKLIST_CHANNELS } from '../../../src-main/contract/checklists.js';
import { runBodyOf } from '../../../src-main/core/checklists/exporter.js';
import { formatFile, signFile } from '../../../src-main/core/checklists/signed-file.js';
import { sampleKey, tempDir } from '../../helpers/temp-vault.js';
import { codeOf, member, type Member } from './support.js';

let dir: { dir: string; cleanup: () => void };
let ana: Member;
let ben: Member;

beforeEach(async () => {
  dir = tempDir('keyward-checklists-hardening-');
  ana = await member(dir.dir, 'Ana');
  ben = await member(dir.dir, 'Ben');
});
afterEach(() => {
  for (const m of [ana, ben]) if (m.session.vault.isUnlocked) m.session.lock();
  dir.cleanup();
});

/** A file Ana signs over any body and signer name, as a tampered Keyward build could. */
function signedBy(m: Member, body: RunBody, name = 'Ana'): string {
  return formatFile(
    m.session.team.withIdentity((me) => signFile(m.session.vault.sodium, 'run', body, { ...me, name })),
  );
}

const FAKE = 'Ana\u001b[2J\u001b[31m (63bf-0000-fake)\nCompare ok';
const UNSAFE = [
  '\u001b',
  '\u0000',
  '\u0007',
  '\n',
  '\t',
  '\u007f',
  '\u009b',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\u2069',
];

describe('shared text cannot carry terminal escapes or bidi overrides', () => {
  it('the display name refuses every unsafe character', () => {
    for (const c of UNSAFE)
      expect(
        codeOf(() => ana.session.team.setName(`Ana${c}x`)),
        JSON.stringify(c),
      ).toMatch(/^BAD_INPUT: .*control/);
    expect(ana.session.team.me().name).toBe('Ana');
  });

  it('a file whose signer name holds escapes is refused before the trust prompt shows it', () => {
    const run = ana.session.checklists.start(ana.keyId);
    const text = signedBy(ana, runBodyOf(run), FAKE);
    const shown = codeOf(() => ben.session.sharing.inspect(text, 'mal.json'));
    expect(shown).toMatch(/^BAD_INPUT: mal.json is not a Keyward checklist file \(signer.name: must not hold control/);
    expect(shown).not.toContain('\u001b');
    expect(codeOf(() => ben.session.sharing.trust(text, 'mal.json'))).toMatch(/^BAD_INPUT/);
    expect(ben.session.team.trusted()).toEqual([]);
  });

  it("a trusted teammate's run with escapes in a name, title, note, reason, deployment or key name is refused", () => {
    const run = ana.session.checklists.start(ana.keyId);
    ben.session.sharing.trust(ana.session.checklists.exportRun(run.id).json, 'ana.json');
    const body = runBodyOf(run);
    const bad: [string, (b: RunBody) => void][] = [
      ['createdBy.name', (b) => (b.createdBy.name = FAKE)],
      ['title', (b) => (b.title = 'Rotate\u202eevil')],
      ['steps.0.title', (b) => (b.steps[0]!.title = 'a\u009bb')],
      ['steps.0.note', (b) => (b.steps[0]!.note = 'line\u2028two')],
      ['steps.0.reason', (b) => Object.assign(b.steps[0]!, { state: 'skipped', reason: 'x\u0007' })],
      ['steps.0.by.name', (b) => (b.steps[0]!.by = { name: 'x\u2066', fingerprint: 'f' })],
      ['key.deployments.0', (b) => (b.key.deployments[0] = 'CI\u001b]0;title\u0007')],
      ['key.name', (b) => (b.key.name = 'Billing\u007f')],
    ];
    for (const [path, spoil] of bad) {
      const copy = structuredClone(body);
      spoil(copy);
      expect(
        codeOf(() => ben.session.sharing.importText(signedBy(ana, copy), 'ana.json')),
        path,
      ).toMatch(
        new RegExp(
          `^BAD_INPUT: ana.json: the run is malformed at ${path.replace(/\./g, '\\.')} \\(must not hold control`,
        ),
      );
    }
    expect(ben.session.checklists.list()).toEqual([]);
  });

  it('a note or reason typed with an escape is refused when ticking, nothing saved', () => {
    const run = ana.session.checklists.start(ana.keyId);
    expect(codeOf(() => ana.session.checklists.tick(run.id, '1', { state: 'done', note: 'ok\u001b[2J' }))).toMatch(
      /^BAD_INPUT: The note must not hold control/,
    );
    expect(codeOf(() => ana.session.checklists.tick(run.id, '1', { state: 'skipped', reason: 'a\nb' }))).toMatch(
      /^BAD_INPUT: The reason must not hold control/,
    );
    expect(ana.session.checklists.get(run.id).steps[0]?.state).toBe('todo');
  });
});

describe('a due date is a real calendar date wherever it enters', () => {
  it('start refuses an impossible date and keeps a real one', () => {
    for (const due of ['2020-13-45', '2027-02-29', '2027-04-31', '2027-1-5'])
      expect(
        codeOf(() => ana.session.checklists.start(ana.keyId, { dueDate: due })),
        due,
      ).toMatch(/^BAD_INPUT: The due date must be a real calendar date/);
    expect(ana.session.checklists.list()).toEqual([]);
    expect(ana.session.checklists.start(ana.keyId, { dueDate: '2028-02-29' }).dueDate).toBe('2028-02-29');
  });

  it("a teammate's file with an impossible due date is refused", () => {
    const run = ana.session.checklists.start(ana.keyId);
    ben.session.sharing.trust(ana.session.checklists.exportRun(run.id).json, 'ana.json');
    const body = { ...runBodyOf(run), dueDate: '2020-13-45' };
    expect(codeOf(() => ben.session.sharing.importText(signedBy(ana, body), 'ana.json'))).toMatch(
      /^BAD_INPUT: ana.json: the run is malformed at dueDate \(is not a real calendar date/,
    );
  });

  it("the app's start channel refuses it at the boundary", () => {
    const start = CHECKLIST_CHANNELS['checklists.start'];
    expect(start.safeParse({ keyId: 'k', dueDate: '2020-13-45' }).success).toBe(false);
    expect(start.safeParse({ keyId: 'k', dueDate: '2027-02-29' }).success).toBe(false);
    expect(start.safeParse({ keyId: 'k', dueDate: '2028-02-29' }).success).toBe(true);
  });
});

describe('short secrets do not block sharing; a run that leaks is left out, the rest synced', () => {
  it('a 3-character secret or a 2-character hint tail in ordinary words does not block an export or a sync', async () => {
    ana.session.inventory.add(sampleKey({ platform: 'custom', name: 'legacy pw' }), { value: 'key' });
    ana.session.inventory.add(sampleKey({ platform: 'custom', name: 'mid pw' }), { value: 'midsecret-xy' });
    expect(ana.session.inventory.list().keys.find((k) => k.name === 'mid pw')?.hint).toBe('…xy');
    const run = ana.session.checklists.start(ana.keyId);
    ana.session.checklists.tick(run.id, 'create-new', { state: 'done', note: 'the new key …xy is in the vault' });
    expect(ana.session.checklists.exportRun(run.id).json).toContain('key');
    await ana.session.sharing.init(join(dir.dir, 'drive'), 'Ana', { create: true });
    expect(await ana.session.sharing.sync()).toMatchObject({
      notShared: [],
      written: [expect.any(String), expect.any(String)],
    });
    // A secret of eight characters is still looked for.
    ana.session.inventory.add(sampleKey({ platform: 'custom', name: 'eight' }), { value: 'abcdefgh' });
    ana.session.checklists.tick(run.id, 'create-new', { state: 'done', note: 'was abcdefgh' });
    expect(codeOf(() => ana.session.checklists.exportRun(run.id))).toMatch(
      /^BAD_INPUT: .*secret or the hint of key "eight" in step create-new \(note\)/,
    );
  });

  it("sync skips only the run holding a secret, names its run, step and field, and still imports a teammate's run", async () => {
    const folder = join(dir.dir, 'drive');
    await ana.session.sharing.init(folder, 'Ana', { create: true });
    await ben.session.sharing.init(folder, 'Ben');
    ana.session.sharing.trust(ben.session.checklists.exportTemplate('custom').json, 'ben.json');
    const other = ben.session.inventory.list().keys.find((k) => k.name === 'Other key');
    const benRun = ben.session.checklists.start(other!.id);
    await ben.session.sharing.sync();

    const leaking = ana.session.checklists.start(ana.keyId);
    ana.session.checklists.tick(leaking.id, 'deploy-2', { state: 'done', note: `pasted ${ana.secret}` });
    const report = await ana.session.sharing.sync();
    expect(report.notShared).toEqual([
      expect.objectContaining({ runId: leaking.id, step: 'deploy-2', field: 'note', keyName: 'Billing automations' }),
    ]);
    expect(report.notShared[0]?.message).toContain(`Checklist ${leaking.id}`);
    expect(report.notShared[0]?.message).not.toContain(ana.secret);
    expect(report.imported).toEqual([expect.objectContaining({ id: benRun.id, isNew: true })]);
    expect(existsSync(join(folder, 'checklists', `${leaking.id}.json`))).toBe(false);
    expect(ana.session.checklists.get(benRun.id).title).toBe(benRun.title);
  });
});
