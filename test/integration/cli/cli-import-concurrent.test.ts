// Two `keyward import FILE --yes` of one file at once, as two terminals or two scripts would: every key is
// stored once. Each import plans against the stored keys under its write lock, so the second sees the first's
// keys as duplicates; before, both planned before either committed and every key was stored twice.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { initCliVault, runCli } from '../../helpers/cli.js';
import { spawnCli } from '../../helpers/cli-spawn.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: ReturnType<typeof tempDir>;
let vault: string;
beforeEach(async () => {
  dir = tempDir('keyward-import-concurrent-');
  vault = join(dir.dir, 'vault.db');
  await initCliVault(vault);
});
afterEach(() => dir.cleanup());

it('two imports of one file at once store each key once', async () => {
  const n = 3000;
  const file = join(dir.dir, 'keys.env');
  const rows = Array.from(
    { length: n },
    (_, i) => `SVC_${i}_API_KEY=knouds_live_${i.toString(36).padStart(8, '0')}Conc1Conc2Conc3`,
  );
  writeFileSync(file, rows.join('\n') + '\n');
  const [a, b] = [0, 1].map(() => spawnCli(['import', file, '--yes'], { vault }));
  const [ra, rb] = await Promise.all([a!.done, b!.done]);
  expect(ra.code, ra.stderr).toBe(0);
  expect(rb.code, rb.stderr).toBe(0);
  const listed = await runCli(['list', '--json'], { vault });
  const keys = (JSON.parse(listed.stdout) as { keys: { name: string }[] }).keys;
  expect(keys).toHaveLength(n);
  expect(new Set(keys.map((k) => k.name)).size).toBe(n);
  // The one that came second says the keys were there already.
  expect(`${ra.stdout}\n${rb.stdout}`).toMatch(/skipped 3,?000 duplicates/);
});
