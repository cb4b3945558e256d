// `keyward checklist` and `keyward team` end to end as subprocesses: two vaults, a run
// started, ticked, exported, refused while untrusted, trusted and imported; exit codes
// and --json shapes are asserted, and no output or file holds the secret.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { canaryForms, newCanary, scan, scanText } from '../../helpers/canary.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: string;
let cleanup = () => {};
const secret = newCanary('kgn_pat_CANARY');
const keyArgs = ['--platform', 'kognitos', '--name', 'Billing', '--account', 'acme', '--expires', '2099-01-10'];

beforeAll(async () => {
  const t = tempDir('keyward-cli-checklists-');
  dir = t.dir;
  cleanup = t.cleanup;
  for (const v of ['a.db', 'b.db']) {
    await initCliVault(join(dir, v));
    await addCliKey(join(dir, v), [...keyArgs, '--deployed-to', 'CI secret in acme/billing'], secret);
    expect((await runCli(['team', 'name', v === 'a.db' ? 'Ana' : 'Bruno'], { vault: join(dir, v) })).code).toBe(0);
  }
});
afterAll(() => cleanup());

it('start, tick, export; import refused until the signer is trusted', async () => {
  const a = { vault: join(dir, 'a.db') };
  const b = { vault: join(dir, 'b.db') };
  const started = await runCli(['checklist', 'start', 'Billing', '--json'], a);
  expect(started.code).toBe(0);
  const run = JSON.parse(started.stdout) as { id: string; steps: { id: string }[] };
  expect(run.steps.map((s) => s.id)).toContain('deploy-1');
  expect((await runCli(['checklist', 'tick', run.id, 'create-new', '--note', 'made it'], a)).code).toBe(0);
  expect((await runCli(['checklist', 'tick', run.id, '2', '--state', 'skipped'], a)).code).toBe(2); // no reason
  const file = join(dir, 'run.json');
  expect((await runCli(['checklist', 'export', run.id, '--out', file], a)).code).toBe(0);
  expect(readFileSync(join(dir, 'run.md'), 'utf8')).toContain('made it');

  const refused = await runCli(['checklist', 'import', file], b);
  expect(refused.code).toBe(4);
  expect(refused.stderr).toContain('keyward team trust');
  expect((await runCli(['team', 'trust', file], b)).code).toBe(2); // no terminal, no --yes
  expect((await runCli(['team', 'trust', file, '--yes'], b)).code).toBe(0);
  const imported = await runCli(['checklist', 'import', file, '--json'], b);
  expect(imported.code).toBe(0);
  expect(JSON.parse(imported.stdout)).toMatchObject({ kind: 'run', id: run.id, isNew: true });
  const shown = await runCli(['checklist', 'show', run.id.slice(0, 8), '--json'], b);
  expect((JSON.parse(shown.stdout) as { steps: unknown[] }).steps[0]).toMatchObject({ state: 'done', note: 'made it' });
  const team = JSON.parse((await runCli(['team', '--json'], b)).stdout) as { trusted: unknown[] };
  expect(team.trusted).toHaveLength(1);
  expect((await runCli(['checklist', 'list'], b)).stdout).toContain('1/');

  const needles = canaryForms(secret);
  expect(scan([file, join(dir, 'run.md')], needles)).toEqual([]);
  for (const r of [started, imported, shown]) expect(scanText(r.stdout + r.stderr, needles)).toEqual([]);
});

it('team init refuses a display name with terminal escapes, and prints none of it', async () => {
  const a = { vault: join(dir, 'a.db') };
  const r = await runCli(
    ['team', 'init', '--folder', dir, '--name', 'Ana\u001b[2J\u001b[31m (63bf-fake)\nCompare ok'],
    a,
  );
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('display name must not hold control');
  expect(r.stdout + r.stderr).not.toContain('\u001b');
  expect(r.stdout + r.stderr).not.toContain('Compare ok');
});

it('a missing file, a folder or a huge file is a typed error naming it, never an internal error', async () => {
  const a = { vault: join(dir, 'a.db') };
  const big = join(dir, 'big.json');
  writeFileSync(big, Buffer.alloc(4 * 1024 * 1024 + 1, 32));
  const cases: [string[], number, string][] = [
    [['checklist', 'import', join(dir, 'nope.json')], 2, 'nope.json: it does not exist'],
    [['checklist', 'import', dir], 2, 'it is a folder, not a file'],
    [['checklist', 'import', big], 2, 'too large to be a Keyward checklist file'],
    [['team', 'trust', join(dir, 'nope.json'), '--yes'], 2, 'nope.json: it does not exist'],
    [['team', 'trust', dir, '--yes'], 2, 'it is a folder, not a file'],
    [['checklist', 'template', 'edit', 'x', '--from', join(dir, 'nope.json')], 2, 'it does not exist'],
  ];
  for (const [args, code, message] of cases) {
    const r = await runCli(args, a);
    expect(r.stderr, args.join(' ')).toContain(message);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code, args.join(' ')).toBe(code);
  }
});

it('checklist start refuses a due date that is not a real day', async () => {
  const r = await runCli(['checklist', 'start', 'Billing', '--due', '2020-13-45'], { vault: join(dir, 'b.db') });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('real calendar date');
});

it('checklist export keeps existing files unless --force, and writes them for the owner only', async () => {
  const a = { vault: join(dir, 'a.db') };
  const run = (JSON.parse((await runCli(['checklist', 'list', '--json'], a)).stdout) as { id: string }[])[0]!;
  const out = join(dir, 'keep.json');
  writeFileSync(join(dir, 'keep.md'), 'my notes\n');
  const refused = await runCli(['checklist', 'export', run.id, '--out', out], a);
  expect(refused.code).toBe(2);
  expect(refused.stderr).toContain('keep.md already exists; nothing was written (add --force');
  expect(() => statSync(out)).toThrow(); // the JSON was not written either
  expect(readFileSync(join(dir, 'keep.md'), 'utf8')).toBe('my notes\n');

  const forced = await runCli(['checklist', 'export', run.id, '--out', out, '--force'], a);
  expect(forced.code).toBe(0);
  expect(readFileSync(join(dir, 'keep.md'), 'utf8')).toContain('Rotate Billing');
  for (const f of [out, join(dir, 'keep.md')]) expect(statSync(f).mode & 0o777).toBe(0o600);
  expect((await runCli(['checklist', 'export', run.id, '--out', out], a)).code).toBe(2);
});

it('team init --folder with a typo is refused; --create makes the folder', async () => {
  const a = { vault: join(dir, 'a.db') };
  const typo = join(dir, 'tem');
  const r = await runCli(['team', 'init', '--folder', typo, '--name', 'Ana'], a);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('does not exist; check the path, or add --create');
  expect(() => statSync(typo)).toThrow();
  expect((await runCli(['team', 'init', '--folder', typo, '--name', 'Ana', '--create'], a)).code).toBe(0);
  expect(statSync(join(typo, 'checklists')).isDirectory()).toBe(true);
});
