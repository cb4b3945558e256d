// What every command gets: parsed global options, I/O, and a way to open the vault.
import { createInventory, type Inventory } from '../core/inventory/inventory.service.js';
import type { Clock } from '../core/ports/clock.port.js';
import { unlockVault, type Vault } from '../core/vault/vault.js';
import { masterPassword } from './password.js';
import type { Io } from './terminal.js';

export type Globals = { vaultPath: string; passwordFile: string | undefined; json: boolean };

export type Ctx = Globals & {
  io: Io;
  clock: Clock;
  out: (line: string) => void;
  warn: (line: string) => void;
  /** Unlocks the vault, runs `fn`, and always locks again. */
  withVault: <T>(fn: (vault: Vault, inventory: Inventory) => Promise<T> | T) => Promise<T>;
};

export function makeCtx(globals: Globals, io: Io, clock: Clock): Ctx {
  return {
    ...globals,
    io,
    clock,
    out: (line) => void io.stdout.write(line + '\n'),
    warn: (line) => void io.stderr.write(line + '\n'),
    withVault: async (fn) => {
      const password = await masterPassword(io, globals.passwordFile);
      const vault = await unlockVault(globals.vaultPath, password);
      try {
        if (vault.damage !== null) {
          io.stderr.write(`warning: the vault file is damaged (${vault.damage}); it is open read-only.\n`);
        }
        return await fn(vault, createInventory(vault, clock));
      } finally {
        vault.lock();
      }
    },
  };
}
