// Spawns the child scripts in test/helpers/children (they run the compiled core in
// out/cli, built by build-cli.global.ts) and collects the lines they print.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export type Child = {
  proc: ChildProcess;
  /** Complete lines printed so far (a line cut by a kill is not included). */
  lines: string[];
  /** Resolves once the child printed "ready". */
  ready: Promise<void>;
  /** Resolves when the child has exited and its output is drained. */
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
};

export function spawnChild(
  script: 'key-writer.mjs' | 'passwd-flipper.mjs',
  args: string[],
  opts: { waitForGo?: boolean } = {},
): Child {
  const path = fileURLToPath(new URL(`./children/${script}`, import.meta.url));
  const env = { ...process.env, KEYWARD_TEST_WAIT_GO: opts.waitForGo ? '1' : '0' };
  const proc = spawn(process.execPath, [path, ...args], {
    env,
    stdio: [opts.waitForGo ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let partial = '';
  let stderr = '';
  let onReady: () => void = () => {};
  let onFail: (e: Error) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  proc.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line === 'ready') onReady();
      else lines.push(line);
    }
  });
  proc.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => {
    proc.on('close', (code, signal) => {
      onFail(new Error(`child exited before it was ready (${code ?? signal}): ${stderr}`));
      resolve({ code, signal, stderr });
    });
  });
  return { proc, lines, ready, done };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
