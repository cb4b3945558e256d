// keyward unlock | lock: an unlocked session for the CLI, held by a per-user agent process
// (docs/AGENT.md). `unlock` asks the password once, starts the agent (or finds one holding
// the vault) and returns; `lock` ends it. SECURITY: the password reaches the agent on a pipe,
// never in its arguments or environment.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { agentRequest } from '../../core/agent/agent-client.js';
import { agentPidPath, socketPathFor } from '../../core/agent/agent-paths.js';
import { useNativeBinding } from '../../core/db/connection.js';
import { AppError, isAppError } from '../../core/errors.js';
import { startAgent, type RouteOf } from '../agent/agent-server.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { masterPassword } from '../password.js';
import type { Io } from '../terminal.js';

export const DEFAULT_IDLE = '15m';

/** `15m`, `90s`, `2h` as milliseconds (1 s .. 24 h). */
export function parseIdle(text: string): number {
  const m = /^(\d+)(s|m|h)$/.exec(text.trim());
  const ms = m ? Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 's' | 'm' | 'h'] : NaN;
  if (!(ms >= 1000 && ms <= 86_400_000))
    throw new AppError('BAD_INPUT', `--for takes a time like 15m, 90s or 2h (1s to 24h), not "${text}".`);
  return ms;
}

