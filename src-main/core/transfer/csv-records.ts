// The one RFC 4180 CSV reader, for the CSV importers and for reading a Keyward CSV
// export back: quoted fields with doubled quotes and line breaks, CRLF or LF, text after
// a closing quote refused, and the physical line each record starts on. It never echoes
// field contents in an error (they may be secrets).
import { AppError } from '../errors.js';

export type CsvRecord = { line: number; cells: string[] };

/** Reads every record (a leading byte-order mark is skipped, a blank line is no record); throws BAD_INPUT naming the line of a quote that never closes or stray text after one. */
export function readCsv(
  text: string,
  /** The file's name (errors say `name:line`), or how an error names a line. */
  place: string | ((line: number) => string),
  delimiter: ',' | ';' = ',',
  /** 1Password 7 for Mac writes a quote inside a quoted field as `\"` (and a backslash as `\\`). */
  backslashEscapes = false,
): CsvRecord[] {
  const at = typeof place === 'string' ? (n: number) => `${place}:${n}` : place;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let line = 1;
  let recordLine = 1;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let atCellStart = true;
  const endCell = () => {
    cells.push(cell);
    cell = '';
    atCellStart = true;
  };
  const endRecord = () => {
    endCell();
    // A blank line is no record.
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells });
    cells = [];
    recordLine = line;
  };
  while (i < text.length) {
    const ch = text[i];
    if (atCellStart && ch === '"') {
      const openedOn = line;
      i += 1;
      for (;;) {
        if (i >= text.length) {
          throw new AppError('BAD_INPUT', `${at(openedOn)}: a quoted field is never closed.`, {
            subject: at(openedOn),
          });
        }
        const q = text[i];
        if (backslashEscapes && q === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) {
          cell += text[i + 1];
          i += 2;
          continue;
        }
        if (q === '"') {
          if (text[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        if (q === '\n') line += 1;
        cell += q;
        i += 1;
      }
      const next = text[i];
      if (i < text.length && next !== delimiter && next !== '\n' && next !== '\r') {
        throw new AppError(
          'BAD_INPUT',
          `${at(line)}: text after a closing quote (quotes inside a field must be doubled).`,
          {
            subject: at(line),
          },
        );
      }
      atCellStart = false;
      continue;
    }
    atCellStart = false;
    if (ch === delimiter) {
      endCell();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      i += ch === '\r' && text[i + 1] === '\n' ? 2 : 1;
      line += 1;
      endRecord();
    } else {
      cell += ch;
      i += 1;
    }
  }
  if (cell !== '' || cells.length > 0) endRecord();
  return records;
}
