import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-main/core/errors.js';
import { kaana, kai, knouds, kognitos, kubiya } from '../../../src-main/core/platforms/definitions/index.js';
import { assertWithinLimits, checkLimits } from '../../../src-main/core/platforms/limits.js';

describe('checkLimits', () => {
  it('Kognitos: 10 keys per organisation', () => {
    expect(checkLimits(kognitos, 9)).toMatchObject({ allowed: true, remaining: 1 });
    expect(checkLimits(kognitos, 10)).toMatchObject({ allowed: false, reason: 'max-keys' });
  });
  it('Kaana: 5 active keys on Standard (assumed when unknown), none on Enterprise', () => {
    expect(checkLimits(kaana, 4, 'standard')).toMatchObject({ allowed: true, remaining: 1 });
    expect(checkLimits(kaana, 5, 'Standard')).toMatchObject({ allowed: false, reason: 'max-keys' });
    const unknown = checkLimits(kaana, 5);
    expect(unknown.allowed).toBe(false);
    expect(!unknown.allowed && unknown.message).toMatch(/assuming the standard plan/);
    expect(checkLimits(kaana, 50, 'enterprise')).toMatchObject({ allowed: true });
  });
  it('Knouds: paid tiers only', () => {
    expect(checkLimits(knouds, 0, 'free')).toMatchObject({ allowed: false, reason: 'tier' });
    expect(checkLimits(knouds, 0, 'pro')).toEqual({ allowed: true, warnings: [] });
    expect(checkLimits(knouds, 0).warnings).toHaveLength(1);
  });
  it('KAI: a new key replaces the current one, with a warning', () => {
    const check = checkLimits(kai, 1);
    expect(check.allowed).toBe(true);
    expect(check.warnings[0]).toMatch(/revokes the current one/);
  });
  it('Kubiya: no documented cap', () => {
    expect(checkLimits(kubiya, 1_000)).toEqual({ allowed: true, warnings: [] });
  });
  it('refuses a nonsense count, and assertWithinLimits throws LIMIT_REACHED', () => {
    expect(() => checkLimits(kaana, -1)).toThrow();
    expect(() => assertWithinLimits(kognitos, 10)).toThrow(expect.objectContaining({ code: 'LIMIT_REACHED' }));
    try {
      assertWithinLimits(knouds, 0, 'free');
    } catch (e) {
      expect(isAppError(e, 'LIMIT_REACHED')).toBe(true);
    }
  });
});
