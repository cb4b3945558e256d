// Rotation checklists on real vaults: a run from start to finish (dates rolled, history,
// alerts), signed export -> import on a second vault (tampered, swapped key, untrusted
// signer refused), step conflicts shown, and a canary scan of every exported file.
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesUnder, newCanary, scan } from '../../helpers/canary.js';
import { reopenSession } from '../../helpers/session-vault.js';
import { sampleKey, tempDir } from '../../helpers/temp-vault.js';
import { codeOf, member, vaultNeedles, writeExport, type Member } from './support.js';

let dir: { dir: string; cleanup: () => void };
let ana: Member;
let ben: Member;

beforeEach(async () => {
  dir = tempDir('keyward-checklists-');
  ana = await member(dir.dir, 'Ana');
  ben = await member(dir.dir, 'Ben');
});
afterEach(() => {
  for (const m of [ana, ben]) if (m.session.vault.isUnlocked) m.session.lock();
  dir.cleanup();
});

describe('a run from start to finish', () => {
  it('instantiates the platform template, alerts while open, and rolls the key forward when finished', async () => {
    const { session, keyId, clock, path } = ana;
    const run = session.checklists.start(keyId);
    expect(run.dueDate).toBe('2027-01-03'); // 7 days before the old key expires
    expect(run.steps.map((s) => s.id)).toEqual([
      'create-new',
      'store-new',
      'deploy-1',
      'deploy-2',
      'verify-new',
      'delete-old',
    ]);
    expect(run.steps[2]?.title).toContain('GitHub Actions secret KOGNITOS_PAT');
    expect(codeOf(() => session.checklists.start(keyId))).toMatch(/^BAD_INPUT: .*already has an open checklist/);

    const alert = session.alerts.list().find((a) => a.rule === 'checklist-due');
    expect(alert).toMatchObject({ id: `checklist-due:${run.id}`, keyId, dueDate: '2027-01-03', severity: 'info' });
    clock.set('2027-01-02T09:00:00.000Z');
    expect(session.alerts.list().find((a) => a.rule === 'checklist-due')?.severity).toBe('critical');
    session.alerts.snooze(`checklist-due:${run.id}`, '2027-01-03');
    expect(session.alerts.list().some((a) => a.rule === 'checklist-due')).toBe(false);
    clock.set('2026-11-26T10:00:00.000Z');

    expect(codeOf(() => session.checklists.tick(run.id, 'store-new', { state: 'skipped' }))).toMatch(
      /^BAD_INPUT: .*reason/,
    );
    session.checklists.tick(run.id, 'create-new', { state: 'doing', note: 'asked the org admin' });
    // Whoever holds the new key stores it (keyward edit KEY --replace-secret): only then does finishing roll the dates.
    session.inventory.edit(keyId, {}, { value: newCanary('kgn_pat_CANARY') });
    for (const step of ['create-new', 'store-new', '3', 'deploy-2', 'verify-new'])
      session.checklists.tick(run.id.slice(0, 8), step, { state: 'done' });
    expect(session.inventory.get(keyId).expiresAt).toBe('2027-01-10'); // not yet finished
    const done = session.checklists.tick(run.id, 'delete-old', { state: 'skipped', reason: 'it expired on its own' });
    expect(done.local.finishedAt).not.toBeNull();
    expect(done.steps[0]).toMatchObject({ state: 'done', note: 'asked the org admin', by: { name: 'Ana' } });

    session.lock();
    const again = await reopenSession(path, { clock });
    const key = again.inventory.get(keyId);
    expect(key.createdAt).toBe('2026-11-26');
    expect(key.expiresAt).toBe('2027-03-07'); // the old key's 101-day lifetime, from today
    expect(key.history.at(-1)).toMatchObject({ action: 'rotated' });
    expect(key.history.at(-1)?.detail).toContain('2027-01-10 -> 2027-03-07');
    expect(again.checklists.list()).toEqual([
      expect.objectContaining({ id: run.id, finished: true, done: 6, total: 6 }),
    ]);
    expect(again.alerts.list({ includeHidden: true }).some((a) => a.rule === 'checklist-due')).toBe(false);
    // Ticking a finished run again never rolls the key a second time.
    again.checklists.tick(run.id, 'delete-old', { state: 'done' });
    expect(again.inventory.get(keyId).expiresAt).toBe('2027-03-07');
    again.lock();
  });

  it('finishing without the secret replaced in this vault changes no date and says so', () => {
    const { session, keyId } = ana;
    const before = session.inventory.get(keyId);
    const run = session.checklists.start(keyId);
    for (const step of run.steps) session.checklists.tick(run.id, step.id, { state: 'done' });
    const done = session.checklists.get(run.id);
    expect(done.local.finishedAt).not.toBeNull();
    expect(done.local.rolled).toContain('the secret was not replaced in this vault during the run');
    const key = session.inventory.get(keyId);
    expect([key.createdAt, key.expiresAt]).toEqual([before.createdAt, before.expiresAt]);
    expect(key.history.some((h) => h.action === 'rotated')).toBe(false);
  });

  it('users edit templates; a run uses the edited one', () => {
    const { session, keyId } = ana;
    session.checklists.editTemplate('kognitos', {
      name: 'Our Kognitos rotation',
      steps: [
        { id: 'ask', title: 'Ask the org admin', kind: 'task' },
        { id: 'ship', title: 'Ship it', kind: 'deployments' },
      ],
    });
    expect(codeOf(() => session.checklists.editTemplate('x', { name: 'x', steps: [] }))).toMatch(/^BAD_INPUT/);
    const run = session.checklists.start(keyId);
    expect(run.steps.map((s) => s.id)).toEqual(['ask', 'ship-1', 'ship-2']);
    expect(session.checklists.template('kognitos')).toMatchObject({ builtIn: false, platform: 'kognitos' });
  });
});

