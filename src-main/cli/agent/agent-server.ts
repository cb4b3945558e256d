// The per-user agent process (`keyward unlock` starts it): holds one unlocked vault and
// answers on a 0600 Unix socket in a 0700 folder, to clients of this uid only. Locks (wipes
// its keys, removes its socket, exits) after its idle time, on `keyward lock`, or when asked
// by the desktop app's lock. SECURITY: a secret leaves only in a reply to `resolve` (read,
// run), to `copy` (clip) or in the output of a command that prints it (show --reveal). One
// enters only in the request of a command that stores it (add, edit --replace-secret).
import { closeSync, openSync, readFileSync, statSync, unlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { PassThrough, Readable } from 'node:stream';
import { createSession } from '../../core/app/session.js';
import { agentRequest } from '../../core/agent/agent-client.js';
import { agentPidPath, ensureAgentDir, uid } from '../../core/agent/agent-paths.js';
import { peerUid } from '../../core/agent/peer-uid.js';
import { AppError, isAppError } from '../../core/errors.js';
import { setTimeZone } from '../../core/alerts/calendar-date.js';
import { resolveEntries } from '../../core/inject/inject.service.js';
import type { EnvEntry } from '../../core/inject/secret-ref.js';
import type { Clock } from '../../core/ports/clock.port.js';
import { unlockVault } from '../../core/vault/vault.js';
import { copyOut, holdSession } from '../context.js';
import type { Io } from '../terminal.js';
import { dirname, isAbsolute } from 'node:path';
import { AGENT_COMMANDS, type Route } from './agent-route.js';

export { AGENT_COMMANDS };
const FORWARDED_ENV =
  /^(KEYWARD_VAULT|KEYWARD_TEST_KDF|NODE_ENV|NO_COLOR|COLUMNS|LANG|LC_ALL|TZ|XDG_CONFIG_HOME|HOME)$/;

type Exec = (argv: string[], io: Io) => Promise<number>;
/** Where a command line runs (agent-route.ts) as the agent sees it: no terminal; null when it does not parse. */
export type RouteOf = (argv: string[], cwd: string) => Route | null;
type Opts = {
  vaultPath: string;
  socketPath: string;
  idleMs: number;
  password: string;
  clock: Clock;
  exec: Exec;
  routeOf: RouteOf;
};

/** The reply that sends a command back to the client, to run there with the password. Nothing was changed. */
export const NEEDS_TERMINAL = {
  ok: false,
  code: 'NEEDS_TERMINAL',
  message: 'This command needs the terminal; it runs with the password.',
} as const;

/**
 * The agent's standard input for a command that was given none: the first read (a question, a
 * secret from standard input) calls `onRead`, which ends the request with NEEDS_TERMINAL. The
 * command is left waiting on input that never comes: it asked before changing anything.
 */
class NoInput extends Readable {
  constructor(private readonly onRead: () => void) {
    super();
  }
  override _read(): void {
    this.onRead();
  }
}

function bufferedIo(
  env: NodeJS.ProcessEnv,
  input: string | null,
  onRead: () => void,
): { io: Io; text: () => { stdout: string; stderr: string } } {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (into: string[]) => {
    const s = new PassThrough();
    s.setEncoding('utf8');
    s.on('data', (d: string) => into.push(d));
    return s as unknown as NodeJS.WriteStream;
  };
  let stdin: Readable;
  if (input === null) stdin = new NoInput(onRead);
  else {
    const given = new PassThrough();
    given.end(input);
    stdin = given;
  }
  return {
    io: { stdin: stdin as unknown as NodeJS.ReadStream, stdout: sink(out), stderr: sink(err), env },
    text: () => ({ stdout: out.join(''), stderr: err.join('') }),
  };
}

/** Serialises the check-for-a-live-agent, remove-a-stale-socket, listen steps of agents starting at once. */
function takeStartLock(path: string): () => void {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeFileSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          unlinkSync(path);
        } catch {
          // already gone
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const holder = Number(readFileSync(path, 'utf8') || '0');
      let alive = holder > 0;
      try {
        if (alive) process.kill(holder, 0);
      } catch {
        alive = false;
      }
      if (!alive)
        unlinkSync(path); // its holder was killed while starting
      else if (Date.now() > deadline) throw new AppError('INTERNAL', 'Another agent is starting and does not finish.');
      else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}

function listen(server: Server, path: string): Promise<void> {
  return new Promise((ok, fail) => {
    server.once('error', fail);
    const old = process.umask(0o177); // SECURITY: the socket is born 0600, no window at a wider mode
    server.listen(path, () => {
      process.umask(old);
      server.off('error', fail);
      ok();
    });
  });
}

/** Unlocks, then serves; resolves 'ready' once listening, or 'reused' when a live agent already holds the vault. */
export async function startAgent(o: Opts): Promise<{ state: 'ready' | 'reused'; done: Promise<void> }> {
  ensureAgentDir(dirname(o.socketPath)); // before the password is used: an unsafe folder stops here
  const vault = await unlockVault(o.vaultPath, o.password);
  const session = createSession(vault, { clock: o.clock });
  // Half-open: a client ends its side once the request is written; the reply of a command that
  // waits on I/O (a module loaded, verify's network, scan's files) still has a socket to go to.
  const server = createServer({ allowHalfOpen: true });
  let release = () => {};
  try {
    release = takeStartLock(`${o.socketPath}.lock`);
    // An agent that takes the ping and does not answer it in time is alive and busy (work that holds it, such as
    // an import): it holds the vault, so this one is not needed.
    const live = await agentRequest(o.socketPath, { op: 'ping' }, 5000).catch((e: unknown) =>
      isAppError(e) ? null : { ok: true as const },
    );
    if (live?.ok) {
      vault.lock();
      return { state: 'reused', done: Promise.resolve() };
    }
    try {
      unlinkSync(o.socketPath); // a stale socket: nobody answers on it
    } catch {
      // none
    }
    await listen(server, o.socketPath);
    chmodSync(o.socketPath, 0o600);
    // Who serves this socket, for a `keyward lock` that gets no answer: work that holds the process (an
    // import's one transaction) answers nothing until it ends, and lock then ends the process (agentPidPath).
    writeFileSync(agentPidPath(o.socketPath), String(process.pid), { mode: 0o600 });
  } catch (e) {
    vault.lock(); // SECURITY: an agent that cannot serve wipes its keys at once
    throw e;
  } finally {
    release();
  }
  const ours = statSync(o.socketPath).ino;
  holdSession({ vaultPath: o.vaultPath, session });
  let timer: NodeJS.Timeout | undefined;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((r) => (finish = r));
  const removeSocket = () => {
    try {
      if (statSync(o.socketPath).ino === ours) unlinkSync(o.socketPath);
    } catch {
      // gone already
    }
    try {
      if (readFileSync(agentPidPath(o.socketPath), 'utf8') === String(process.pid))
        unlinkSync(agentPidPath(o.socketPath));
    } catch {
      // gone already
    }
  };
  const shutdown = () => {
    clearTimeout(timer);
    holdSession(null);
    vault.lock(); // SECURITY: keys wiped first
    removeSocket();
    server.close();
    finish();
  };
  let idleMs = o.idleMs;
  let busy = 0;
  const touch = (newIdleMs?: number) => {
    if (newIdleMs !== undefined) idleMs = newIdleMs;
    clearTimeout(timer);
    // The idle time counts from the end of the last request: a long command is never locked under itself.
    timer = setTimeout(() => (busy > 0 ? touch() : shutdown()), idleMs);
  };
  touch();
  /** The command running now (requests run one at a time) and how to stop it. */
  let running: { stop: AbortController; settled: Promise<void> } | null = null;
  let locking: Promise<void> | null = null;
  /**
   * `keyward lock`, the app locking, a replaced vault file: no request is taken from now on (the
   * socket file goes at once, so a new command asks for the password), the running command is
   * stopped (each change is one transaction: it is written whole or not at all) and, once it has
   * ended, or after STOP_WAIT_MS if it does not, the keys are wiped and the vault closed.
   */
  const lockNow = (): Promise<void> => {
    if (locking !== null) return locking;
    removeSocket();
    server.close();
    const current = running;
    current?.stop.abort(new AppError('VAULT_LOCKED', LOCKED_WHILE_RUNNING.message));
    locking = (async () => {
      if (current !== null)
        await new Promise<void>((ok) => {
          const t = setTimeout(ok, STOP_WAIT_MS);
          void current.settled.then(() => {
            clearTimeout(t);
            ok();
          });
        });
      shutdown();
    })();
    return locking;
  };
  let queue = Promise.resolve();
  server.on('connection', (socket: Socket) => {
    // First of all: a peer may be gone already (killed at once, or it gave up), and a write to its closed
    // socket then fails; unheard, that error would end the agent.
    socket.on('error', () => socket.destroy());
    if (locking !== null || peerUid(socket) !== uid()) {
      // SECURITY: refused when the peer is another user or cannot be told (fail closed).
      if (!socket.destroyed)
        socket.end(JSON.stringify({ ok: false, code: 'PEER_REFUSED', message: 'Refused: not this user.' }) + '\n');
      return;
    }
    // The client keeps its side open until the reply: its end before that means it is gone (killed,
    // or it stopped waiting), and its command is stopped where it can be.
    const stop = new AbortController();
    let gone = false;
    let replied = false;
    const hangUp = () => {
      if (replied || gone) return;
      gone = true;
      stop.abort(new AppError('CANCELLED', 'The command that sent this request stopped waiting for it.'));
    };
    const reply = (r: Record<string, unknown>) => {
      replied = true;
      // A client that is gone gets nothing: a write to its closed socket is never attempted.
      if (gone || socket.destroyed || !socket.writable) socket.destroy();
      else socket.end(JSON.stringify(r) + '\n');
    };
    let buf = '';
    let taken = false;
    socket.setEncoding('utf8');
    socket.on('end', hangUp);
    socket.on('close', hangUp);
    socket.on('data', (d: string) => {
      if (taken) return; // one request per connection
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) {
        if (buf.length > 1 << 20) socket.destroy();
        return;
      }
      taken = true;
      const line = buf.slice(0, nl);
      buf = '';
      const op = opOf(line);
      // These answer at once, even while a long command runs: they touch no key.
      if (op === 'lock') {
        void lockNow().then(() => reply({ ok: true, locked: true }));
        return;
      }
      if (op === 'ping' || op === 'set-idle') {
        void answer(line, { ...o, idleMs, session, touch, signal: stop.signal }).then(reply);
        return;
      }
      queue = queue.then(async () => {
        if (gone) return; // left before its turn: nothing was run
        if (locking !== null) return reply(NOT_RUN_LOCKED);
        let settle = () => {};
        running = { stop, settled: new Promise<void>((ok) => (settle = ok)) };
        busy++;
        let r: Record<string, unknown>;
        try {
          r = await answer(line, { ...o, idleMs, session, touch, signal: stop.signal });
        } catch {
          r = { ok: false, code: 'INTERNAL', message: 'The agent could not run the command.' };
        } finally {
          busy--;
          running = null;
          settle();
          touch();
        }
        // Stopped by a lock: the client hears why, never a partial output taken for a result.
        if (locking !== null && stop.signal.aborted) r = LOCKED_WHILE_RUNNING;
        reply(r);
        if ((r as { locked?: boolean }).locked) void lockNow();
      });
    });
  });
  return { state: 'ready', done };
}

