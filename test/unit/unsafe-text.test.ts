// Every check and escaper that refuses or replaces unsafe characters reads them from one
// definition; these are the exact sets each use had when each wrote its own expression.
import { describe, expect, it } from 'vitest';
import { unsafeCharClass, unsafeChars, type UnsafeScope } from '../../src-main/contract/unsafe-text.js';

/* eslint-disable no-control-regex -- the expected sets are written out as control-character classes */
const USES: { use: string; scope: UnsafeScope; keep: string; was: RegExp }[] = [
  {
    use: 'terminal output (keeps tab and line feed)',
    scope: 'display',
    keep: '\t\n',
    was: /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
  },
  {
    use: 'one-line key fields and checklist text',
    scope: 'display',
    keep: '',
    was: /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/,
  },
  {
    use: 'multi-line key fields (keep every line break and tab)',
    scope: 'display',
    keep: '\t\n\r\u2028\u2029',
    was: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/,
  },
  { use: 'alert reports', scope: 'controls', keep: '', was: /[\u0000-\u001F\u007F-\u009F]/ },
  {
    use: 'ICS text and HTML (tab and line breaks are escaped or kept)',
    scope: 'c0-and-del',
    keep: '\t\n\r',
    was: /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/,
  },
  { use: 'Markdown cells', scope: 'c0-and-del', keep: '', was: /[\u0000-\u001F\u007F]/ },
];
/* eslint-enable no-control-regex */

describe('unsafe characters', () => {
  for (const { use, scope, keep, was } of USES) {
    it(`${use}: the same characters as before, up to U+FFFF`, () => {
      const now = unsafeChars(scope, keep);
      const differ: string[] = [];
      for (let c = 0; c <= 0xffff; c++) {
        const ch = String.fromCharCode(c);
        if (now.test(ch) !== was.test(ch)) differ.push(c.toString(16));
      }
      expect(differ).toEqual([]);
    });
  }

  it('writes compact ranges and honours the flags', () => {
    expect(unsafeCharClass('c0-and-del', '\t\n\r')).toBe('[\\u0000-\\u0008\\u000b-\\u000c\\u000e-\\u001f\\u007f]');
    expect('a\u202eb\u0007c'.replace(unsafeChars('display', '', 'g'), '?')).toBe('a?b?c');
  });
});
