// System git, started with an argument list (never a shell): the staged changes and every commit's
// added lines, streamed through the diff reader. Options that user config could change
// (prefixes, colour, external diff, quoting, renames) are fixed on the command line. SECURITY: what a
// repository carries or its config sets cannot hide a file's lines or run a command: no textconv
// filter, no external diff, no fsmonitor hook, and every file diffed as text (a `.gitattributes`
// marking `*.env -diff` would otherwise turn its lines into "Binary files differ"); lines holding a
// NUL byte (UTF-16, binaries) are read as the file scan reads them.
import { execFile, spawn } from 'node:child_process';
import { AppError } from '../errors.js';
import { COMMIT_MARK, createDiffReader, type DiffEvents } from './git-diff.js';
import { nulLineText } from './scan-walk.js';

const FIXED = [
  '-c',
  'core.quotePath=false',
  '-c',
  'color.ui=false',
  '-c',
  'diff.noprefix=false',
  '-c',
  'core.fsmonitor=false',
];
const DIFF_FLAGS = [
  '-U0',
  '--no-color',
  '--no-ext-diff',
  '--no-textconv',
  '--text',
  '--no-renames',
  '--src-prefix=a/',
  '--dst-prefix=b/',
];

export function gitOutput(cwd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', [...FIXED, ...args], { cwd, maxBuffer: 64 * 1024 * 1024 }, (err, stdout) => {
      if (err) reject(new AppError('BAD_INPUT', `git ${args[0] ?? ''} failed in ${cwd}.`, { cause: err }));
      else resolve(stdout);
    });
  });
}

export async function repoRoot(dir: string): Promise<string> {
  return (await gitOutput(dir, ['rev-parse', '--show-toplevel'])).trim();
}

/**
 * One line of git's output as text. Git splits every file at its 0x0A bytes, as the file scan does
 * for a file holding a NUL byte: a line holding one (a UTF-16 file, with a byte-order mark or
 * without, whose lines carry the NUL left over from the newline; a binary; a stray NUL) is read as
 * the file scan reads it (`nulLineText`) after its diff prefix, so both find the same keys.
 */
export function lineOf(b: Buffer): string {
  if (b.indexOf(0) === -1) return b.toString('utf8');
  let p = 0;
  while (p < b.length && (b[p] === 0x2b || b[p] === 0x2d || b[p] === 0x20)) p++;
  return b.toString('latin1', 0, p) + nulLineText(b.subarray(p));
}

/** Streams `git ARGS` through the diff reader; resolves when git has exited 0. */
function streamDiff(cwd: string, args: string[], on: DiffEvents, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...FIXED, ...args], { cwd, stdio: ['ignore', 'pipe', 'ignore'], signal });
    const reader = createDiffReader(on);
    let rest: Buffer = Buffer.alloc(0);
    child.stdout.on('data', (chunk: Buffer) => {
      const buf = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let i = buf.indexOf(10, start); i !== -1; i = buf.indexOf(10, start)) {
        reader.line(lineOf(buf.subarray(start, i)));
        start = i + 1;
      }
      rest = Buffer.from(buf.subarray(start));
    });
    let closed = false;
    let code: number | null = null;
    const done = () => {
      if (!closed || code === null) return;
      reader.end();
      if (code === 0) resolve();
      else reject(new AppError('BAD_INPUT', `git ${args[0] ?? ''} failed in ${cwd} (exit ${code}).`));
    };
    child.stdout.on('end', () => {
      if (rest.length > 0) reader.line(lineOf(rest));
      closed = true;
      done();
    });
    child.on('error', (e) =>
      reject(
        (e as { name?: string }).name === 'AbortError'
          ? new AppError('CANCELLED', 'The scan was cancelled.')
          : new AppError('BAD_INPUT', 'Cannot run git: is it installed?', { cause: e }),
      ),
    );
    child.on('close', (c) => {
      code = c ?? 1;
      done();
    });
  });
}

/** What is about to be committed: the added lines of the index against HEAD. */
export function stagedDiff(cwd: string, on: Parameters<typeof streamDiff>[2]): Promise<void> {
  return streamDiff(cwd, ['diff', '--cached', ...DIFF_FLAGS, '--diff-filter=ACMR'], on);
}

export async function stagedFiles(cwd: string): Promise<string[]> {
  const out = await gitOutput(cwd, ['diff', '--cached', '--name-only', '-z', '--diff-filter=ACMR']);
  return out.split('\0').filter(Boolean);
}

/**
 * Every commit reachable from any ref, oldest changes included: what each commit added. A merge
 * commit is read as its combined diff (`--cc`): the lines it adds against every parent, such as a
 * key written while resolving a conflict (plain `log -p` shows no diff for merges).
 */
export function historyDiff(cwd: string, on: Parameters<typeof streamDiff>[2], signal?: AbortSignal): Promise<void> {
  return streamDiff(cwd, ['log', '--all', '-p', '--cc', ...DIFF_FLAGS, `--format=${COMMIT_MARK}%H`], on, signal);
}

export { COMMIT_MARK };
