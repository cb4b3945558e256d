// What every command gets: parsed global options, I/O, and a way to open the vault.
import { createSession, type Session } from '../core/app/session.js';
import type { Clock } from '../core/ports/clock.port.js';
import { unlockVault } from '../core/vault/vault.js';
import { masterPassword } from './password.js';
import { terminalSafe, type Io } from './terminal.js';

export type Globals = { vaultPath: string; passwordFile: string | undefined; json: boolean };

export type Ctx = Globals & {
  io: Io;
  clock: Clock;
  out: (line: string) => void;
  warn: (line: string) => void;
  /** Unlocks the vault, runs `fn`, and always locks again. */
  withVault: <T>(fn: (session: Session) => Promise<T> | T) => Promise<T>;
};

export function makeCtx(globals: Globals, io: Io, clock: Clock): Ctx {
  return {
    ...globals,
    io,
    clock,
    out: (line) => void io.stdout.write(terminalSafe(line) + '\n'),
    warn: (line) => void io.stderr.write(terminalSafe(line) + '\n'),
    withVault: async (fn) => {
      const password = await masterPassword(io, globals.passwordFile);
      const vault = await unlockVault(globals.vaultPath, password);
      try {
        if (vault.damage !== null) {
          io.stderr.write(`warning: the vault file is damaged (${vault.damage}); it is open read-only.\n`);
        }
        if (vault.integrityWarning !== null) io.stderr.write(`warning: ${terminalSafe(vault.integrityWarning)}\n`);
        if (vault.scrubPending)
          io.stderr.write(
            'warning: a deleted key\u2019s scrub is still pending: another process is reading the vault.\n',
          );
        const session = createSession(vault, { clock });
        const result = await fn(session);
        if (!vault.readOnly) session.alerts.writeSchedule();
        return result;
      } finally {
        vault.lock();
      }
    },
  };
}
