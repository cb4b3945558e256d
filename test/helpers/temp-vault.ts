// Test helpers: a temporary folder per test and vaults at the suite's test cost
// (KDF_TEST_COST, accepted only in a test run), with the real file, SQLite and crypto.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KDF_TEST_COST, type KdfCost } from '../../src-main/core/crypto/kdf.js';
import { createInventory } from '../../src-main/core/inventory/inventory.service.js';
import type { KeyInput } from '../../src-main/core/inventory/key.schemas.js';
import { fixedClock } from '../../src-main/core/ports/clock.port.js';
import { createVault } from '../../src-main/core/vault/vault.js';

export const TEST_PASSWORD = 'correct horse battery staple';

export function tempDir(prefix = 'keyward-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A vault at the test cost; `kdf` for a test whose point needs a real derivation's cost (e.g. KDF_FLOOR). */
export async function newTestVault(dir: string, name = 'vault.db', kdf: KdfCost = KDF_TEST_COST) {
  const path = join(dir, name);
  const clock = fixedClock('2026-11-25T09:00:00Z');
  const vault = await createVault(path, TEST_PASSWORD, { clock, kdf });
  return { path, clock, vault, inventory: createInventory(vault, clock) };
}

export function sampleKey(over: Partial<KeyInput> = {}): KeyInput {
  return {
    platform: 'knouds',
    name: 'Deploy bot',
    account: 'acme-org',
    owner: 'ana@example.com',
    environment: 'production',
    scopes: ['workflow:run', 'workflow:read'],
    deployedTo: ['GitHub Actions secret DEPLOY_KEY in acme/api'],
    tags: ['ci'],
    notes: 'Used by the nightly deploy.',
    expiresAt: '2027-03-01',
    ...over,
  };
}
