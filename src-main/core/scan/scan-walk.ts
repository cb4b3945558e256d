// The files under the roots a scan was given. A root given as a symlink is followed (and said so);
// symlinks inside a tree, `.git` folders, binary and too-large files are skipped and listed, and a
// skipped file never counts as covered (its recorded findings stay).
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../errors.js';

export type Skipped = { path: string; reason: 'too-large' | 'binary' | 'symlink' | 'unreadable' | 'special' };
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

export type RootInfo = { given: string; path: string; isFile: boolean; followedLink: boolean };

/** Each root resolved: a missing root is an error (exit 2), never an empty scan. */
export async function resolveRoots(roots: readonly string[]): Promise<RootInfo[]> {
  const out: RootInfo[] = [];
  for (const given of roots) {
    const abs = resolve(given);
    let link: Awaited<ReturnType<typeof lstat>>;
    try {
      link = await lstat(abs);
    } catch (cause) {
      throw new AppError('BAD_INPUT', `Cannot scan ${given}: it does not exist.`, { cause, subject: given });
    }
    let target = abs;
    if (link.isSymbolicLink()) {
      try {
        target = await realpath(abs);
      } catch (cause) {
        throw new AppError('BAD_INPUT', `Cannot scan ${given}: it is a symlink to nothing.`, { cause });
      }
    }
    const st = await stat(target);
    if (!st.isFile() && !st.isDirectory())
      throw new AppError('BAD_INPUT', `Cannot scan ${given}: not a file or folder.`, { subject: given });
    out.push({ given, path: target, isFile: st.isFile(), followedLink: link.isSymbolicLink() });
  }
  return out;
}

/** Yields regular files to read; reports the rest through `skip`. */
export async function* walkFiles(
  root: RootInfo,
  skip: (s: Skipped) => void,
  signal?: AbortSignal,
): AsyncGenerator<{ path: string; size: number }> {
  if (root.isFile) {
    yield { path: root.path, size: (await stat(root.path)).size };
    return;
  }
  const stack = [root.path];
  while (stack.length > 0) {
    if (signal?.aborted) throw new AppError('CANCELLED', 'The scan was cancelled.');
    const dir = stack.pop() as string;
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      skip({ path: dir, reason: 'unreadable' });
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : -1));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isSymbolicLink()) skip({ path: p, reason: 'symlink' });
      else if (e.isDirectory()) {
        if (e.name !== '.git') stack.push(p);
      } else if (e.isFile()) yield { path: p, size: -1 };
      else skip({ path: p, reason: 'special' });
    }
  }
}

/** The file's text, or why it is skipped (NUL byte in the first 8 KiB = binary). */
export async function readText(
  path: string,
  maxBytes: number,
): Promise<{ text: string; bytes: number } | { skipped: Skipped['reason'] }> {
  let fh;
  try {
    fh = await open(path, 'r');
  } catch {
    return { skipped: 'unreadable' };
  }
  try {
    const st = await fh.stat();
    if (st.size > maxBytes) return { skipped: 'too-large' };
    const buf = await fh.readFile();
    if (buf.subarray(0, 8192).includes(0)) return { skipped: 'binary' };
    return { text: buf.toString('utf8'), bytes: buf.length };
  } catch {
    return { skipped: 'unreadable' };
  } finally {
    await fh.close();
  }
}