describe('signed export and import', () => {
  it('refuses an untrusted signer, a tampered file and a swapped key; merges after trust', () => {
    const run = ana.session.checklists.start(ana.keyId);
    ana.session.checklists.tick(run.id, 'create-new', { state: 'done' });
    const file = writeExport(dir.dir, 'run', ana.session.checklists.exportRun(run.id));
    const text = readFileSync(file, 'utf8');

    const untrusted = codeOf(() => ben.session.sharing.importText(text, file));
    expect(untrusted).toMatch(/^UNTRUSTED_SIGNER: .*"Ana".*keyward team trust/);
    expect(untrusted).toContain(ana.session.team.me().fingerprint);

    const tampered = text.replace('"state": "done"', '"state": "todo"');
    expect(tampered).not.toBe(text);
    expect(codeOf(() => ben.session.sharing.importText(tampered, 'tampered.json'))).toMatch(
      /^INTEGRITY_ERROR: tampered.json: the signature does not match/,
    );
    const oneByte = text.replace('Billing', 'Bill1ng');
    expect(codeOf(() => ben.session.sharing.importText(oneByte, 'byte.json'))).toMatch(/^INTEGRITY_ERROR/);
    // Claiming to be signed by a key Ben trusts (his own) does not make the signature fit.
    const swapped = JSON.parse(text) as { signer: { publicKey: string; name: string } };
    swapped.signer = { name: 'Ben', publicKey: ben.session.team.me().publicKey };
    expect(codeOf(() => ben.session.sharing.importText(JSON.stringify(swapped), 'swapped.json'))).toMatch(
      /^INTEGRITY_ERROR/,
    );
    expect(codeOf(() => ben.session.sharing.importText('{"format":"other"}', 'x.json'))).toMatch(
      /^BAD_INPUT: x.json is not a Keyward checklist file/,
    );
    expect(ben.session.checklists.list()).toEqual([]);

    expect(ben.session.sharing.inspect(text, file)).toMatchObject({
      isTrusted: false,
      fingerprint: ana.session.team.me().fingerprint,
    });
    ben.session.sharing.trust(text, file);
    const imported = ben.session.sharing.importText(text, file);
    expect(imported).toMatchObject({ kind: 'run', id: run.id, isNew: true, signer: { name: 'Ana' } });
    const benRun = ben.session.checklists.get(run.id);
    expect(benRun.local.keyId).toBe(ben.keyId); // linked to Ben's own record of the same key
    expect(benRun.steps[0]).toMatchObject({ state: 'done', by: { name: 'Ana' } });
    expect(ben.session.sharing.importText(text, file).changes).toEqual([]); // idempotent
  });

  it('merges both ways by step and shows a conflicting step with both versions', () => {
    ana.session.sharing.trust(ben.session.checklists.exportTemplate('kaana').json, 'ben.json');
    const run = ana.session.checklists.start(ana.keyId);
    const first = ana.session.checklists.exportRun(run.id).json;
    ben.session.sharing.trust(first, 'ana.json');
    ben.session.sharing.importText(first, 'ana.json');

    ana.session.checklists.tick(run.id, 'create-new', { state: 'done' });
    ana.session.checklists.tick(run.id, 'deploy-1', { state: 'done', note: 'Ana did it' });
    ben.clock.set('2026-11-25T10:00:00.000Z');
    ben.session.checklists.tick(run.id, 'deploy-2', { state: 'done' });
    ben.session.checklists.tick(run.id, 'deploy-1', { state: 'skipped', reason: 'repo archived' });

    const fromBen = ana.session.sharing.importText(ben.session.checklists.exportRun(run.id).json, 'ben.json');
    expect(fromBen.changes.map((c) => [c.stepId, c.to, c.conflict])).toEqual([
      ['deploy-1', 'skipped', true],
      ['deploy-2', 'done', false],
    ]);
    ben.session.sharing.importText(ana.session.checklists.exportRun(run.id).json, 'ana.json');
    for (const s of [ana.session, ben.session]) {
      const steps = s.checklists.get(run.id).steps;
      expect(steps.map((x) => x.state)).toEqual(['done', 'todo', 'skipped', 'done', 'todo', 'todo']);
      expect(steps[2]?.conflicts).toEqual([
        expect.objectContaining({ state: 'done', note: 'Ana did it', by: expect.objectContaining({ name: 'Ana' }) }),
      ]);
    }
    expect(ana.session.checklists.list()[0]?.conflicts).toBe(1);
    // Ticking the step again settles the conflict, on both sides after an exchange.
    ana.session.checklists.tick(run.id, 'deploy-1', { state: 'done' });
    ben.session.sharing.importText(ana.session.checklists.exportRun(run.id).json, 'ana.json');
    expect(ben.session.checklists.get(run.id).steps[2]).toMatchObject({ state: 'done', conflicts: [] });
  });

  it('shares templates', () => {
    ana.session.checklists.editTemplate('team-kai', {
      name: 'KAI, our way',
      platform: 'kai',
      steps: [{ id: 'warn', title: 'Warn #ops', kind: 'task' }],
    });
    const out = ana.session.checklists.exportTemplate('team-kai');
    ben.session.sharing.trust(out.json, 't.json');
    expect(ben.session.sharing.importText(out.json, 't.json')).toMatchObject({ kind: 'template', isNew: true });
    expect(ben.session.checklists.template('team-kai').steps[0]?.title).toBe('Warn #ops');
  });
});

