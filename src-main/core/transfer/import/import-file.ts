// Reading an import file: the size cap is checked before a byte is read, and the
// bytes must be UTF-8 text (a binary database such as .kdbx is refused with advice).
import { openSync, readSync, closeSync, fstatSync } from 'node:fs';
import { basename } from 'node:path';
import { AppError } from '../../errors.js';

/** Inputs over this size are refused before parsing (a 100k-key export is about 20 MiB). */
export const IMPORT_SIZE_CAP = 64 * 1024 * 1024;

export type ImportText = { text: string; fileName: string };

/** Decodes bytes as UTF-8 text; refuses oversize, binary or non-UTF-8 input. */
export function importText(bytes: Uint8Array, fileName: string): ImportText {
  if (bytes.length > IMPORT_SIZE_CAP) throw tooBig(fileName, bytes.length);
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
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    throw new AppError('NOT_FOUND', `Cannot open ${fileName} for reading.`, { subject: fileName });
  }
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new AppError('BAD_INPUT', `${fileName} is not a regular file.`, { subject: fileName });
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
