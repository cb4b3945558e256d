// `keyward checklist export` of a template, in both forms `--help` shows: the id as the
// value of --template, or the id first and a bare --template. The id given is the one
// written; two different ids are refused rather than one silently chosen.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: string;
let vault: { vault: string };
let cleanup = () => {};
beforeAll(async () => {
  const t = tempDir('keyward-cli-template-export-');
  dir = t.dir;
  cleanup = t.cleanup;
  vault = { vault: join(dir, 'vault.db') };
  await initCliVault(vault.vault);
  // The file is signed with the name teammates see, which has no default.
  expect((await runCli(['team', 'name', 'Ana'], vault)).code).toBe(0);
});
afterAll(() => cleanup());

const written = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as { kind: string; body: { id: string; platform: string | null } };

it('checklist export --template ID --out FILE writes that template', async () => {
  const out = join(dir, 'T.json');
  const r = await runCli(['checklist', 'export', '--template', 'kognitos', '--out', out], vault);
  expect(r, r.stderr).toMatchObject({ code: 0 });
  expect(written(out)).toMatchObject({ kind: 'template', body: { id: 'kognitos', platform: 'kognitos' } });
  expect(readFileSync(join(dir, 'T.md'), 'utf8')).toContain('Kognitos');
  const eq = await runCli(['checklist', 'export', '--template=knouds', '--out', join(dir, 'E.json'), '--json'], vault);
  expect(eq, eq.stderr).toMatchObject({ code: 0 });
  expect(JSON.parse(eq.stdout)).toMatchObject({ kind: 'template', id: 'knouds' });
});

it('checklist export ID --template --out FILE (a bare --template, anywhere) writes template ID', async () => {
  const out = join(dir, 'T2.json');
  const r = await runCli(['checklist', 'export', 'kognitos', '--template', '--out', out], vault);
  expect(r, r.stderr).toMatchObject({ code: 0 });
  expect(written(out)).toMatchObject({ kind: 'template', body: { id: 'kognitos' } });
  const last = join(dir, 'T3.json');
  const r2 = await runCli(['checklist', 'export', 'kaana', '--out', last, '--template'], vault);
  expect(r2, r2.stderr).toMatchObject({ code: 0 });
  expect(written(last)).toMatchObject({ kind: 'template', body: { id: 'kaana' } });
});

it('two different template ids, a missing id or an unknown one are refused and nothing is written', async () => {
  const out = join(dir, 'X.json');
  const both = await runCli(['checklist', 'export', 'kai', '--template', 'kognitos', '--out', out], vault);
  expect(both.code).toBe(2);
  expect(both.stderr).toMatch(/kai.*kognitos|kognitos.*kai/);
  const twice = await runCli(
    ['checklist', 'export', '--template', 'kognitos', '--template', 'kai', '--out', out],
    vault,
  );
  expect(twice.code, twice.stderr).toBe(2);
  expect(twice.stderr).toMatch(/--template was given twice \("kognitos" and "kai"\)/);
  const none = await runCli(['checklist', 'export', '--template', '--out', out], vault);
  expect(none.code).toBe(2);
  expect(none.stderr).toMatch(/template ID/);
  const unknown = await runCli(['checklist', 'export', '--template', 'nope', '--out', out], vault);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/nope/);
  expect(existsSync(out)).toBe(false);
  expect(existsSync(join(dir, 'X.md'))).toBe(false);
  const run = await runCli(['checklist', 'export', '--out', out], vault);
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/RUN id/);
});

it('--help shows both template forms', async () => {
  const help = await runCli(['checklist', '--help'], vault);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('checklist export --template ID --out FILE.json');
  expect(help.stdout).toContain('checklist export ID --template --out FILE.json');
  const all = await runCli(['--help'], vault);
  expect(all.stdout).toContain('checklist export --template ID --out FILE.json');
});

it('checklist import of a file whose signature is not valid base64 is a malformed file (exit 2), not tampering', async () => {
  const out = join(dir, 'B64.json');
  expect((await runCli(['checklist', 'export', '--template', 'kai', '--out', out], vault)).code).toBe(0);
  const text = readFileSync(out, 'utf8');
  const sig = (JSON.parse(text) as { signature: string }).signature;
  const bad = join(dir, 'bad-b64.json');
  writeFileSync(bad, text.replace(sig, sig.slice(0, -2)));
  const r = await runCli(['checklist', 'import', bad], vault);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(/not valid base64/);
  writeFileSync(bad, text.replace('"kai"', '"kaI"'));
  expect((await runCli(['checklist', 'import', bad], vault)).code).toBe(4);
});
