// A vault at the suite's test cost (KDF_TEST_COST) opened as a full session (inventory, verifier,
// rotations, alerts), the way every host builds it, for lifecycle and alert tests.
import { join } from 'node:path';
import { createSession, type Session } from '../../src-main/core/app/session.js';
import { KDF_TEST_COST } from '../../src-main/core/crypto/kdf.js';
import type { PlatformCallDeps } from '../../src-main/core/platforms/platform-call.js';
import type { Clock } from '../../src-main/core/ports/clock.port.js';
import { createVault, unlockVault } from '../../src-main/core/vault/vault.js';
import { withRawDb } from './raw-db.js';
import { TEST_PASSWORD } from './temp-vault.js';

export type SessionPorts = {
  clock: Clock;
  platform?: PlatformCallDeps;
  writeSchedule?: boolean;
};

export async function newSessionVault(
  dir: string,
  ports: SessionPorts,
  name = 'vault.db',
): Promise<{ path: string; session: Session }> {
  const path = join(dir, name);
  const vault = await createVault(path, TEST_PASSWORD, {
    clock: ports.clock,
    kdf: KDF_TEST_COST,
  });
  return {
    path,
    session: createSession(vault, { writeSchedule: false, ...ports }),
  };
}

export async function reopenSession(path: string, ports: SessionPorts): Promise<Session> {
  return createSession(await unlockVault(path, TEST_PASSWORD), {
    writeSchedule: false,
    ...ports,
  });
}

/** PRAGMA integrity_check on the closed vault file ('ok' when sound). */
export const integrityOf = (path: string): string =>
  withRawDb(path, (db) =>
    (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; '),
  );

/** YYYY-MM-DD `days` from today (UTC), for CLI tests that run on the system clock. */
export const dayFromToday = (days: number, now = new Date()): string =>
  new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
