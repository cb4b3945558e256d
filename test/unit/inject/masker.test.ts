// The output masker against every way of cutting a stream into chunks: a secret is never
// let through whole or in pieces, and everything else comes out byte for byte.
import { describe, expect, it } from 'vitest';
import { MASK, createMasker } from '../../../src-main/core/inject/masker.js';
import { parseEnvFile, parseRef } from '../../../src-main/core/inject/secret-ref.js';

const SECRETS = ['kby_abcabcabd_secret', 'abcabd', 'ünï-çødé-sêcret'];

function maskAll(text: string, cuts: number[]): string {
  const m = createMasker(SECRETS);
  const buf = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  let at = 0;
  for (const cut of [...cuts, buf.length]) {
    out.push(m.push(buf.subarray(at, cut)));
    at = cut;
  }
  out.push(m.end());
  return Buffer.concat(out).toString('utf8');
}

describe('createMasker', () => {
  const text = `x kby_abcabcabd_secret y abcabcabd z ünï-çødé-sêcret\nkby_abcabcabd_secre end abcab`;
  const expected = `x ${MASK} y abc${MASK} z ${MASK}\nkby_abc${MASK}_secre end abcab`;

  it('gives the same masked text whichever byte boundaries the chunks fall on', () => {
    const len = Buffer.byteLength(text);
    expect(maskAll(text, [])).toBe(expected);
    for (let a = 0; a <= len; a += 1) {
      for (let b = a; b <= len; b += 7) expect(maskAll(text, [a, b]), `cuts ${a},${b}`).toBe(expected);
    }
    const every = Array.from({ length: len }, (_, i) => i);
    expect(maskAll(text, every)).toBe(expected);
  });

  it('passes output through untouched when there is nothing to mask', () => {
    const m = createMasker([]);
    expect(m.push(Buffer.from('abc')).toString()).toBe('abc');
    expect(createMasker(['abc']).push(Buffer.from('abc')).toString()).toBe('abc'); // too short to mask
  });
});

describe('references and env files', () => {
  it('parses refs with fields and percent-encoded names, and refuses unknown fields', () => {
    expect(parseRef('keyward://Deploy%20bot')).toEqual({ key: 'Deploy bot', field: 'secret' });
    expect(parseRef('keyward://a%2Fb/instance-id')).toEqual({ key: 'a/b', field: 'instance-id' });
    expect(() => parseRef('keyward://x/password')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => parseRef('keyward://')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => parseRef('keyward://%E0')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('reads NAME=VALUE lines with export, quotes and comments, and names the bad line', () => {
    const entries = parseEnvFile('# c\n\nexport A="x # y"\nB=plain # note\nC=keyward://k\n', 'f');
    expect(entries.map((e) => [e.name, e.value, e.ref?.key ?? null])).toEqual([
      ['A', 'x # y', null],
      ['B', 'plain', null],
      ['C', 'keyward://k', 'k'],
    ]);
    expect(() => parseEnvFile('A=1\nnot a line\n', 'f')).toThrow(/f:2/);
  });
});

describe('a use by run or read counts for the unused-key rule', () => {
  it('keyFacts takes a "used" history entry as the last use', async () => {
    const { keyFacts } = await import('../../../src-main/core/alerts/key-policy.js');
    const { makeKey } = await import('../alerts/make-key.js');
    const at = '2027-02-03T04:05:06.000Z';
    const key = makeKey({ lastVerification: null, history: [{ at, action: 'used', detail: 'run in /srv/app' }] });
    expect(keyFacts(key).lastUseIso).toBe(at);
  });
});
