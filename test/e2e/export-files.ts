// Inventory exports for browser tests, made by the compiled core (out/cli) from a
// seeded vault in a temp folder, exactly as `keyward export` writes them.
/// <reference types="node" />
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { createSession as CreateSession } from '../../src-main/core/app/session';
import type { KDF_TEST_COST as KdfTestCost } from '../../src-main/core/crypto/kdf';
import type { systemClock as SystemClock } from '../../src-main/core/ports/clock.port';
import type { ExportFormat, exportInventory as ExportInventory } from '../../src-main/core/transfer/export/index';
import type { createVault as CreateVault } from '../../src-main/core/vault/vault';
import { seedKeys } from './seed';

const ROOT = resolve(import.meta.dirname, '../..');
const load = async <T>(rel: string): Promise<T> => (await import(pathToFileURL(join(ROOT, 'out/cli', rel)).href)) as T;

export const HOSTILE_NAME = '<script>alert("pwned")</script> & "quotes"';

/** Seeds `count` keys (plus one with a hostile name) and writes each format as DIR/inventory.FORMAT. */
export async function writeExports(
  dir: string,
  count: number,
  formats: ExportFormat[],
  /** Names of further custom keys (as a .env import names them: long, with no space). */
  extraNames: string[] = [],
): Promise<Record<string, string>> {
  const { createVault } = await load<{ createVault: typeof CreateVault }>('core/vault/vault.js');
  const { createSession } = await load<{ createSession: typeof CreateSession }>('core/app/session.js');
  const { KDF_TEST_COST } = await load<{ KDF_TEST_COST: typeof KdfTestCost }>('core/crypto/kdf.js');
  const { systemClock } = await load<{ systemClock: typeof SystemClock }>('core/ports/clock.port.js');
  const { exportInventory } = await load<{ exportInventory: typeof ExportInventory }>('core/transfer/export/index.js');
  const vault = await createVault(join(dir, 'team-vault.db'), 'export test password', {
    clock: systemClock,
    kdf: KDF_TEST_COST,
  });
  try {
    const session = createSession(vault, { clock: systemClock, writeSchedule: false });
    session.inventory.addMany(
      seedKeys(count, { profile: 'every-rule' }).map((k) => ({ input: k.fields as never, secret: k.secret })),
    );
    session.inventory.add(
      { platform: 'custom', name: HOSTILE_NAME, owner: "o'brien@acme.dev" },
      { value: 'hostile-name-secret-0123456789' },
    );
    extraNames.forEach((name, i) =>
      session.inventory.add(
        { platform: 'custom', name, environment: 'production', owner: 'platform-team@acme.dev' },
        { value: `env-style-name-secret-${i}-0123456789` },
      ),
    );
    const paths: Record<string, string> = {};
    for (const format of formats) {
      const path = join(dir, `inventory.${format}`);
      writeFileSync(path, exportInventory(session, format).text);
      paths[format] = path;
    }
    return paths;
  } finally {
    vault.lock();
  }
}
