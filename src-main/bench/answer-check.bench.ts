// What checking an answer against its output schema costs (core/app/dispatch.ts checkOutput):
// a real vault of 10,000 keys (the KDF floor: the KDF is not what is measured) is listed, then
// the keys.list answer is checked against the contract, median of 9. Prints one JSON line.
// Run: npm run build:cli && node out/cli/bench/answer-check.bench.js [keys]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { checkOutput } from '../core/app/dispatch.js';
import { KDF_FLOOR } from '../core/crypto/kdf.js';
import { createInventory } from '../core/inventory/inventory.service.js';
import { systemClock } from '../core/ports/clock.port.js';
import { createVault } from '../core/vault/vault.js';
import { syntheticKey } from './vault.bench.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

async function main(n: number): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-answer-check-'));
  try {
    const vault = await createVault(join(dir, 'vault.db'), 'bench password that is long enough', {
      clock: systemClock,
      kdf: KDF_FLOOR,
    });
    const inventory = createInventory(vault, systemClock);
    inventory.addMany(Array.from({ length: n }, (_, i) => syntheticKey(i)));
    const listings: number[] = [];
    const checks: number[] = [];
    for (let run = 0; run < 9; run++) {
      let t = performance.now();
      const listing = inventory.list();
      listings.push(performance.now() - t);
      t = performance.now();
      checkOutput('keys.list', listing);
      checks.push(performance.now() - t);
    }
    vault.lock();
    const listedMs = median(listings);
    const checkMs = median(checks);
    console.log(JSON.stringify({ keys: n, listedMs, checkMs, firstCheckMs: checks[0], share: checkMs / listedMs }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main(Number(process.argv[2] ?? 10_000));