describe('nothing secret leaves the vault', () => {
  it('every exported file (runs, templates, JSON and Markdown) holds no secret, hint, note or signing key', () => {
    const run = ana.session.checklists.start(ana.keyId);
    ana.session.checklists.tick(run.id, 'create-new', { state: 'done', note: 'new key made' });
    writeExport(dir.dir, 'r', ana.session.checklists.exportRun(run.id));
    for (const t of ana.session.checklists.templates())
      writeExport(dir.dir, `t-${t.id}`, ana.session.checklists.exportTemplate(t.id));
    const files = filesUnder(dir.dir).filter((f) => /\.(json|md)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(14);
    expect(scan(files, vaultNeedles(ana.session))).toEqual([]);
  });

  it('refuses to export a run where a user typed the secret or its hint', () => {
    const run = ana.session.checklists.start(ana.keyId);
    ana.session.checklists.tick(run.id, 'create-new', { state: 'done', note: `pasted ${ana.secret} by mistake` });
    expect(codeOf(() => ana.session.checklists.exportRun(run.id))).toMatch(
      /^BAD_INPUT: .*secret or the hint of key "Billing automations"/,
    );
    const hint = ana.session.inventory.get(ana.keyId).hint;
    ana.session.checklists.tick(run.id, 'create-new', { state: 'done', note: `old one was ${hint}` });
    expect(codeOf(() => ana.session.checklists.exportRun(run.id))).toMatch(/^BAD_INPUT/);
    // A KAI key's instance id is its recorded account: that is shared; its api-key is not.
    const kai = ana.session.inventory.add(
      { ...sampleKey({ platform: 'kai', name: 'Support bot', account: 'inst-0042-support', deployedTo: [] }) },
      { value: 'kai-api-key-CANARY-0123456789', instanceId: 'inst-0042-support' },
    );
    const kaiRun = ana.session.checklists.start(kai.id);
    expect(ana.session.checklists.exportRun(kaiRun.id).json).toContain('inst-0042-support');
    expect(kaiRun.steps.map((s) => s.id)).toEqual([
      'warn-consumers',
      'regenerate',
      'store-new',
      'deploy-1',
      'verify-new',
    ]);
  });
});
