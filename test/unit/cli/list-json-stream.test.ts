// `list --json` to a pipe: compact and written a slice at a time, the same document as the
// pretty form a terminal gets, with every unsafe character escaped in each slice.
import { describe, expect, it } from 'vitest';
import { json, writeListJson } from '../../../src-main/cli/format.js';
import { terminalSafe } from '../../../src-main/cli/terminal.js';

function sink(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = { isTTY, write: (s: string) => chunks.push(s) > 0 } as unknown as NodeJS.WriteStream;
  return { stream, text: () => chunks.join(''), chunks };
}

const doc = {
  keys: Array.from({ length: 4_501 }, (_, i) => ({ id: `k${i}`, name: `key ${i}\u202e\u009b`, tags: ['a', 'b'] })),
  damaged: [{ id: 'd1', message: 'bad\u2028tag' }],
};

describe('writeListJson', () => {
  it('writes compact JSON in slices to a pipe: one line, the same document', () => {
    const out = sink(false);
    writeListJson(out.stream, terminalSafe, doc);
    const text = out.text();
    expect(out.chunks.length).toBeGreaterThan(3); // sliced, not one string
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(text)).toEqual(doc);
    expect(text).not.toMatch(/[\u202e\u009b\u2028]/);
  });

  it('pretty-prints on a terminal, as before', () => {
    const out = sink(true);
    writeListJson(out.stream, terminalSafe, doc);
    expect(out.text()).toBe(terminalSafe(json(doc)) + '\n');
    expect(JSON.parse(out.text())).toEqual(doc);
  });

  it('an empty list is still a document', () => {
    const out = sink(false);
    writeListJson(out.stream, terminalSafe, { keys: [], damaged: [] });
    expect(JSON.parse(out.text())).toEqual({ keys: [], damaged: [] });
  });
});
