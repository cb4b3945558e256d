import { describe, expect, it } from 'vitest';
import { PLATFORMS } from '../../../src-main/core/platforms/definitions/index.js';
import { decodeJwtPayload } from '../../../src-main/core/platforms/jwt.js';
import { describeKeyLocally, detectPlatform, keyHint } from '../../../src-main/core/platforms/key-facts.js';

const jwt = (claims: unknown) =>
  `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2ln`;
const NOW = new Date('2026-06-01T00:00:00Z');
const epoch = (iso: string) => Date.parse(iso) / 1000;

describe('keyHint', () => {
  it('shows the known prefix and the last 4 characters', () => {
    expect(keyHint('knouds', 'knouds_live_abcdefghijklmnop9f2a')).toBe('knouds_live_…9f2a');
    expect(keyHint('kognitos', { value: 'kgn_pat_0123456789abcdefWXYZ' })).toBe('kgn_pat_…WXYZ');
    expect(keyHint('kaana', 'plainvalue0123456789')).toBe('…6789');
  });
  it('never shows more than 4 trailing characters, and fewer for short secrets', () => {
    expect(keyHint('kaana', 'x'.repeat(200) + 'TAIL5').endsWith('AIL5')).toBe(true);
    expect(keyHint('kaana', 'abcdefgh')).toBe('…gh');
    expect(keyHint('kaana', 'abc')).toBe('…');
    expect(keyHint('knouds', 'knouds_live_')).toBe('knouds_live_…');
    expect(keyHint('kognitos', 'kgn_pat_AKIA0123456789')).toBe('kgn_pat_…89');
    expect(keyHint('custom', 'abcdefghijklmnopq')).toBe('…nopq');
  });
  it('shows every prefix a platform definition documents, whichever platform the key is filed under', () => {
    const prefixes = PLATFORMS.flatMap((p) => p.keyFormat.prefixes);
    expect(prefixes.length).toBeGreaterThan(0);
    for (const prefix of prefixes)
      for (const filedAs of ['custom', 'kaana', 'knouds'] as const)
        expect(keyHint(filedAs, `${prefix}0123456789abcdefTAIL`)).toBe(`${prefix}…TAIL`);
  });
  it('shows the public prefix of services Keyward has no definition for', () => {
    expect(keyHint('custom', 'github_pat_0123456789abcdefWXYZ')).toBe('github_pat_…WXYZ');
    expect(keyHint('custom', 'ghp_0123456789abcdefWXYZ')).toBe('ghp_…WXYZ');
    expect(keyHint('custom', 'sk_live_0123456789abcdefWXYZ')).toBe('sk_live_…WXYZ');
    expect(keyHint('custom', 'sk_test_0123456789abcdefWXYZ')).toBe('sk_test_…WXYZ');
    expect(keyHint('custom', 'xoxb-0123456789abcdefWXYZ')).toBe('xoxb-…WXYZ');
    expect(keyHint('custom', 'AKIA0123456789abcdefWXYZ')).toBe('AKIA…WXYZ');
  });
});

describe('detectPlatform', () => {
  it('recognises documented and community prefixes', () => {
    expect(detectPlatform('knouds_live_abc123')).toEqual({ platform: 'knouds', confidence: 'high' });
    expect(detectPlatform('  kgn_pat_abc123 ')).toEqual({ platform: 'kognitos', confidence: 'high' }); // vendor-documented
    expect(detectPlatform('kby_abc')).toEqual({ platform: 'kubiya', confidence: 'low' });
  });
  it('recognises a Kubiya JWT by its claims', () => {
    expect(detectPlatform(jwt({ organization: 'acme', token_name: 'ci' }))).toEqual({
      platform: 'kubiya',
      confidence: 'low',
    });
  });
  it('says nothing for values it cannot place', () => {
    for (const v of ['', 'hello world', 'abc123', jwt({ exp: 1 })]) expect(detectPlatform(v)).toBeNull();
  });
});

describe('decodeJwtPayload', () => {
  it('reads the payload of a JWT without checking the signature', () => {
    expect(decodeJwtPayload(jwt({ email: 'a@b.test' }))).toEqual({ email: 'a@b.test' });
  });
  it('returns null for anything else', () => {
    for (const v of ['kby_abc', 'a.b.c', jwt([1, 2]), jwt('text'), 'a.!!.c']) expect(decodeJwtPayload(v)).toBeNull();
  });
});

describe('describeKeyLocally', () => {
  it('Kubiya: organisation, email, token name and expiry from the JWT', () => {
    const key = jwt({
      organization: 'acme',
      email: 'ci@acme.test',
      token_name: 'ci',
      exp: epoch('2026-09-30T12:00:00Z'),
    });
    expect(describeKeyLocally('kubiya', key, NOW)).toEqual({
      facts: { organization: 'acme', email: 'ci@acme.test', tokenName: 'ci' },
      expiresAt: '2026-09-30',
      warnings: [],
    });
    const expired = jwt({ org: 'acme', exp: epoch('2026-01-01T00:00:00Z') });
    expect(describeKeyLocally('kubiya', expired, NOW).warnings).toHaveLength(1);
    expect(describeKeyLocally('kubiya', 'kby_opaque', NOW)).toEqual({ facts: {}, warnings: [] });
  });
  it('Kaana: a JWT with exp is flagged as a session token, an opaque key is not', () => {
    const session = describeKeyLocally('kaana', jwt({ sub: 'u1', exp: epoch('2026-06-01T01:00:00Z') }), NOW);
    expect(session.facts).toEqual({ valueKind: 'session-token' });
    expect(session.warnings[0]).toMatch(/session token/);
    expect(describeKeyLocally('kaana', 'opaque-api-key-123', NOW).warnings).toEqual([]);
  });
  it('platforms without local facts say nothing', () => {
    expect(describeKeyLocally('knouds', 'knouds_live_x', NOW)).toEqual({ facts: {}, warnings: [] });
  });
});
