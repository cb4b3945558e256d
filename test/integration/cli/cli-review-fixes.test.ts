// User-visible checks on the CLI as a subprocess on a real vault: files an export must never replace,
// what an import preview may show, and the checks every secret-changing command applies.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let vault: string;

beforeEach(async () => {
  dir = tempDir();
  vault = join(dir.dir, 'vault.kw');
  await initCliVault(vault);
});
afterEach(() => dir.cleanup());

describe('export never replaces a companion file of the vault', () => {
  it('refuses the commit counter and the schedule, even with --force, and keeps them intact', async () => {
    await addCliKey(vault, ['--name', 'k1', '--platform', 'custom'], 'custom-secret-value-1234');
    const commits = `${vault}.commits`;
    const schedule = `${vault}.schedule.json`;
    writeFileSync(schedule, '{"format":"keyward.schedule"}'); // as the app leaves it
    expect(existsSync(commits)).toBe(true);
    const before = readFileSync(commits, 'utf8');
    for (const [target, args] of [
      [commits, ['--format', 'csv']],
      [schedule, ['--format', 'md']],
      [`${vault}-journal`, ['--format', 'csv']],
    ] as const) {
      const r = await runCli(['export', ...args, '--out', target, '--force'], { vault });
      expect(r.code, `${target}: ${r.stdout}`).toBe(2);
      expect(r.stderr).toMatch(/companion file of a vault/);
    }
    expect(readFileSync(commits, 'utf8')).toBe(before);
    const s = await runCli(['list', '--strict'], { vault });
    expect(s.stderr).not.toMatch(/commit counter/);
    expect(s.code).toBe(0);
  });

  it('names the real commit-counter file when it does not open', async () => {
    await addCliKey(vault, ['--name', 'k1', '--platform', 'custom'], 'custom-secret-value-1234');
    writeFileSync(`${vault}.commits`, '{"format":"keyward.commits","version":1,"sealed":"AAAA"}');
    const r = await runCli(['list'], { vault });
    expect(r.stderr).toContain('vault.kw.commits');
    expect(r.stderr).not.toContain('vault.db.commits');
  });
});

const FIXTURES = join(import.meta.dirname, '../../fixtures/import');

describe('import preview of rows left out as passwords', () => {
  it('shows no hint of a website password, in the table or in --json', async () => {
    const file = join(FIXTURES, 'firefox-passwords.csv');
    const table = await runCli(['import', file, '--dry-run'], { vault });
    expect(table.code).toBe(0);
    for (const tail of ['ry-9', 'y-9', '-9', '2026', '26']) expect(table.stdout).not.toContain(`\u2026${tail}`);
    const json = await runCli(['import', file, '--dry-run', '--json'], { vault });
    const items = (JSON.parse(json.stdout) as { preview: { items: { offByDefault: string | null; hint: string }[] } })
      .preview.items;
    const leftOut = items.filter((i) => i.offByDefault !== null);
    expect(leftOut.length).toBe(2);
    for (const i of leftOut) expect(i.hint).toBe('');
    expect(items.find((i) => i.offByDefault === null)?.hint).toMatch(/^ghp_/);
  });
});
