// The desktop app serving the command line (docs/AGENT.md): with the setting on, the app
// starts the CLI's own agent (`keyward agent-serve`, the process `keyward unlock` starts) with
// its own runtime, so one unlock in the app serves `keyward list`, `read`, `run` meanwhile.
// It reuses an agent already answering for the vault, and locks it when the app locks, quits
// or the setting is turned off. SECURITY: the password goes on the child's stdin pipe only
// (never its arguments or environment) and is not kept here after it was written.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { agentRequest } from '../core/agent/agent-client.js';
import { socketPathFor } from '../core/agent/agent-paths.js';

/** How to run `keyward` with this app's runtime: the program and its leading arguments (the CLI entry). */
export type AgentLauncher = {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** The app's own better-sqlite3 build when its runtime is Electron's (another ABI than node_modules'). */
  nativeBinding?: string;
};
/** A build that cannot start the agent says why. */
export type AgentLauncherChoice = AgentLauncher | { unavailable: string };

export type AgentStart = { ok: true; reused: boolean } | { ok: false; code: string; message: string };

export function createCliAgent(choice: AgentLauncherChoice, vaultPath: string) {
  const launcher = 'unavailable' in choice ? null : choice;
  const env = launcher?.env ?? process.env;
  const socketPath = () => socketPathFor(env, vaultPath);

  async function ping(): Promise<boolean> {
    try {
      return (await agentRequest(socketPath(), { op: 'ping' }, 5000))?.ok === true;
    } catch {
      return false;
    }
  }

  /** Starts the agent for `idleMinutes` (or finds one answering: then the password is not handed on). */
  async function start(password: string, idleMinutes: number): Promise<AgentStart> {
    if (launcher === null)
      return { ok: false, code: 'BAD_INPUT', message: (choice as { unavailable: string }).unavailable };
    if (await ping()) return { ok: true, reused: true };
    const childEnv: NodeJS.ProcessEnv = { ...launcher.env };
    delete childEnv.KEYWARD_PASSWORD; // SECURITY: the password goes on the pipe below only
    const args = [
      ...launcher.args,
      'agent-serve',
      '--vault',
      resolve(vaultPath),
      '--for',
      `${idleMinutes}m`,
      ...(launcher.nativeBinding === undefined ? [] : ['--native-binding', launcher.nativeBinding]),
    ];
    const child = spawn(launcher.command, args, { detached: true, stdio: ['pipe', 'pipe', 'ignore'], env: childEnv });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    const line = await new Promise<string>((ok) => {
      let buf = '';
      child.on('error', () => ok('error INTERNAL The command line could not be started.'));
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (d: string) => {
        buf += d;
        if (buf.includes('\n')) ok(buf.slice(0, buf.indexOf('\n')));
      });
      child.on('exit', () => ok(buf || 'error INTERNAL The agent stopped before it was ready.'));
      child.stdin.on('error', () => undefined);
      child.stdin.end(password + '\n');
    });
    child.stdout.destroy();
    child.unref();
    if (line === 'ready' || line === 'reused') return { ok: true, reused: line === 'reused' };
    // A refused start (a wrong password) has its process gone when this answers.
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
    const [, code, ...message] = line.split(' ');
    return { ok: false, code: code ?? 'INTERNAL', message: message.join(' ') || 'The agent did not start.' };
  }

  /** Asks the vault's agent to lock and waits for its answer (none running: nothing to do). */
  async function lock(): Promise<void> {
    try {
      await agentRequest(socketPath(), { op: 'lock' }, 2000);
    } catch {
      // it stopped meanwhile
    }
  }

  return {
    available: launcher !== null,
    unavailableReason: launcher === null ? (choice as { unavailable: string }).unavailable : null,
    start,
    lock,
    running: ping,
  };
}
export type CliAgent = ReturnType<typeof createCliAgent>;
