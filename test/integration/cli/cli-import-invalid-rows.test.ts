// `keyward import FILE --yes` with rows that have a problem among good ones (#16), as a subprocess on a real
// vault: refused whole (exit 2, every problem named by row) unless --leave-out-invalid says to leave those rows
// out; then the others are stored and each row left out is named with its problem. A problem of the file itself
// still refuses it. No secret in any output.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { copyCliVault, initCliVault, runCli } from '../../helpers/cli.js';
import { newCanary } from '../../helpers/canary.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let vault: string;
let template: ReturnType<typeof tempDir>;
const canary = newCanary('CANARYcli');
beforeAll(async () => {
  template = tempDir();
  await initCliVault(join(template.dir, 'vault.db'));
});
afterAll(() => template.cleanup());
beforeEach(() => {
  dir = tempDir();
  vault = join(dir.dir, 'vault.db');
  copyCliVault(join(template.dir, 'vault.db'), vault);
});
afterEach(() => dir.cleanup());

/** Four good rows; row 3's secret has a space inside (refused for Knouds), row 5's expiry cannot be read. */
const ROWS = [
  'name,secret,platform,expires',
  'Billing,knouds_live_Cli1Cli2Cli3Cli4Cli5,knouds,',
  `Spaced,${canary} tail,knouds,`,
  'Reports,knouds_live_Cli6Cli7Cli8Cli9CliA,knouds,2031-01-01',
  `Soon,knouds_live_${canary},knouds,soon`,
  'Search,knouds_live_CliBCliCCliDCliECliF,knouds,',
];
const file = (lines = ROWS) => {
  const path = join(dir.dir, 'rows.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};
const names = async () =>
  (JSON.parse((await runCli(['list', '--json'], { vault })).stdout) as { keys: { name: string }[] }).keys
    .map((k) => k.name)
    .sort();
const noSecret = (...outs: string[]) => expect(outs.join('\n')).not.toContain('CANARYcli');

describe('keyward import with rows that have a problem', () => {
  it('--yes refuses the file, names every problem by row and the flag that leaves them out, and stores nothing', async () => {
    const r = await runCli(['import', file(), '--yes'], { vault });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rows\.csv: 2 problems; nothing was imported\./);
    expect(r.stderr).toMatch(/rows\.csv:3: The key contains a space or line break inside it/);
    expect(r.stderr).toMatch(/rows\.csv:5: the expiry date cannot be read/);
    expect(r.stderr).toMatch(/--leave-out-invalid imports the other 3 keys and leaves these 2 rows out/);
    noSecret(r.stdout, r.stderr);
    expect(await names()).toEqual([]);
  });

  it('--yes --leave-out-invalid stores the others and names each row left out with its problem', async () => {
    const r = await runCli(['import', file(), '--yes', '--leave-out-invalid'], { vault });
    // Exit 1: stored, but rows were left out (a script's `import ... && rm .env` stops there).
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Imported 3 keys from rows\.csv; left out 2 rows with a problem:/);
    expect(r.stdout).toMatch(/\n {2}rows\.csv:3 Spaced: The key contains a space or line break inside it/);
    expect(r.stdout).toMatch(/\n {2}rows\.csv:5 Soon: the expiry date cannot be read/);
    noSecret(r.stdout, r.stderr);
    expect(await names()).toEqual(['Billing', 'Reports', 'Search']);
  });

  it('--json names them in the summary', async () => {
    const r = await runCli(['import', file(), '--yes', '--leave-out-invalid', '--json'], { vault });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as {
      summary: { added: number; excluded: number; invalid: { ref: string; name: string }[] };
    };
    expect(out.summary).toMatchObject({ added: 3, excluded: 2 });
    expect(out.summary.invalid.map((i) => [i.ref, i.name])).toEqual([
      ['rows.csv:3', 'Spaced'],
      ['rows.csv:5', 'Soon'],
    ]);
    noSecret(r.stdout, r.stderr);
  });

  it('--dry-run --leave-out-invalid says what would be stored and what left out, and writes nothing', async () => {
    const r = await runCli(['import', file(), '--dry-run', '--leave-out-invalid'], { vault });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /Dry run: 3 keys would be imported; 2 rows with a problem would be left out; nothing was written\./,
    );
    expect(r.stdout).toMatch(/rows\.csv:5 Soon: the expiry date cannot be read/);
    noSecret(r.stdout, r.stderr);
    expect(await names()).toEqual([]);
  });

  it('a platform set on a row can fix it; a row included by hand with its problem still refuses', async () => {
    const fixed = await runCli(['import', file(), '--yes', '--leave-out-invalid', '--set', '3:platform=custom'], {
      vault,
    });
    expect(fixed.code).toBe(1);
    expect(fixed.stdout).toMatch(/Imported 4 keys from rows\.csv; left out 1 row with a problem:/);
    expect(await names()).toEqual(['Billing', 'Reports', 'Search', 'Spaced']);
    const forced = await runCli(['import', file(), '--yes', '--leave-out-invalid', '--set', '5:include=yes'], {
      vault,
    });
    expect(forced.code).toBe(2);
    expect(forced.stderr).toMatch(/rows\.csv:5: the expiry date cannot be read/);
    expect(forced.stderr).not.toMatch(/rows\.csv:3:/);
    noSecret(fixed.stdout, fixed.stderr, forced.stdout, forced.stderr);
  });

  it('a problem of the file itself still refuses it with --leave-out-invalid', async () => {
    const r = await runCli(['import', file([...ROWS, 'half,row-without-fields']), '--yes', '--leave-out-invalid'], {
      vault,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/rows\.csv:7: has 2 fields; the header has 4/);
    expect(r.stderr).not.toMatch(/--leave-out-invalid imports/);
    noSecret(r.stdout, r.stderr);
    expect(await names()).toEqual([]);
  });
});

describe('keyward import when every row, or a repeated row, has a problem', () => {
  const bad = (...rows: string[]) => {
    const path = join(dir.dir, 'bad.env');
    writeFileSync(path, rows.join('\n') + '\n');
    return path;
  };
  it('every row with a problem: no flag that would import nothing is offered, and the flag exits 1', async () => {
    const path = bad('A_KEY=knouds_live_CANARYcli short', 'B_KEY=knouds_live_CANARYcli also');
    const refused = await runCli(['import', path, '--yes'], { vault });
    expect(refused.code).toBe(2);
    expect(refused.stderr).not.toMatch(/--leave-out-invalid imports/);
    const r = await runCli(['import', path, '--yes', '--leave-out-invalid'], { vault });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Imported 0 keys from bad\.env; left out 2 rows with a problem:/);
    noSecret(refused.stdout, refused.stderr, r.stdout, r.stderr);
    expect(await names()).toEqual([]);
  });
  it('a repeat of a row left out is left out with its problem, not counted as a duplicate', async () => {
    const path = bad('A_KEY=knouds_live_abc', 'A_COPY=knouds_live_abc', 'GOOD_KEY=knouds_live_GoodGood1GoodGood2Good3');
    const r = await runCli(['import', path, '--yes', '--leave-out-invalid'], { vault });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Imported 1 key from bad\.env; left out 2 rows with a problem:/);
    expect(r.stdout).not.toMatch(/skipped \d+ duplicate/);
    noSecret(r.stdout, r.stderr);
  });
});