const minutes = (ms: number) => (ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`);

export async function unlockCommand(ctx: Ctx, forText: string | undefined): Promise<number> {
  const idleMs = parseIdle(forText ?? DEFAULT_IDLE);
  const socketPath = socketPathFor(ctx.io.env, ctx.vaultPath);
  const live = await agentRequest(socketPath, { op: 'ping' }, 5000);
  if (live?.ok) {
    if (forText === undefined) {
      ctx.out(
        `The vault is already unlocked (agent ${String(live.pid)}); it locks after ${minutes(Number(live.idleMs))} idle (keyward unlock --for TIME changes it).`,
      );
      return EXIT.ok;
    }
    const set = await agentRequest(socketPath, { op: 'set-idle', idleMs }, 5000);
    if (set?.ok) {
      ctx.out(`The vault is already unlocked (agent ${String(set.pid)}); it now locks after ${minutes(idleMs)} idle.`);
      return EXIT.ok;
    }
    // An agent that went away meanwhile (or refused): start one as if there were none.
  }
  const password = await masterPassword(ctx.io, ctx.passwordFile);
  const script = process.argv[1];
  if (script === undefined) throw new AppError('INTERNAL', 'Cannot tell where keyward is installed.');
  const env = { ...ctx.io.env };
  delete env.KEYWARD_PASSWORD; // SECURITY: the password goes on the pipe below only
  const child = spawn(
    process.execPath,
    [script, 'agent-serve', '--vault', resolve(ctx.vaultPath), '--for', String(idleMs / 1000) + 's'],
    {
      detached: true,
      stdio: ['pipe', 'pipe', 'ignore'],
      env,
    },
  );
  child.stdin.end(password + '\n');
  const line = await new Promise<string>((ok) => {
    let buf = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      buf += d;
      if (buf.includes('\n')) ok(buf.slice(0, buf.indexOf('\n')));
    });
    child.on('exit', () => ok(buf || 'error INTERNAL The agent stopped before it was ready.'));
  });
  child.stdout.destroy();
  child.unref();
  if (line === 'ready' || line === 'reused') {
    ctx.out(
      line === 'ready'
        ? `Unlocked: keyward commands use this session until ${minutes(idleMs)} without use, "keyward lock", or the desktop app locking.`
        : 'The vault is already unlocked by another "keyward unlock".',
    );
    return EXIT.ok;
  }
  const [, code, ...message] = line.split(' ');
  throw new AppError((code ?? 'INTERNAL') as never, message.join(' ') || 'The agent did not start.');
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whether `pid` is this user's agent for the socket (its command line says so, where /proc tells). */
function isAgentProcess(pid: number, vaultPath: string): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  if (!existsSync('/proc/self/cmdline')) return true; // no /proc: the pid file, in the 0700 folder, is the word
  try {
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    return cmd.includes('agent-serve') && cmd.includes(resolve(vaultPath));
  } catch {
    return false;
  }
}

/**
 * An agent that answers nothing, not even `ping`, is held by work that cannot stop midway (an import writes in one
 * transaction): it is ended. What it had not committed is not kept (SQLite rolls an unfinished transaction back)
 * and its keys go with the process. False when it cannot be found.
 */
async function endSilentAgent(socketPath: string, vaultPath: string): Promise<boolean> {
  let pid: number;
  try {
    pid = Number(readFileSync(agentPidPath(socketPath), 'utf8'));
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !isAgentProcess(pid, vaultPath)) return false;
  process.kill(pid, 'SIGKILL');
  for (let i = 0; i < 100 && isAgentProcess(pid, vaultPath); i++) await sleep(30);
  for (const f of [socketPath, agentPidPath(socketPath)]) rmSync(f, { force: true });
  return true;
}

export async function lockCommand(ctx: Ctx): Promise<number> {
  // The agent answers once its keys are wiped: at once when idle, else when the running command
  // has stopped (it is told to) or after 10 s if it does not; this waits a little longer than that.
  const socketPath = socketPathFor(ctx.io.env, ctx.vaultPath);
  const asked = agentRequest(socketPath, { op: 'lock' }, 20_000).then(
    (reply) => ({ reply }),
    (cause: unknown) => ({ cause }),
  );
  // A lock is answered as it arrives (once the running command has stopped, which leaves the agent free to answer a
  // ping meanwhile); one that has not answered after 1 s and then answers no ping in 2 s either is held by work that
  // cannot stop (its event loop is busy), and waiting would not lock it.
  const silent = sleep(1000).then(async () => {
    const ping = await agentRequest(socketPath, { op: 'ping' }, 2000).then(
      () => 'answered' as const,
      (e: unknown) => (isAppError(e) ? ('answered' as const) : ('silent' as const)),
    );
    return ping === 'silent' ? ({ silent: true } as const) : new Promise<never>(() => undefined);
  });
  const first = await Promise.race([asked, silent]);
  if ('silent' in first) {
    if (await endSilentAgent(socketPath, ctx.vaultPath)) {
      ctx.out(
        'Locked: the unlocked session was busy with work that cannot stop midway (an import writes all at once) and ' +
          'was ended; what it had not finished writing is not kept.',
      );
      return EXIT.ok;
    }
  }
  const done = 'silent' in first ? await asked : first;
  if ('cause' in done)
    throw new AppError('INTERNAL', 'The unlocked session did not answer the lock in time; it may still be locking.', {
      cause: done.cause,
    });
  const { reply } = done;
  if (reply === null) {
    ctx.out('No unlocked session for this vault.');
    return EXIT.ok;
  }
  if (!reply.ok) throw new AppError('BAD_INPUT', reply.message);
  ctx.out('Locked: the agent wiped its keys and stopped.');
  return EXIT.ok;
}

/** The agent process itself (started by unlock, not documented as a command). */
export async function agentServeCommand(
  ctx: Ctx,
  forText: string | undefined,
  exec: (argv: string[], io: Io) => Promise<number>,
  routeOf: RouteOf,
  nativeBinding?: string,
): Promise<number> {
  const idleMs = parseIdle(forText ?? DEFAULT_IDLE);
  if (nativeBinding !== undefined) useNativeBinding(nativeBinding); // before any vault is opened
  const password = await new Promise<string>((ok) => {
    let buf = '';
    ctx.io.stdin.setEncoding('utf8');
    ctx.io.stdin.on('data', (d: string) => (buf += d));
    ctx.io.stdin.on('end', () => ok(buf.replace(/\r?\n$/, '')));
  });
  let started;
  try {
    started = await startAgent({
      vaultPath: resolve(ctx.vaultPath),
      socketPath: socketPathFor(ctx.io.env, ctx.vaultPath),
      idleMs,
      password,
      clock: ctx.clock,
      exec,
      routeOf,
    });
  } catch (e) {
    const code = isAppError(e) ? e.code : 'INTERNAL';
    const message = isAppError(e) ? e.message : 'The agent could not start.';
    ctx.io.stdout.write(`error ${code} ${message.replace(/\n/g, ' ')}\n`);
    return isAppError(e) ? EXIT.usage : EXIT.internal;
  }
  ctx.io.stdout.write(`${started.state}\n`);
  ctx.io.stdout.end();
  await started.done;
  return EXIT.ok;
}
