// One benchmark run of the vault core at a given size, meant to run in its own
// process so peak memory is that size's alone. Prints one JSON line.
import { performance } from 'node:perf_hooks';
import { KDF_DEFAULT } from '../core/crypto/kdf.js';
import { createInventory } from '../core/inventory/inventory.service.js';
import type { KeyInput } from '../core/inventory/key.schemas.js';
import { PLATFORM_IDS } from '../core/inventory/key.types.js';
import { systemClock } from '../core/ports/clock.port.js';
import { changePassword, createVault, unlockVault } from '../core/vault/vault.js';

export type VaultBenchResult = {
  keys: number;
  kdfMs: number;
  bulkAddMs: number;
  listedMs: number;
  listedFirstMs: number;
  searchMs: number;
  oneAddMs: number;
  /** RSS once every key is listed (the KDF worker has exited by then). */
  listedRssMb: number;
  listGrowthMb: number;
  /** High-water mark of the whole process, including Argon2id's memory in its worker. */
  peakRssMb: number;
};

const PASSWORD = 'bench password that is long enough';
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

export function syntheticKey(i: number): { input: KeyInput; secret: { value: string } } {
  const platform = PLATFORM_IDS[i % PLATFORM_IDS.length] ?? 'custom';
  return {
    input: {
      platform,
      name: `${platform} key ${i} for service-${i % 97}`,
      account: `org-${i % 41}`,
      owner: `owner${i % 23}@example.com`,
      environment: ['production', 'staging', 'dev'][i % 3] ?? 'dev',
      scopes: ['read', 'write'].slice(0, 1 + (i % 2)),
      deployedTo: [`GitHub Actions secret KEY_${i} in acme/repo-${i % 13}`],
      tags: [`team-${i % 7}`],
      notes: `Synthetic benchmark key number ${i}.`,
      expiresAt: `2027-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
    },
    secret: { value: `bench_${i.toString(36)}_${'x'.repeat(24)}${i}` },
  };
}

/** Phase 1 (own process): create a vault of n keys; returns the bulk-add time. */
export async function buildBenchVault(n: number, path: string): Promise<{ bulkAddMs: number }> {
  const created = await createVault(path, PASSWORD, { clock: systemClock, kdf: KDF_DEFAULT });
  const inv = createInventory(created, systemClock);
  const items = Array.from({ length: n }, (_, i) => syntheticKey(i));
  const t = performance.now();
  for (let i = 0; i < items.length; i += 10_000) inv.addMany(items.slice(i, i + 10_000));
  const bulkAddMs = performance.now() - t;
  created.lock();
  return { bulkAddMs };
}

/** Phase 2 (own process): unlock, list, search, add one; measures memory as it goes. */
export async function measureBenchVault(n: number, path: string): Promise<Omit<VaultBenchResult, 'bulkAddMs'>> {
  let t = performance.now();
  const vault = await unlockVault(path, PASSWORD);
  const kdfMs = performance.now() - t;
  global.gc?.();
  const rssBeforeList = process.memoryUsage().rss;
  // Unlock-to-listed three times over (each a fresh inventory decrypting every key): the first
  // is the cold one a user sees right after unlocking, the median is the steady figure.
  const listings: number[] = [];
  let inventory = createInventory(vault, systemClock);
  let rssListed = 0;
  for (let run = 0; run < 3; run++) {
    t = performance.now();
    inventory = createInventory(vault, systemClock);
    const listed = inventory.list().keys.length;
    listings.push(performance.now() - t);
    if (listed !== n) throw new Error(`listed ${listed} of ${n}`);
    if (run === 0) rssListed = process.memoryUsage().rss;
  }
  const listedMs = median(listings);
  const listedFirstMs = listings[0] ?? 0;
  const searches = ['service-42', 'owner7@', 'staging', 'no such thing', 'team-3'].flatMap((q) =>
    Array.from({ length: 5 }, () => {
      const s = performance.now();
      inventory.list({ search: q });
      return performance.now() - s;
    }),
  );
  const adds = Array.from({ length: 10 }, (_, i) => {
    const s = performance.now();
    inventory.add(syntheticKey(n + i).input, syntheticKey(n + i).secret);
    return performance.now() - s;
  });
  vault.lock();
  return {
    keys: n,
    kdfMs,
    listedMs,
    listedFirstMs,
    searchMs: median(searches),
    oneAddMs: median(adds),
    listedRssMb: Math.max(rssListed, process.memoryUsage().rss) / 2 ** 20,
    listGrowthMb: (rssListed - rssBeforeList) / 2 ** 20,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** Phase 3 (own process): passwd --rotate-vault-key on the vault; two Argon2id runs included. */
export async function rekeyBenchVault(
  n: number,
  path: string,
): Promise<{ keys: number; rekeyMs: number; records: number }> {
  const t = performance.now();
  const r = await changePassword(path, PASSWORD, `${PASSWORD} (rotated)`, systemClock, undefined, {
    rotateVaultKey: true,
  });
  return { keys: n, rekeyMs: performance.now() - t, records: r.records };
}
