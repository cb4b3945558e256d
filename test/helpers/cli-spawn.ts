// Starts the real `keyward` command and hands back the process, for tests that signal it,
// read its output as it comes, or need its exit signal (runCli only waits for the end).
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { CLI_PASSWORD, REPO_ROOT, cliChildEnv } from './cli.js';

export type Spawned = {
  proc: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
};

export function spawnCli(
  args: string[],
  opts: {
    vault: string;
    env?: Record<string, string>;
    cwd?: string;
    input?: string;
    /** KEYWARD_PASSWORD; `null` leaves it unset (a command through an agent, or none). */
    password?: string | null;
  },
): Spawned {
  const env = cliChildEnv();
  env.XDG_CONFIG_HOME = join(dirname(opts.vault), '.config');
  env.KEYWARD_VAULT = opts.vault;
  if (opts.password !== null) env.KEYWARD_PASSWORD = opts.password ?? CLI_PASSWORD;
  Object.assign(env, opts.env ?? {});
  const proc = spawn(process.execPath, [join(REPO_ROOT, 'bin/keyward.mjs'), ...args], {
    env,
    cwd: opts.cwd ?? REPO_ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout?.setEncoding('utf8').on('data', (d: string) => (out += d));
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => (err += d));
  proc.stdin?.end(opts.input ?? '');
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve, reject) => {
      proc.on('error', reject);
      proc.on('close', (code, signal) => resolve({ code, signal, stdout: out, stderr: err }));
    },
  );
  return { proc, stdout: () => out, stderr: () => err, done };
}

/** Resolves once `read()` holds `text` (polling), or rejects after `ms`. */
export async function waitFor(read: () => string, text: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms;
  while (!read().includes(text)) {
    if (Date.now() > until) throw new Error(`timed out waiting for "${text}" in: ${read()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