/** How long a lock waits for the running command to stop before it closes the vault anyway. */
const STOP_WAIT_MS = 10_000;

/** The reply to a command that a lock stopped while it ran in the agent (the client exits non-zero). */
export const LOCKED_WHILE_RUNNING = {
  ok: false,
  code: 'LOCKED',
  ran: true,
  message:
    'The vault was locked (keyward lock) while this command ran in the unlocked session: it was stopped (a change it had finished is kept, one it had not is not written). Run it again.',
} as const;
/** The reply to a command still waiting for its turn when the agent locked: nothing ran (the client asks for the password). */
const NOT_RUN_LOCKED = {
  ok: false,
  code: 'LOCKED',
  ran: false,
  message: 'The unlocked session locked before this command ran.',
} as const;

function opOf(line: string): unknown {
  try {
    return (JSON.parse(line) as { op?: unknown }).op;
  } catch {
    return undefined;
  }
}

type Ctx = Opts & {
  session: ReturnType<typeof createSession>;
  touch: (newIdleMs?: number) => void;
  /** Aborted when the client goes away or the agent locks: the long-running paths stop on it. */
  signal: AbortSignal;
};

async function answer(line: string, c: Ctx): Promise<Record<string, unknown>> {
  let req: { op?: unknown; argv?: unknown; env?: unknown; cwd?: unknown; entries?: unknown; detail?: unknown };
  try {
    req = JSON.parse(line) as typeof req;
  } catch {
    return { ok: false, code: 'BAD_INPUT', message: 'Not a request.' };
  }
  // SECURITY: a restore (or any other file) put at the vault's path is not the vault this agent
  // unlocked: it answers nothing from the old one and locks itself; the CLI asks for the password.
  if ((req.op === 'exec' || req.op === 'resolve' || req.op === 'copy') && !c.session.vault.isSameFile())
    return {
      ok: false,
      code: 'VAULT_REPLACED',
      message: 'The vault file was replaced since the agent unlocked it; the agent locked itself.',
      locked: true,
    };
  switch (req.op) {
    case 'ping':
      return { ok: true, pid: process.pid, idleMs: c.idleMs };
    case 'lock':
      return { ok: true, locked: true };
    case 'set-idle': {
      // A second `keyward unlock --for T`: the same agent, its idle time from now on T (1 s .. 24 h).
      const ms = Number((req as { idleMs?: unknown }).idleMs);
      if (!(Number.isInteger(ms) && ms >= 1000 && ms <= 86_400_000))
        return { ok: false, code: 'BAD_INPUT', message: 'The idle time must be 1 s to 24 h.' };
      c.touch(ms);
      return { ok: true, pid: process.pid, idleMs: ms };
    }
    case 'exec': {
      c.touch();
      const argv = Array.isArray(req.argv) ? req.argv.map(String) : [];
      // SECURITY: only the commands agent-route.ts names run here, and only the way that needs no
      // terminal: one that would ask, read standard input or unlock again (passwd, backup,
      // export --with-secrets, another agent) goes back to the client.
      const takesValue = new Set(['--vault', '--password-file']);
      const command = argv.find((a, i) => !a.startsWith('-') && !takesValue.has(argv[i - 1] ?? ''));
      if (command === undefined || !AGENT_COMMANDS.has(command) || argv.includes('--password-file'))
        return { ok: false, code: 'BAD_INPUT', message: 'The agent does not run this command.' };
      // The client's folder: relative paths (export --out f, scan .) mean what they mean there.
      const cwd = req.cwd;
      if (typeof cwd !== 'string' || !isAbsolute(cwd))
        return { ok: false, code: 'BAD_INPUT', message: 'The request names no folder to run in.' };
      const route = c.routeOf(argv, cwd);
      const input =
        typeof (req as { stdin?: unknown }).stdin === 'string' ? String((req as { stdin: string }).stdin) : null;
      if (route !== null && route.via === 'password') return NEEDS_TERMINAL;
      // A secret comes with the request only for the commands that store one.
      if (route !== null && route.secret !== (input !== null))
        return input === null
          ? NEEDS_TERMINAL
          : { ok: false, code: 'BAD_INPUT', message: 'This command reads no standard input.' };
      const env: NodeJS.ProcessEnv = {};
      for (const [k, v] of Object.entries((req.env ?? {}) as Record<string, unknown>))
        if (FORWARDED_ENV.test(k) && typeof v === 'string') env[k] = v;
      let wantsInput = () => {};
      const asked = new Promise<'asked'>((r) => (wantsInput = () => r('asked')));
      const { io, text } = bufferedIo(env, input, () => wantsInput());
      io.signal = c.signal;
      // The client has a terminal: a question the command would ask there is asked by the client.
      let toAsk: { kind: 'name'; command: string } | null = null;
      if ((req as { terminal?: unknown }).terminal === true) io.askInClient = (q) => void (toAsk ??= q);
      const home = process.cwd();
      try {
        process.chdir(cwd);
      } catch {
        return { ok: false, code: 'BAD_INPUT', message: 'The agent cannot enter the folder this command runs in.' };
      }
      // Days are the client's: dates are worked out in its time zone (Node follows TZ as it is set).
      const zone = process.env.TZ;
      setTimeZone(env.TZ);
      try {
        const code = await Promise.race([c.exec(argv, io), asked]);
        if (code === 'asked') return NEEDS_TERMINAL;
        // It stopped before changing anything, for the client to ask and send it again.
        if (toAsk !== null)
          return { ok: false, code: 'ASK_IN_CLIENT', message: 'A question for the terminal.', ask: toAsk };
        return { ok: true, code, ...text() };
      } finally {
        setTimeZone(zone);
        try {
          process.chdir(home); // may be gone since: the root folder then, never a failed reply after the work
        } catch {
          process.chdir('/');
        }
      }
    }
    case 'resolve': {
      c.touch();
      try {
        const entries = (Array.isArray(req.entries) ? req.entries : []) as EnvEntry[];
        return { ok: true, ...resolveEntries(c.session.inventory, entries, String(req.detail ?? 'read')) };
      } catch (e) {
        if (isAppError(e)) return { ok: false, code: e.code, message: e.message };
        return { ok: false, code: 'INTERNAL', message: 'The agent could not read the key.' };
      }
    }
    case 'copy': {
      c.touch();
      try {
        return { ok: true, ...copyOut(c.session, String((req as { ref?: unknown }).ref ?? '')) };
      } catch (e) {
        if (isAppError(e)) return { ok: false, code: e.code, message: e.message };
        return { ok: false, code: 'INTERNAL', message: 'The agent could not read the key.' };
      }
    }
    default:
      return { ok: false, code: 'BAD_INPUT', message: 'Unknown request.' };
  }
}
