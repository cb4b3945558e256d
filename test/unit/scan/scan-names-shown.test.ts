// The app's scan places: a file name cannot fake a line or reorder what it shows.
import { describe, expect, it } from 'vitest';
import { lastUseShown } from '../../../src-renderer/src/features/key-detail/last-use.js';
import { shownPath, visibleName } from '../../../src-renderer/src/features/scan/format.js';

describe('scan places in the app', () => {
  it('escapes newlines, escapes and bidi overrides in a shown path, and keeps a plain one as it is', () => {
    const nasty = '/p/x\nok.txt\u202etxt.exe\u001b[2J';
    expect(shownPath(nasty, '/p')).toBe('x\\nok.txt\\u202etxt.exe\\u001b[2J');
    for (const c of ['\n', '\u202e', '\u001b']) expect(visibleName(nasty)).not.toContain(c);
    expect(shownPath('/p/config/.env', '/p')).toBe('config/.env');
    expect(shownPath('/elsewhere/a b.txt', '/p')).toBe('/elsewhere/a b.txt');
  });
});

describe("a key's last use in the app", () => {
  it("shows Keyward's own later use (run, read, clip) over an older or missing platform date", () => {
    const used = { at: '2026-05-02T10:00:00.000Z', action: 'used', detail: 'run in /p' };
    expect(lastUseShown({ lastUsedAt: null, history: [used] })).toEqual({ day: used.at, isLocal: true });
    expect(lastUseShown({ lastUsedAt: '2026-05-01', history: [used] })).toEqual({ day: used.at, isLocal: true });
    expect(lastUseShown({ lastUsedAt: '2026-06-01', history: [used] })).toEqual({ day: '2026-06-01', isLocal: false });
    expect(lastUseShown({ lastUsedAt: null, history: [] })).toEqual({ day: null, isLocal: false });
  });
});
