// The parsing pitfalls of a secret scanner, each with the input that would catch it: a `+++` added line
// inside a hunk, keys glued to punctuation, keys at the end of very long lines, the catalog's unknowns.
import { describe, expect, it } from 'vitest';
import { createDiffReader, type AddedLine } from '../../../src-main/core/scan/git-diff.js';
import { fromSecrets } from '../../../src-main/core/scan/scan-matcher.js';
import { scanLine } from '../../../src-main/core/scan/scan-line.js';

const STORED = 'knouds_live_Q7f3Kx9PzL2mN8vR4tWb';
const KAI = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'; // KAI has no documented format: found by keyed hash alone
const { matcher } = fromSecrets([
  { keyId: 'k1', name: 'Deploy bot', value: STORED },
  { keyId: 'k2', name: 'KAI ops', value: KAI },
]);

function added(diff: string): AddedLine[] {
  const out: AddedLine[] = [];
  const r = createDiffReader({ added: (a) => out.push(a), section: () => {} });
  for (const l of diff.split('\n')) r.line(l);
  r.end();
  return out;
}

describe('diff reader', () => {
  it('takes the path only from the +++ header before the first @@, never from an added "++ " line', () => {
    const diff = [
      '\u0001abc123',
      'diff --git a/docs/notes.md b/docs/notes.md',
      'index 000..111 100644',
      '--- a/docs/notes.md',
      '+++ b/docs/notes.md',
      '@@ -0,0 +1,3 @@',
      '+first',
      '+++ b/evil/path.txt',
      `+key ${STORED}`,
      'diff --git a/b.txt b/b.txt',
      '--- /dev/null',
      '+++ b/b.txt',
      '@@ -0,0 +5 @@',
      '+--- not a header',
    ].join('\n');
    const lines = added(diff);
    expect(lines.map((l) => [l.path, l.line, l.commit])).toEqual([
      ['docs/notes.md', 1, 'abc123'],
      ['docs/notes.md', 2, 'abc123'],
      ['docs/notes.md', 3, 'abc123'],
      ['b.txt', 5, 'abc123'],
    ]);
    expect(lines[1]?.text).toBe('++ b/evil/path.txt');
    expect(scanLine(lines[2]?.text ?? '', matcher, false).stored).toEqual([{ keyId: 'k1', name: 'Deploy bot' }]);
  });

  it('names a section with no +++ line (an empty file) by its diff --git line, never a deleted one', () => {
    const sections: string[] = [];
    const r = createDiffReader({ added: () => {}, section: (s) => sections.push(`${s.commit}:${s.path}`) });
    const diff = [
      '\u0001c1',
      'diff --git a/empty one b/empty one',
      'new file mode 100644',
      'index 0000000..e69de29',
      'diff --git "a/tab\\there" "b/tab\\there"',
      'new file mode 100644',
      'diff --git a/gone b/gone',
      'deleted file mode 100644',
      'index e69de29..0000000',
      'diff --git a/x b/y',
      'new file mode 100644',
      '\u0001c2',
      'diff --git a/run.sh b/run.sh',
      'old mode 100644',
      'new mode 100755',
    ].join('\n');
    for (const l of diff.split('\n')) r.line(l);
    r.end();
    expect(sections).toEqual(['c1:empty one', 'c1:tab\there', 'c2:run.sh']);
  });
});

describe('candidates', () => {
  const glued = ['+', '.', '-', '"', "'", '=', '/', '_', '`'];
  it.each(glued)('finds a stored key glued to a leading %s', (g) => {
    expect(scanLine(`x${g}${STORED}`, matcher, false).stored.map((s) => s.keyId)).toEqual(['k1']);
    expect(
      scanLine(`${g}${STORED}${g === '"' || g === "'" ? g : ''}`, matcher, true).stored.map((s) => s.keyId),
    ).toEqual(['k1']);
  });
  it('finds a key with no documented format (KAI) by keyed hash, glued or quoted', () => {
    expect(scanLine(`KAI_API_KEY="${KAI}"`, matcher, true).stored.map((s) => s.keyId)).toEqual(['k2']);
    expect(scanLine(`KAI_API_KEY="${KAI}"`, matcher, true).unknown).toEqual([]);
  });
  it('finds a key at the end of a line longer than 1,024 characters (no cap)', () => {
    const line = `${'a'.repeat(5000)} ${'word '.repeat(400)}.${STORED}`;
    expect(line.length).toBeGreaterThan(1024);
    expect(scanLine(line, matcher, false).stored.map((s) => s.keyId)).toEqual(['k1']);
  });
  it('does not match a longer token that only contains the key inside letters', () => {
    expect(scanLine(`abc${STORED}xyz`, matcher, false).stored).toEqual([]);
  });
  it('reports unknown keys by format and by entropy of a key-like name, never their value', () => {
    const gh = 'ghp_' + 'Zx81'.repeat(9);
    const r = scanLine(`token: ${gh}; STRIPE_SECRET="q8Vn2Lx0Rt7Kp3Ws9Yb"`, matcher, true);
    expect(r.unknown.map((u) => u.label)).toEqual(['GitHub token', 'high-entropy value assigned to a key-like name']);
    expect(JSON.stringify(r)).not.toContain(gh);
    expect(JSON.stringify(r)).not.toContain('q8Vn2Lx0Rt7Kp3Ws9Yb');
  });
  it('a locked scan (no catalog) reports stored keys only', () => {
    expect(scanLine('ghp_' + 'Zx81'.repeat(9), matcher, false)).toEqual({ stored: [], unknown: [] });
  });
});

