import { describe, expect, it } from 'vitest';
import { kaana, knouds, kubiya } from '../../../src-main/core/platforms/definitions/index.js';
import type { SendResult } from '../../../src-main/core/platforms/platform-call.js';
import { redactSecret } from '../../../src-main/core/redaction.js';
import { interpretVerify } from '../../../src-main/core/platforms/verify-outcome.js';

const now = new Date('2026-06-01T00:00:00Z');
const answer = (status: number, body: unknown = {}, attempts = 1): SendResult => ({
  kind: 'response',
  response: { status, headers: {}, bodyText: typeof body === 'string' ? body : JSON.stringify(body) },
  attempts,
});
const read = (sent: SendResult, previouslyValid = false, def = kubiya) =>
  interpretVerify(def, sent, { account: 'a', previouslyValid, now }).result;

describe('interpretVerify', () => {
  it('maps the generic statuses', () => {
    expect(read(answer(401))).toBe('invalid');
    expect(read(answer(401), true)).toBe('revoked');
    expect(read(answer(403))).toBe('forbidden');
    expect(read(answer(404))).toBe('platform-error');
    expect(read(answer(429))).toBe('rate-limited');
    expect(read(answer(302))).toBe('platform-error');
    expect(read(answer(418))).toBe('platform-error');
    expect(read(answer(503, {}, 4))).toBe('platform-error');
    expect(read(answer(200, 'not json'))).toBe('platform-error');
    expect(read({ kind: 'held-back', retryAt: now, attempts: 0 })).toBe('rate-limited');
  });

  it('lets a definition explain its own codes', () => {
    expect(read(answer(401, { error: 'x', code: 'LEGACY_KEY_RETIRED' }), true, knouds)).toBe('retired');
    expect(read(answer(401, { error: 'Unauthorized', message: 'Unauthorized' }), false, kaana)).toBe('forbidden');
    expect(read(answer(401, { error: 'Unauthorized', message: 'Invalid API Key' }), true, kaana)).toBe('revoked');
  });

  it('never copies platform text into the message', () => {
    const v = interpretVerify(
      knouds,
      answer(403, { error: 'SECRET-ECHO', code: 'CAPABILITY_DENIED', required: 'bad text!' }),
      {
        account: 'a',
        previouslyValid: false,
        now,
      },
    );
    expect(v.message).not.toContain('SECRET-ECHO');
    expect(v.message).not.toContain('bad text');
  });
});

describe('redactSecret', () => {
  it('cuts the secret out of any text, leaving very short values alone', () => {
    expect(redactSecret('user abcdef123 abcdef123', { value: 'abcdef123' })).toBe('user [redacted] [redacted]');
    expect(redactSecret('the cat', { value: 'the' })).toBe('the cat');
  });
});
