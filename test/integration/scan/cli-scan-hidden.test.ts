// keyward scan finds keys where they hide and never prints them: a stored key glued to letters in a
// file or folder name (and an unknown key-shaped value there) is withheld in every format and error;
// percent-encoded copies are found; a file with NUL bytes is read by a folder scan as by --staged;
// a file or folder named after a stored key is itself a finding. Real processes, files and git.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryForms, scan, scanText } from '../../helpers/canary.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

const rand = (n: number) =>
  Array.from(
    { length: n },
    () => 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789'[Math.floor(Math.random() * 57)],
  ).join('');
const KAI = rand(40); // no documented format: found by keyed hash only
const KNOUDS = `knouds_live_${rand(28)}`;
const UNKNOWN = `ghp_${rand(36)}`;
const needles = [...canaryForms(KAI, 'KAI'), ...canaryForms(KNOUDS, 'KNOUDS'), ...canaryForms(UNKNOWN, 'UNKNOWN')];

let t: { dir: string; cleanup: () => void };
let vault: string;
const ids: Record<string, string> = {};
const outputs: string[] = [];

type Hit = { kind: string; path: string; line: number; keyId?: string; keyName?: string; commit?: string };
type Json = { hits: Hit[]; skipped: { path: string; reason: string }[] };

async function cli(args: string[]) {
  const r = await runCli(args, { vault });
  outputs.push(r.stdout, r.stderr);
  return r;
}

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
});
