// The system `git`, run without a shell in the team folder. SECURITY: a clean
// environment (no KEYWARD_* variables, so never the master password; prompts off),
// arguments only from Keyward itself, and error text stripped of URL credentials.
import { execFile } from 'node:child_process';
import { AppError } from '../errors.js';

export type GitResult = { code: number; stdout: string; stderr: string };

function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('KEYWARD_')) env[k] = v;
  return {
    ...env,
    GIT_TERMINAL_PROMPT: '0',
    GCM_INTERACTIVE: 'never',
    GIT_EDITOR: 'true',
    GIT_MERGE_AUTOEDIT: 'no',
    GIT_SSH_COMMAND: env.GIT_SSH_COMMAND ?? 'ssh -o BatchMode=yes',
    LC_ALL: 'C',
  };
}

/** Runs git; resolves with its exit code (never rejects on a non-zero exit). */
export function git(cwd: string, args: string[]): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      { cwd, env: gitEnv(), maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
      (err, stdout, stderr) => {
        if (err && typeof (err as { code?: unknown }).code !== 'number') {
          reject(
            new AppError(
              'INTERNAL',
              `Could not run git (${(err as NodeJS.ErrnoException).code ?? err.name}): is git installed?`,
              { cause: err },
            ),
          );
          return;
        }
        resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr });
      },
    );
  });
}

/** The first line of git's complaint, with any user:password@ in URLs removed. */
export const gitMessage = (r: GitResult) =>
  (
    r.stderr
      .trim()
      .split('\n')
      .find((l) => l.trim() !== '') ?? `exit ${r.code}`
  ).replace(/\/\/[^/@\s]+@/g, '//');

/** Runs git and throws a clear error when it fails. */
export async function gitOk(cwd: string, args: string[], what: string): Promise<string> {
  const r = await git(cwd, args);
  if (r.code !== 0) throw new AppError('BAD_INPUT', `git could not ${what} in ${cwd}: ${gitMessage(r)}`);
  return r.stdout;
}
