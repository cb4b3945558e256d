// keyward run | read: hand stored keys to a program through its environment, or to a
// script on stdout. SECURITY: nothing is written to disk; the child's output is masked.
import { spawn } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import { finished } from 'node:stream/promises';
import { constants as osConstants } from 'node:os';
import { AppError } from '../../core/errors.js';
import { maskingStream } from '../../core/inject/masker.js';
import { REF_SCHEME, envEntry, envFlag, isRef, parseEnvFile, type EnvEntry } from '../../core/inject/secret-ref.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';

export type RunFlags = {
  env?: string[];
  'env-file'?: string[];
  'env-from'?: string[];
  'no-inherit-env'?: boolean;
  'no-masking'?: boolean;
};

/** Variables of Keyward itself that a child never inherits (the master password above all). */
const PRIVATE_VARS = /^KEYWARD_(PASSWORD|NEW_PASSWORD|AGENT_SOCKET)$/;
const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGWINCH'];

function entriesOf(flags: RunFlags): EnvEntry[] {
  const entries: EnvEntry[] = [];
  for (const file of [...(flags['env-file'] ?? []), ...(flags['env-from'] ?? [])]) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (cause) {
      throw new AppError('BAD_INPUT', `Cannot read the env file ${file}.`, { cause, subject: file });
    }
    entries.push(...parseEnvFile(text, file));
  }
  for (const e of flags.env ?? []) entries.push(envFlag(e));
  return entries;
}

/** CMD found on Keyward's own PATH, so --no-inherit-env still starts it. */
function findCommand(cmd: string, path: string | undefined): string | null {
  if (cmd.includes('/')) return cmd;
  for (const dir of (path ?? '').split(delimiter)) {
    if (dir === '' || !isAbsolute(dir)) continue;
    try {
      accessSync(join(dir, cmd), constants.X_OK);
      return join(dir, cmd);
    } catch {
      // not here
    }
  }
  return null;
}

export async function runCommand(ctx: Ctx, flags: RunFlags, argv: string[]): Promise<number> {
  if (argv.length === 0) throw new AppError('BAD_INPUT', 'run needs a command: keyward run [options] -- CMD [ARGS...]');
  const entries = entriesOf(flags);
  const exe = findCommand(argv[0] as string, ctx.io.env.PATH);
  if (exe === null) {
    ctx.warn(`keyward: command not found: ${argv[0] as string}`);
    return 127;
  }
  const resolved = entries.some((e) => e.ref !== null)
    ? await ctx.resolveSecrets(entries, `run in ${process.cwd()}`)
    : { env: Object.fromEntries(entries.map((e) => [e.name, e.value])), secrets: [] };
  const base: Record<string, string> = {};
  if (flags['no-inherit-env'] !== true) {
    for (const [k, v] of Object.entries(ctx.io.env)) if (v !== undefined && !PRIVATE_VARS.test(k)) base[k] = v;
  }
  const masking = flags['no-masking'] !== true && resolved.secrets.length > 0;
  return spawnChild(ctx, exe, argv.slice(1), { ...base, ...resolved.env }, masking ? resolved.secrets : null);
}

async function spawnChild(
  ctx: Ctx,
  exe: string,
  args: string[],
  env: Record<string, string>,
  secrets: string[] | null,
): Promise<number> {
  const out = secrets === null ? 'inherit' : 'pipe';
  // SECURITY: the child holds the secrets; it must not outlive a Keyward killed with SIGKILL.
  // setpriv (util-linux) execs CMD with PR_SET_PDEATHSIG, so CMD keeps its pid, signals and exit
  // status; where there is none, a watcher process kills CMD when Keyward's pipe to it closes.
  const setpriv = process.platform === 'linux' ? findCommand('setpriv', ctx.io.env.PATH) : null;
  const child =
    setpriv !== null
      ? spawn(setpriv, ['--pdeathsig', 'KILL', '--', exe, ...args], { env, stdio: ['inherit', out, out] })
      : spawn(exe, args, { env, stdio: ['inherit', out, out] });
  const stopWatch = setpriv === null && child.pid !== undefined ? watchParent(child.pid) : () => undefined;
  const forward = (sig: NodeJS.Signals) => () => void child.kill(sig);
  const handlers = FORWARDED.map((sig) => [sig, forward(sig)] as const);
  for (const [sig, h] of handlers) process.on(sig, h);
  const flushed: Promise<void>[] = [];
  if (secrets !== null && child.stdout && child.stderr) {
    for (const [from, to] of [
      [child.stdout, ctx.io.stdout],
      [child.stderr, ctx.io.stderr],
    ] as const) {
      const mask = maskingStream(secrets);
      from.pipe(mask).pipe(to, { end: false });
      flushed.push(finished(mask).catch(() => undefined));
    }
  }
  let exit: { code: number | null; signal: NodeJS.Signals | null };
  try {
    exit = await new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => resolve({ code, signal }));
    });
    await Promise.all(flushed);
  } catch (cause) {
    throw new AppError('BAD_INPUT', `Could not start ${exe}.`, { cause });
  } finally {
    stopWatch();
    for (const [sig, h] of handlers) process.off(sig, h);
  }
  return exit.signal !== null ? reraise(exit.signal) : (exit.code ?? EXIT.internal);
}

// Waits on its stdin: a line means Keyward saw the child end (nothing to do); end of file without
// one means Keyward died, and the child is killed.
const WATCHER = `let said=false;process.stdin.on('data',()=>{said=true});process.stdin.on('end',()=>{
if(!said){const p=Number(process.argv[1]);try{process.kill(p,0);process.kill(p,'SIGKILL')}catch{}}process.exit(0)})`;

/** A detached watcher of this process for `pid`; the returned function dismisses it. */
function watchParent(pid: number): () => void {
  const w = spawn(process.execPath, ['-e', WATCHER, String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
    env: {},
  });
  w.on('error', () => undefined);
  w.stdin.on('error', () => undefined);
  w.unref();
  return () => {
    w.stdin.end('done\n');
  };
}

/** The child died of a signal: Keyward dies of the same one, as a shell would show it. */
function reraise(signal: NodeJS.Signals): number {
  const num = osConstants.signals[signal] ?? 0;
  process.kill(process.pid, signal);
  return 128 + num;
}

export async function readCommand(ctx: Ctx, ref: string, noNewline: boolean): Promise<number> {
  // A bare id or name is read as keyward://ID.
  const entry = envEntry('KEYWARD_READ', isRef(ref) ? ref : REF_SCHEME + encodeURIComponent(ref), 'read');
  const { secrets } = await ctx.resolveSecrets([entry], 'read');
  // SECURITY: the one place besides show --reveal that prints a secret, and it is asked for by name.
  ctx.io.stdout.write((secrets[0] ?? '') + (noNewline ? '' : '\n'));
  return EXIT.ok;
}
