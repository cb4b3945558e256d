// Reading an import file: the size cap is checked before a byte is read, and the
// bytes must be UTF-8 or UTF-16 (with a BOM) text (a binary .kdbx is refused with advice).
import { openSync, readSync, closeSync, fstatSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../errors.js';

/** Inputs over this size are refused before parsing (a 100k-key export is about 20 MiB). */
export const IMPORT_SIZE_CAP = 64 * 1024 * 1024;

export type ImportText = { text: string; fileName: string };

/**
 * UTF-16 text (Windows editors and PowerShell's `>` write it): with a byte-order mark it is decoded; without one,
 * a NUL in every other byte of its start names it, so the user is told to save it as UTF-8 or UTF-16 with a BOM.
 */
function utf16(bytes: Uint8Array, fileName: string): string | undefined {
  const le = bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes[0] === 0xfe && bytes[1] === 0xff;
  if (le || be) {
    try {
      const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(2));
      if (!text.includes('\u0000')) return text;
    } catch {
      // Falls through to the binary check: not valid UTF-16 after all.
    }
    return undefined;
  }
  const head = bytes.subarray(0, Math.min(bytes.length, 512) & ~1);
  if (head.length < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < head.length; i += 2) {
    if (head[i] === 0) evenNul += 1;
    if (head[i + 1] === 0) oddNul += 1;
  }
  const pairs = head.length / 2;
  const order = oddNul === pairs && evenNul === 0 ? 'LE' : evenNul === pairs && oddNul === 0 ? 'BE' : undefined;
  if (order) {
    throw new AppError(
      'BAD_INPUT',
      `${fileName}: UTF-16 ${order} text without a byte-order mark; save it as UTF-8 (or UTF-16 with a BOM).`,
      { subject: fileName },
    );
  }
  return undefined;
}

/** Decodes bytes as UTF-8 (or UTF-16 with a byte-order mark) text; refuses oversize, binary or other input. */
export function importText(bytes: Uint8Array, fileName: string): ImportText {
  if (bytes.length > IMPORT_SIZE_CAP) throw tooBig(fileName, bytes.length);
  const wide = utf16(bytes, fileName);
  if (wide !== undefined) return { text: wide, fileName };
  if (bytes.includes(0)) {
    throw new AppError(
      'BAD_INPUT',
      `${fileName}: a binary file, not text (a KeePass .kdbx? export it as XML or CSV first).`,
      {
        subject: fileName,
      },
    );
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), fileName };
  } catch {
    throw new AppError('BAD_INPUT', `${fileName}: not UTF-8 text; save it as UTF-8 and try again.`, {
      subject: fileName,
    });
  }
}

function notRegular(fileName: string, isDirectory: boolean): AppError {
  const what = isDirectory ? 'a directory' : 'not a regular file (a pipe, socket or device)';
  return new AppError('BAD_INPUT', `${fileName} is ${what}; import reads a saved file.`, { subject: fileName });
}

function tooBig(fileName: string, size: number): AppError {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return new AppError(
    'BAD_INPUT',
    `${fileName}: ${mib(size)} is over the import limit of ${mib(IMPORT_SIZE_CAP)}; split the file.`,
    {
      subject: fileName,
    },
  );
}

/** Reads a file for import, checking the cap on the open file before reading it. */
export function readImportFile(path: string): ImportText {
  const fileName = basename(path);
  // Checked before opening: opening a named pipe (or a device) for reading blocks until a writer comes.
  let before;
  try {
    before = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new AppError('NOT_FOUND', `${fileName} does not exist.`, { subject: fileName });
    throw new AppError('NOT_FOUND', `Cannot read ${fileName} (${code ?? 'unknown error'}).`, { subject: fileName });
  }
  if (!before.isFile()) throw notRegular(fileName, before.isDirectory());
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (code ?? 'unknown error');
    throw new AppError('NOT_FOUND', `Cannot open ${fileName} for reading (${why}).`, { subject: fileName });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw notRegular(fileName, stat.isDirectory());
    if (stat.size > IMPORT_SIZE_CAP) throw tooBig(fileName, stat.size);
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = readSync(fd, bytes, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    return importText(bytes.subarray(0, read), fileName);
  } finally {
    closeSync(fd);
  }
}