describe('the name a value was assigned to', () => {
  it('is printed when it is a name, withheld when it holds a key or looks like one', () => {
    const unknownValue = 'Zx9Qw8Er7Ty6Ui5Op4As3Df2';
    const named = scanLine(`AWS_SECRET_ACCESS_KEY=${unknownValue}`, matcher, true).unknown;
    expect(named.map((u) => u.name)).toEqual(['AWS_SECRET_ACCESS_KEY']);
    for (const line of [
      `TOKEN_${STORED}=${unknownValue}`,
      `API_KEY_ghp_R19UNKNOWNaaaabbbbccccddddeeeeffff0000=${unknownValue}`,
      `SECRET_KEY_a1b2c3d4e5=${unknownValue}`,
    ]) {
      const r = scanLine(line, matcher, true);
      expect(JSON.stringify(r.unknown.map((u) => u.name ?? null)), line).not.toMatch(/knouds_live|ghp_|a1b2c3d4/);
      for (const u of r.unknown) expect(u.name, line).toBeUndefined();
    }
  });
});

describe('percent-encoded copies', () => {
  const B64 = 'Qm9vdHN0cmFw/c2VjcmV0+dmFsdWU=';
  const enc = fromSecrets([
    { keyId: 'k1', name: 'Deploy bot', value: STORED },
    { keyId: 'k3', name: 'Signing', value: B64 },
  ]).matcher;
  const ids = (line: string) => scanLine(line, enc, true).stored.map((s) => s.keyId);
  const hex = (c: string) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`;
  it.each([
    ['an encoded assignment', `u=token%3D${STORED}%26x=1`],
    ['encoded quotes', `%22${STORED}%22`],
    ['a query string', `https://h/?k=${STORED}&x=1`],
    ['its first character encoded', `https://h/?k=${hex(STORED[0] as string)}${STORED.slice(1)}`],
    ['every character encoded', `q=${[...STORED].map(hex).join('')}`],
    ['its / + = encoded', `sig=${encodeURIComponent(B64)}&v=1`],
    ['encoded twice', `next=${encodeURIComponent(encodeURIComponent(`k=${STORED}`))}`],
  ])('finds a stored key in %s, once', (_what, line) => {
    const expected = line.includes('sig=') ? ['k3'] : ['k1'];
    expect(ids(line)).toEqual(expected);
  });
  it('counts a key once when both forms hold it, twice when it is there twice', () => {
    expect(ids(`${STORED}%2Fx`)).toEqual(['k1']);
    expect(ids(`a=${STORED}&b=%22${STORED}%22`)).toEqual(['k1', 'k1']);
  });
  it('makes no match of a key glued to a decoded letter or digit', () => {
    expect(ids(`token%41${STORED}`)).toEqual([]);
    expect(ids(`%41${STORED}%41`)).toEqual([]);
    expect(ids(`100%25${STORED}x`)).toEqual([]);
  });
  it('finds an unknown key in an encoded URL, never printing it', () => {
    const gh = 'ghp_' + 'Zx81'.repeat(9);
    const r = scanLine(`u=https%3A%2F%2Fh%2F%3Fapi_key%3D${gh}%26a%3D1`, enc, true);
    expect(r.unknown.map((u) => u.label)).toEqual(['GitHub token']);
    expect(JSON.stringify(r)).not.toContain(gh);
  });
});
