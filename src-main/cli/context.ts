// What every command gets: parsed global options, I/O, and a way to open the vault.
import { createSession, type Session } from '../core/app/session.js';
import { AppError, isAppError } from '../core/errors.js';
import type { Clock } from '../core/ports/clock.port.js';
import { unlockVault, type Vault } from '../core/vault/vault.js';
import { resolve } from 'node:path';
import { agentRequest } from '../core/agent/agent-client.js';
import { socketPathFor } from '../core/agent/agent-paths.js';
import { resolveEntries, type Resolved } from '../core/inject/inject.service.js';
import type { EnvEntry } from '../core/inject/secret-ref.js';
import { masterPassword } from './password.js';
import { writeScanIndex } from '../core/scan/scan-index.js';
import { terminalSafe, type Io } from './terminal.js';

export type Globals = {
  vaultPath: string;
  passwordFile: string | undefined;
  json: boolean;
  /** --strict: a vault that lost acknowledged writes or fails its manifest check stops the command (exit 4). */
  strict?: boolean;
};

export type Ctx = Globals & {
  io: Io;
  clock: Clock;
  out: (line: string) => void;
  warn: (line: string) => void;
  /** Unlocks the vault, runs `fn`, and always locks again. */
  withVault: <T>(fn: (session: Session) => Promise<T> | T) => Promise<T>;
  /** The values of `entries` (read, run): from the unlocked agent when there is one, else by unlocking. */
  resolveSecrets: (entries: EnvEntry[], detail: string) => Promise<Resolved>;
  /** One key's secret for the clipboard, recorded as copied: from the agent when there is one, else by unlocking. */
  copySecret: (ref: string) => Promise<Copied>;
};

export type Copied = { secret: string; name: string; id: string };

/** Reveals a key for `clip` (in the agent too): the history says it was copied. */
export function copyOut(session: Session, ref: string): Copied {
  const rec = session.inventory.get(ref);
  return { secret: session.inventory.reveal(rec.id, 'copied', 'clip').value, name: rec.name, id: rec.id };
}

// In the agent process: the session it holds, used instead of unlocking with a password.
let held: { vaultPath: string; session: Session } | null = null;
export function holdSession(h: { vaultPath: string; session: Session } | null): void {
  held = h;
}
export const isAgentProcess = (): boolean => held !== null;

/** Whether the CLI may ask an agent (not from inside one, not with KEYWARD_NO_AGENT=1). */
export const mayUseAgent = (env: NodeJS.ProcessEnv): boolean => held === null && env.KEYWARD_NO_AGENT !== '1';

/**
 * After a command that leaves an agent's keys stale (passwd --rotate-vault-key, a restore over
 * the vault): the agent of this vault, if one runs, is locked, and the user told so.
 */
export async function lockStaleAgent(ctx: Pick<Ctx, 'io' | 'vaultPath' | 'warn'>, why: string): Promise<void> {
  if (held !== null) return;
  const reply = await agentRequest(socketPathFor(ctx.io.env, ctx.vaultPath), { op: 'lock' }, 5000).catch(() => null);
  if (reply?.ok) ctx.warn(`The unlocked session (keyward unlock) was locked: ${why}. Run keyward unlock again.`);
}

/** The notification schedule beside the vault follows the keys a command changed. */
function refreshSchedule(session: Session, io: Io): void {
  // A side file must not fail a command that did its work: one warning, the result's exit status.
  let problem: string | null;
  try {
    problem = session.alerts.refreshSchedule({ incremental: true }).problem;
  } catch (e) {
    problem = isAppError(e) ? e.message : 'error';
  }
  if (problem !== null)
    io.stderr.write(
      `warning: the notification schedule beside the vault was not updated (${terminalSafe(problem)}).\n`,
    );
}

/** The locked-state scan index, where there is one, follows every change of the stored keys. */
function refreshIndex(session: Session, io: Io): void {
  if (session.vault.readOnly) return;
  let problem: string | null;
  try {
    problem = writeScanIndex(session.vault.path, session.inventory).problem;
  } catch (e) {
    problem = isAppError(e) ? e.message : 'error';
  }
  if (problem !== null)
    io.stderr.write(`warning: the scan index beside the vault was not updated (${terminalSafe(problem)}).\n`);
}

export function makeCtx(globals: Globals, io: Io, clock: Clock): Ctx {
  const ctx: Ctx = {
    ...globals,
    io,
    clock,
    out: (line) => void io.stdout.write(terminalSafe(line) + '\n'),
    warn: (line) => void io.stderr.write(terminalSafe(line) + '\n'),
    resolveSecrets: async (entries, detail) => {
      if (mayUseAgent(io.env)) {
        const reply = await agentRequest(socketPathFor(io.env, globals.vaultPath), { op: 'resolve', entries, detail });
        if (reply?.ok) return reply as unknown as Resolved;
        if (reply && !reply.ok && reply.code !== 'PEER_REFUSED') throw new AppError(reply.code as never, reply.message);
      }
      return ctx.withVault(({ inventory }) => resolveEntries(inventory, entries, detail));
    },
    copySecret: async (ref) => {
      if (mayUseAgent(io.env)) {
        const reply = await agentRequest(socketPathFor(io.env, globals.vaultPath), { op: 'copy', ref });
        if (reply?.ok) return { secret: String(reply.secret), name: String(reply.name), id: String(reply.id) };
        if (reply && !reply.ok && reply.code !== 'PEER_REFUSED') throw new AppError(reply.code as never, reply.message);
      }
      return ctx.withVault((session) => copyOut(session, ref));
    },
    withVault: async (fn) => {
      const report = (vault: Vault) => {
        const warnings = [vault.integrityWarning, vault.commitWarning].filter((w): w is string => w !== null);
        for (const w of warnings) io.stderr.write(`warning: ${terminalSafe(w)}\n`);
        if (globals.strict && warnings.length > 0)
          throw new AppError('INTEGRITY_ERROR', 'Stopped (--strict): the vault failed its checks at unlock.');
      };
      if (held !== null && resolve(held.vaultPath) === resolve(globals.vaultPath)) {
        // SECURITY: the agent's vault was checked at its unlock; a change by another process since is checked now.
        held.session.vault.recheck();
        report(held.session.vault);
        const result = await fn(held.session);
        // The same side files as the normal path below: a change through the agent leaves no stale one.
        refreshSchedule(held.session, io);
        refreshIndex(held.session, io);
        return result;
      }
      const password = await masterPassword(io, globals.passwordFile);
      const vault = await unlockVault(globals.vaultPath, password);
      try {
        if (vault.damage !== null) {
          io.stderr.write(`warning: the vault file is damaged (${vault.damage}); it is open read-only.\n`);
        } else if (vault.readOnlyReason !== null) {
          io.stderr.write(`warning: the vault is open read-only (${vault.readOnlyReason}); changes are refused.\n`);
        }
        report(vault);
        if (vault.scrubPending)
          io.stderr.write(
            'warning: a deleted key\u2019s scrub is still pending: another process is reading the vault.\n',
          );
        const session = createSession(vault, { clock });
        const result = await fn(session);
        refreshSchedule(session, io);
        refreshIndex(session, io);
        return result;
      } finally {
        vault.lock();
      }
    },
  };
  return ctx;
}
