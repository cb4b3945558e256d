// What every CSV importer shares beyond the RFC 4180 reader (../csv-records.ts): header
// checks and messages. It never echoes field contents in an error (they may be secrets).
import { AppError } from '../../errors.js';

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
