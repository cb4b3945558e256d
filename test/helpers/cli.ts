// Runs the real `keyward` command (node bin/keyward.mjs, built by build-cli.global.ts)
// as a subprocess with a controlled environment: no inherited KEYWARD_* variables and
// a private config folder, so a test never touches a real vault. KEYWARD_TEST_KDF (set for the
// whole suite by vitest.config.ts) is passed on, so the child accepts the test cost.
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(REPO_ROOT, 'bin/keyward.mjs');

export type CliResult = { code: number | null; stdout: string; stderr: string };
export type CliOptions = {
  vault: string;
  /** KEYWARD_PASSWORD; `null` leaves it unset. */
  password?: string | null;
  env?: Record<string, string>;
  /** Written to stdin, which is then closed (never a TTY). */
  input?: string;
  /** The folder the command runs in (the repository's root unless given). */
  cwd?: string;
};

/**
 * The environment a `keyward` child gets: this process's, without any KEYWARD_ setting but the
 * suite's KEYWARD_TEST_KDF (without it a vault at the test cost does not open), plus `extra`.
 */
export function cliChildEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && (!k.startsWith('KEYWARD_') || k === 'KEYWARD_TEST_KDF')) env[k] = v;
  return Object.assign(env, extra);
}

export function runCli(args: string[], opts: CliOptions): Promise<CliResult> {
  const env = cliChildEnv();
  env.XDG_CONFIG_HOME = join(dirname(opts.vault), '.config');
  env.KEYWARD_VAULT = opts.vault;
  if (opts.password !== null) env.KEYWARD_PASSWORD = opts.password ?? CLI_PASSWORD;
  Object.assign(env, opts.env ?? {});
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env,
      cwd: opts.cwd ?? REPO_ROOT,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

export const CLI_PASSWORD = 'cli test password 1';

/** `keyward init` at the suite's test cost (KDF_TEST_COST: 1 MiB, 1 pass). */
export async function initCliVault(vault: string, password = CLI_PASSWORD): Promise<void> {
  const r = await runCli(['init', '--kdf-memory', '1', '--kdf-passes', '1'], { vault, password });
  if (r.code !== 0) throw new Error(`keyward init failed (${r.code}): ${r.stderr}`);
}

/**
 * A copy of a closed vault (the file, its WAL if any, its commit counter and schedule), for files
 * whose tests each start from the same vault made once with `keyward init`: one subprocess per
 * file instead of one per test. The copies share the template's vault id.
 */
export function copyCliVault(template: string, to: string): void {
  mkdirSync(dirname(to), { recursive: true, mode: 0o700 });
  copyFileSync(template, to);
  for (const side of ['-wal', '.commits', '.schedule.json']) {
    if (existsSync(template + side)) copyFileSync(template + side, to + side);
  }
}

/** `keyward add ... --json` with the secret on stdin; returns the new key's id. */
export async function addCliKey(vault: string, flags: string[], secret: string, password?: string): Promise<string> {
  const r = await runCli(['add', ...flags, '--json'], { vault, input: `${secret}\n`, password });
  if (r.code !== 0) throw new Error(`keyward add failed (${r.code}): ${r.stderr}`);
  return (JSON.parse(r.stdout) as { id: string }).id;
}
