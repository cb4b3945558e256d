// The files under the roots a scan was given. A root given as a symlink is followed (and said so);
// symlinks inside a tree, `.git` folders, binary and too-large files are skipped and listed, and a
// skipped file never counts as covered (its recorded findings stay).
import { lstat, open, readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { AppError } from '../errors.js';

export type Skipped = {
  path: string;
  reason: 'too-large' | 'binary' | 'symlink' | 'unreadable' | 'special' | 'undecodable';
  /** The path was given to the scan by name (not met inside a folder): the scan fails for it. */
  named?: boolean;
};
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

/**
 * The file's text: UTF-16 LE/BE with a byte-order mark, else UTF-8 (a UTF-8 BOM dropped). Without a
 * UTF-16 mark, a NUL byte in the first 8 KiB means binary; a UTF-16 file of odd length is undecodable.
 */
export function decodeText(buf: Buffer): { text: string } | { skipped: Skipped['reason'] } {
  const le = buf[0] === 0xff && buf[1] === 0xfe;
  const be = buf[0] === 0xfe && buf[1] === 0xff;
  if (le || be) {
    if (buf.length % 2 !== 0) return { skipped: 'undecodable' };
    try {
      return { text: new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(buf.subarray(2)) };
    } catch {
      return { skipped: 'undecodable' };
    }
  }
  if (buf.subarray(0, 8192).includes(0)) return { skipped: 'binary' };
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  return { text: (bom ? buf.subarray(3) : buf).toString('utf8') };
}

/** The file's text, or why it is skipped. */
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
    const d = decodeText(buf);
    return 'text' in d ? { text: d.text, bytes: buf.length } : d;
  } catch {
    return { skipped: 'unreadable' };
  } finally {
    await fh.close();
  }
}
