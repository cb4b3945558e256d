// Where the per-user agent's socket lives: a 0700 folder in $XDG_RUNTIME_DIR (else
// /tmp/keyward-UID), one socket per vault file. SECURITY: a folder that is not ours, is
// reachable by others or is a symlink is refused (fail closed), never "fixed".
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppError } from '../errors.js';

export const uid = (): number => (typeof process.getuid === 'function' ? process.getuid() : -1);

export function agentDir(env: NodeJS.ProcessEnv): string {
  const runtime = env.XDG_RUNTIME_DIR;
  return runtime && runtime.startsWith('/') ? join(runtime, 'keyward') : join('/tmp', `keyward-${uid()}`);
}

/** The socket of the agent holding `vaultPath` (named by a hash of its absolute path). */
export function socketPathFor(env: NodeJS.ProcessEnv, vaultPath: string): string {
  const name = createHash('sha256').update(resolve(vaultPath)).digest('hex').slice(0, 16);
  return join(agentDir(env), `agent-${name}.sock`);
}

/** Makes (or checks) the agent folder: a real directory, owned by this user, mode 0700. */
export function ensureAgentDir(dir: string): void {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new AppError('DISK_ERROR', `Cannot make the agent folder ${dir}.`, { cause: e });
  }
  assertPrivateDir(dir);
}

export function assertPrivateDir(dir: string): void {
  const s = lstatSync(dir);
  if (!s.isDirectory() || s.isSymbolicLink() || s.uid !== uid() || (s.mode & 0o077) !== 0)
    throw new AppError(
      'INTEGRITY_ERROR',
      `The agent folder ${dir} is not a private folder of this user (it must be a directory owned by you with mode 0700): no agent is used.`,
    );
}

/** The file beside an agent's socket that holds its process id (0600, in the agent's 0700 folder). */
export const agentPidPath = (socketPath: string): string => `${socketPath}.pid`;
