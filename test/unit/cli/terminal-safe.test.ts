// Text from a vault, a teammate's file or an imported file reaches the terminal with
// every control character shown as a visible \uXXXX: no escape sequence can clear the
// screen, move the cursor or fake a line. Key fields refuse them at the door.
import { describe, expect, it } from 'vitest';
import { terminalSafe } from '../../../src-main/cli/terminal.js';
import { KeyInputSchema, KeyPatchSchema } from '../../../src-main/core/inventory/key.schemas.js';

describe('terminal output', () => {
  it('shows escapes, C1 controls and bidi overrides as visible code points', () => {
    const hostile = 'Ana\u001b[2J\u001b[31m\rfake\u009b2J \u202egnp.exe\u2028next';
    const shown = terminalSafe(hostile);
    // eslint-disable-next-line no-control-regex -- the point of the check
    expect(shown).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u202e]/);
    expect(shown).toBe('Ana\\u001b[2J\\u001b[31m\\u000dfake\\u009b2J \\u202egnp.exe\\u2028next');
  });

  it('keeps line breaks, tabs and ordinary text, and JSON stays the same JSON', () => {
    expect(terminalSafe('a\tb\nc – ü ✓ 鍵')).toBe('a\tb\nc – ü ✓ 鍵');
    const json = JSON.stringify({ name: 'x\u009by\u202ez' });
    expect(JSON.parse(terminalSafe(json))).toEqual({ name: 'x\u009by\u202ez' });
  });
});

describe('key fields', () => {
  it('refuse control characters in one-line fields, and allow line breaks only in purpose and notes', () => {
    const base = { platform: 'custom', name: 'ok' };
    expect(KeyInputSchema.safeParse({ ...base, name: 'Ana\u001b[2J' }).success).toBe(false);
    expect(KeyInputSchema.safeParse({ ...base, owner: 'line\nbreak' }).success).toBe(false);
    expect(KeyInputSchema.safeParse({ ...base, tags: ['x\u202ey'] }).success).toBe(false);
    expect(KeyPatchSchema.safeParse({ account: 'a\u0007' }).success).toBe(false);
    expect(KeyInputSchema.safeParse({ ...base, notes: 'two\nlines\tand a tab' }).success).toBe(true);
    expect(KeyInputSchema.safeParse({ ...base, notes: 'bell\u0007' }).success).toBe(false);
  });
});
