// An RFC 4180 CSV reader shared by every CSV importer: quoted fields with doubled
// quotes and line breaks, CRLF or LF, and the line each record starts on. It never
// echoes field contents in an error (they may be secrets).
import { AppError } from '../../errors.js';

export type CsvRecord = { line: number; cells: string[] };

/** Reads every record; throws BAD_INPUT naming the line of a quote that never closes or stray text after one. */
export function readCsv(
  text: string,
  fileName: string,
  delimiter: ',' | ';' = ',',
  /** 1Password 7 for Mac writes a quote inside a quoted field as `\"` (and a backslash as `\\`). */
  backslashEscapes = false,
): CsvRecord[] {
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
          throw new AppError('BAD_INPUT', `${fileName}:${openedOn}: a quoted field is never closed.`, {
            subject: `${fileName}:${openedOn}`,
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
          `${fileName}:${line}: text after a closing quote (quotes inside a field must be doubled).`,
          {
            subject: `${fileName}:${line}`,
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

/** "1 field", "2 fields". */
export const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "has 2 fields; the header has 3" for a row whose length is not the header's. */
export const fieldCountMessage = (got: number, want: number) => `has ${plural(got, 'field')}; the header has ${want}`;

/**
 * Refuses a header that names a column twice (which one would hold the secret?), naming the columns by number
 * and by name when the name looks like no secret (a headerless file's first row may be data).
 */
export function checkHeader(header: string[], fileName: string, label: (h: string) => string): void {
  const seen = new Map<string, number>();
  header.forEach((h, i) => {
    const n = normaliseHeader(h);
    if (n === '') return;
    const first = seen.get(n);
    if (first !== undefined) {
      throw new AppError(
        'BAD_INPUT',
        `${fileName}:1: columns ${first + 1} and ${i + 1} have the same header${label(h.trim()) ? ` "${label(h.trim()).slice(0, 60)}"` : ''}; rename one.`,
        { subject: `${fileName}:1` },
      );
    }
    seen.set(n, i);
  });
}

/** Whether a header line looks semicolon-separated (some spreadsheets' CSV in locales with a decimal comma). */
export const looksSemicolonSeparated = (header: string[]) => header.length === 1 && (header[0] ?? '').includes(';');

/** Lower-cased, trimmed header names for matching columns by name. */
export const normaliseHeader = (h: string) => h.trim().toLowerCase().replace(/\s+/g, ' ');
