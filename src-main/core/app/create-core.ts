// Composition root: builds the core's services from ports. Nothing starts on
// import. Holds the one vault session of a host (desktop window or test bridge).
import { existsSync } from 'node:fs';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { KdfCost } from '../crypto/kdf.js';
import { AppError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { Clock } from '../ports/clock.port.js';
import { lockAgentAt } from '../agent/agent-client.js';
import { socketPathFor } from '../agent/agent-paths.js';
import { changePassword, createVault, unlockVault, type Vault } from '../vault/vault.js';
import { createSession, type Session } from './session.js';
import { writeScanIndex } from '../scan/scan-index.js';

export type CorePorts = { clock: Clock; vaultPath: string; kdf?: KdfCost };

/**
 * `opened`: a session the host already unlocked (the CLI opens one per command and calls the
 * same handlers through a dispatch over it: see cli/calls.ts).
 */
export function createCore(ports: CorePorts, opened: Session | null = null) {
  let session: Session | null = opened;

  const status = () => ({
    exists: existsSync(ports.vaultPath),
    unlocked: session !== null,
    path: ports.vaultPath,
    readOnly: session?.vault.readOnly ?? false,
    damage: session?.vault.damage ?? null,
    integrityWarning: session?.vault.integrityWarning ?? null,
    commitWarning: session?.vault.commitWarning ?? null,
    readOnlyReason: session?.vault.readOnlyReason ?? null,
  });

  const open = (vault: Vault) => {
    session = createSession(vault, { clock: ports.clock });
    return status();
  };

  return {
    status,
    clock: ports.clock,
    async create(password: string) {
      if (session) throw new AppError('BAD_INPUT', 'A vault is already open.');
      mkdirSync(dirname(ports.vaultPath), { recursive: true, mode: 0o700 });
      return open(await createVault(ports.vaultPath, password, { clock: ports.clock, kdf: ports.kdf }));
    },
    async unlock(password: string) {
      if (session) return status();
      return open(await unlockVault(ports.vaultPath, password));
    },
    lock() {
      // The locked-state scan index (where there is one) follows what changed while unlocked.
      if (session && !session.vault.readOnly) {
        try {
          writeScanIndex(session.vault.path, session.inventory);
        } catch {
          // a damaged index is reported by the next locked scan; locking must not fail
        }
      }
      session?.scans.clear(); // a running scan stops: it reads the vault's secrets
      session?.vault.lock();
      session = null;
      lockAgentAt(socketPathFor(process.env, ports.vaultPath)); // the CLI's unlocked session locks with the app
      return status();
    },
    async changePassword(oldPassword: string, newPassword: string, rotateVaultKey = false) {
      if (session) throw new AppError('BAD_INPUT', 'Lock the vault before changing its password.');
      const r = await changePassword(ports.vaultPath, oldPassword, newPassword, ports.clock, undefined, {
        rotateVaultKey,
      });
      return { changed: true as const, rotated: r.rotated };
    },
    session(): Session {
      if (!session) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
      return session;
    },
    inventory(): Inventory {
      return this.session().inventory;
    },
  };
}
export type Core = ReturnType<typeof createCore>;
