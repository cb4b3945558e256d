// RFC 5545 text primitives: TEXT escaping, content-line folding at 75 octets
// (never inside a UTF-8 sequence) and DATE-TIME formatting. Must never emit bare LF.

import { unsafeChars } from '../../contract/unsafe-text.js';

export const CRLF = '\r\n';
const MAX_OCTETS = 75;

// RFC 5545 3.3.11: TEXT may not hold control characters other than HTAB (line breaks are escaped below).
const CONTROL = unsafeChars('c0-and-del', '\t\n\r', 'g');
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Escapes a TEXT value: backslash, semicolon, comma, and any newline as `\n`. */
export function escapeText(value: string): string {
  return value
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(CONTROL, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  return codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds one content line: each physical line is at most 75 octets, continuation
 * lines start with one space (which counts), and a split never falls inside a
 * character. Returns the physical lines joined by CRLF, without a trailing CRLF.
 */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = utf8Length(ch.codePointAt(0) ?? 0);
    if (octets + size > MAX_OCTETS) {
      parts.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join(CRLF);
}

/** Joins content lines into an iCalendar stream: every line folded and CRLF-terminated. */
export function serialise(lines: readonly string[]): string {
  return lines.map((l) => foldLine(l) + CRLF).join('');
}

/** UTC DATE-TIME form: 20280228T233000Z. */
export function formatUtcDateTime(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}
