// Import holds fields to the limits of `add` (a 10 MB name is refused, not cut to 200
// characters without a word) and refuses a million-row file up front, naming the limit,
// in bounded memory.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

describe('import limits', () => {
  it('refuses a name over 200 characters by its line, as add does; imports nothing', { timeout: 240_000 }, async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const vault = join(t.dir, 'vault.db');
    await initCliVault(vault);
    const file = join(t.dir, 'keys.csv');
    writeFileSync(
      file,
      `name,secret,platform\n${'n'.repeat(10 * 1024 * 1024)},knouds_live_LONG_0123456789,knouds\nok,knouds_live_OK_0123456789,knouds\n`,
    );
    const r = await runCli(['import', file, '--yes'], { vault });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('keys.csv:2: name must be at most 200 characters');
    expect(JSON.parse((await runCli(['list', '--json'], { vault })).stdout).keys).toEqual([]);
  });

  it('refuses a 1,000,000-row CSV up front with the limit named, under 1 GB', { timeout: 240_000 }, async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const vault = join(t.dir, 'vault.db');
    await initCliVault(vault);
    const file = join(t.dir, 'big.csv');
    const rows = ['name,secret,platform'];
    for (let i = 0; i < 1_000_000; i++) rows.push(`key${i},knouds_live_${String(i).padStart(20, '0')},knouds`);
    writeFileSync(file, rows.join('\n') + '\n');
    const r = await runCli(['import', file, '--dry-run'], {
      vault,
      env: { NODE_OPTIONS: '--max-old-space-size=1024' },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/1,000,001 lines, over the import limit of 100,000 rows/);
  });
});
