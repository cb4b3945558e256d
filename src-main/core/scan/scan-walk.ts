// The files under the roots a scan was given. A root given as a symlink is followed (and said so);
// symlinks inside a tree, `.git` folders and too-large files are skipped and listed, and a skipped
// file never counts as covered (its recorded findings stay). A binary file is read (nulLineText).
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
  /** Each folder entered below the root. */
  onFolder?: (path: string) => void,
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
        if (e.name !== '.git') {
          stack.push(p);
          onFolder?.(p);
        }
      } else if (e.isFile()) yield { path: p, size: -1 };
      else skip({ path: p, reason: 'special' });
    }
  }
}

/**
 * One line (split at 0x0A bytes) that holds a NUL byte, as text to search: its bytes one by one
 * (an ASCII key in a binary, or beside a stray NUL) and as UTF-16 at both alignments (a UTF-16 LE or
 * BE file without a byte-order mark: `K\0E\0Y\0`), joined by NULs, which are no key characters.
 * Bytes that are no key characters in a reading split its candidates, so noise matches nothing.
 */
export function nulLineText(b: Buffer): string {
  return `${b.toString('latin1')}\u0000${b.toString('utf16le')}\u0000${b.toString('utf16le', 1)}`;
}

/**
 * The file's text: UTF-16 LE/BE with a byte-order mark, else UTF-8 (a UTF-8 BOM dropped). A file
 * holding a NUL byte otherwise (a binary, UTF-16 without a mark, a stray NUL) is read line by line,
 * split at 0x0A bytes as git splits it: each line holding a NUL as `nulLineText`, the others as
 * UTF-8, so line numbers and hits are those of `--staged` and `--git-history`. A UTF-16 file of odd
 * length is undecodable.
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
  const bom = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
  const body = bom ? buf.subarray(3) : buf;
  if (!body.includes(0)) return { text: body.toString('utf8') };
  const lines: string[] = [];
  for (let start = 0; ;) {
    const end = body.indexOf(10, start);
    const line = body.subarray(start, end === -1 ? body.length : end);
    lines.push(line.includes(0) ? nulLineText(line) : line.toString('utf8'));
    if (end === -1) break;
    start = end + 1;
  }
  return { text: lines.join('\n') };
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
