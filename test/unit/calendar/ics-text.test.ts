import { describe, expect, it } from 'vitest';
import { escapeText, foldLine, formatUtcDateTime, serialise } from '../../../src-main/core/calendar/ics-text.js';

const octets = (s: string) => Buffer.byteLength(s, 'utf8');

describe('escapeText (RFC 5545 3.3.11)', () => {
  it.each([
    ['plain', 'plain'],
    ['back\\slash', 'back\\\\slash'],
    ['semi;colon', 'semi\\;colon'],
    ['com,ma', 'com\\,ma'],
    ['a\nb\r\nc\rd', 'a\\nb\\nc\\nd'],
    ['\\n is not a newline', '\\\\n is not a newline'],
    ['tab\tkept, bell\u0007 and NUL\u0000 gone', 'tab\tkept\\, bell and NUL gone'],
    ['colon: and "quotes" stay', 'colon: and "quotes" stay'],
    ['lone \uD800 surrogate', 'lone \uFFFD surrogate'],
  ])('%j -> %j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
  });
});

describe('foldLine at 75 octets', () => {
  it('leaves a 75-octet line alone and folds a 76-octet one byte-exactly', () => {
    const line75 = 'X'.repeat(75);
    expect(foldLine(line75)).toBe(line75);
    expect(foldLine('X'.repeat(76))).toBe(`${'X'.repeat(75)}\r\n X`);
    // continuation lines carry 74 octets after their leading space
    expect(foldLine('X'.repeat(75 + 74 + 1))).toBe(`${'X'.repeat(75)}\r\n ${'X'.repeat(74)}\r\n X`);
  });

  it('never splits a two-byte character', () => {
    const line = `SUMMARY:${'é'.repeat(40)}`; // 8 + 80 octets
    expect(foldLine(line)).toBe(`SUMMARY:${'é'.repeat(33)}\r\n ${'é'.repeat(7)}`);
  });

  it('never splits a three- or four-byte character', () => {
    const line = `X:${'a'.repeat(71)}€🔑end`; // 73 octets, then 3 + 4
    expect(foldLine(line)).toBe(`X:${'a'.repeat(71)}\r\n €🔑end`);
    const emoji = `X:${'a'.repeat(70)}🔑🔑`; // 72 + 4 > 75
    expect(foldLine(emoji)).toBe(`X:${'a'.repeat(70)}\r\n 🔑🔑`);
  });

  it.each([1, 2, 3, 4])('keeps every physical line within 75 octets and unfolds to the original (offset %i)', (pad) => {
    const line = `DESCRIPTION:${'x'.repeat(pad)}${'日本語🔑é,'.repeat(60)}`;
    const folded = foldLine(line);
    for (const physical of folded.split('\r\n')) {
      expect(octets(physical)).toBeLessThanOrEqual(75);
      expect(Buffer.from(physical, 'utf8').toString('utf8')).toBe(physical);
    }
    expect(folded.replaceAll('\r\n ', '')).toBe(line);
  });

  it('serialise ends every line with CRLF', () => {
    expect(serialise(['A:1', 'B:2'])).toBe('A:1\r\nB:2\r\n');
  });

  it('formats UTC DATE-TIME', () => {
    expect(formatUtcDateTime(new Date('2028-02-29T07:08:09.999Z'))).toBe('20280229T070809Z');
  });
});
