// `keyward show` lists a key's plaintext findings (place, first and last seen, never a value), and
// after `keyward run`/`read` the key's local last use shows in `show` and `list --fields last-used`.
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
const KNOUDS = `knouds_live_${rand(28)}`;
const UNKNOWN = `ghp_${rand(36)}`;
const needles = [...canaryForms(KNOUDS, 'KNOUDS'), ...canaryForms(UNKNOWN, 'UNKNOWN')];

let t: { dir: string; cleanup: () => void };
let vault: string;
let id = '';
const outputs: string[] = [];
async function cli(args: string[]) {
  const r = await runCli(args, { vault });
  outputs.push(r.stdout, r.stderr);
  return r;
}

beforeAll(async () => {
  t = tempDir();
  vault = join(t.dir, 'vault', 'v.db');
  await initCliVault(vault);
  id = await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot'], KNOUDS);
});
afterAll(() => {
  expect(needles.filter((n) => scanText(outputs.join('\n'), [n]).length > 0).map((n) => n.label)).toEqual([]);
  expect(
    scan(
      readdirSync(join(t.dir, 'vault')).map((f) => join(t.dir, 'vault', f)),
      needles,
    ),
  ).toEqual([]);
  t.cleanup();
});

describe('show and list after scan and run', () => {
  it('show lists the findings of the key, in text and JSON', async () => {
    const dir = join(t.dir, 'proj');
    mkdirSync(dir);
    writeFileSync(join(dir, '.env'), `\nK=${KNOUDS}\n`);
    expect((await cli(['scan', dir])).code).toBe(1);
    const text = await cli(['show', id]);
    expect(text.stdout).toMatch(/found in plaintext:/);
    expect(text.stdout).toContain(`${join(dir, '.env')}:2`);
    expect(text.stdout).toMatch(/first seen \d{4}-\d\d-\d\dT/);
    const j = JSON.parse((await cli(['show', id, '--json'])).stdout) as {
      findings: { path: string; line: number; firstSeen: string; lastSeen: string }[];
    };
    expect(j.findings.map((f) => [f.path, f.line])).toEqual([[join(dir, '.env'), 2]]);
  });

  it('a key stored by --import-unknown carries the finding at once, as if it had been stored before the scan', async () => {
    const dir = join(t.dir, 'imported');
    mkdirSync(dir);
    writeFileSync(join(dir, '.env'), `A=1\nGITHUB_TOKEN=${UNKNOWN}\n`);
    expect((await cli(['scan', dir, '--import-unknown'])).stdout).toContain('imported 1');
    const j = JSON.parse((await cli(['show', 'GITHUB_TOKEN', '--json'])).stdout) as {
      findings: { path: string; line: number }[];
    };
    expect(j.findings.map((f) => [f.path, f.line])).toEqual([[join(dir, '.env'), 2]]);
    const check = await cli(['check', '--json']);
    expect(check.stdout).toContain('found-in-plaintext');
  });

  it('after run and read, show and list --fields last-used give the local last use', async () => {
    const before = await cli(['list', '--fields', 'name,last-used', '--format', 'csv']);
    expect(before.stdout).not.toMatch(/\d{4}-\d\d-\d\d/);
    const r = await cli(['run', '--env', 'K=keyward://Deploy bot', '--', process.execPath, '-e', 'process.exit(0)']);
    expect(r.code).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    const list = await cli(['list', '--fields', 'name,last-used', '--format', 'csv']);
    expect(list.stdout).toContain(today);
    const show = await cli(['show', id]);
    expect(show.stdout).toMatch(new RegExp(`last used:\\s+${today}T\\S+ by Keyward \\(run`));
    const j = JSON.parse((await cli(['show', id, '--json'])).stdout) as { lastUsedInKeyward: string | null };
    expect(j.lastUsedInKeyward?.slice(0, 10)).toBe(today);
  });
});
