// The platforms' expiry rules for a new key, as every host applies them: a choice in days
// only where the platform offers it, and a missing expiry refused where keys must expire.
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-main/core/errors.js';
import { expiryFromDays, requireExpiry } from '../../../src-main/core/lifecycle/expiry.js';

const NOW = new Date('2026-11-25T09:00:00.000Z');
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return isAppError(e) ? { code: e.code, subject: e.subject, message: e.message } : { code: 'not an AppError' };
  }
  return { code: 'none' };
};

describe('expiryFromDays', () => {
  it('is the day that many days on, where the platform offers the choice', () => {
    expect(expiryFromDays('kognitos', 90, NOW)).toBe('2027-02-23');
    expect(expiryFromDays('kubiya', 45, NOW)).toBe('2027-01-09');
  });

  it('refuses a choice the platform does not offer, and days that are no whole number, naming the subject', () => {
    expect(refusal(() => expiryFromDays('kognitos', 45, NOW))).toMatchObject({
      code: 'BAD_INPUT',
      subject: 'expiresInDays',
      message: expect.stringMatching(/7, 30, 60, 90, 180, 365 days only/),
    });
    for (const days of [0, -1, 1.5, 3651, Number.NaN])
      expect(refusal(() => expiryFromDays('kubiya', days, NOW, 'expires-in'))).toMatchObject({
        code: 'BAD_INPUT',
        subject: 'expires-in',
      });
  });
});

describe('requireExpiry', () => {
  const ask = (days: readonly number[]) => `pick ${days.join('|')}.`;

  it('refuses no expiry where keys must expire, in the host’s words', () => {
    for (const none of [null, undefined, ''])
      expect(refusal(() => requireExpiry('kognitos', none, ask, 'expires-in'))).toEqual({
        code: 'BAD_INPUT',
        subject: 'expires-in',
        message: 'Kognitos keys must expire: pick 7|30|60|90|180|365.',
      });
  });

  it('accepts an expiry there, and no expiry where the platform does not require one', () => {
    expect(refusal(() => requireExpiry('kognitos', '2027-02-23', ask, 's'))).toEqual({ code: 'none' });
    for (const platform of ['kubiya', 'knouds', 'custom'] as const)
      expect(refusal(() => requireExpiry(platform, null, ask, 's'))).toEqual({ code: 'none' });
  });
});
