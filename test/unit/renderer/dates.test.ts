// Relative days for a calendar date and for a moment (Keyward's own uses are recorded with their time).
import { describe, expect, it } from 'vitest';
import { daysFromToday, relativeDay } from '../../../src-renderer/src/lib/dates.js';

const noon = (y: number, m: number, d: number) => new Date(y, m - 1, d, 12, 0, 0);

describe('relativeDay', () => {
  it('counts calendar dates from today', () => {
    const now = noon(2026, 12, 4);
    expect(relativeDay('2026-12-03', now)).toBe('yesterday');
    expect(relativeDay('2026-12-05', now)).toBe('tomorrow');
    expect(relativeDay('2026-11-20', now)).toBe('2 weeks ago');
  });

  it('counts a moment with its time by the local day it fell on, never "NaN years ago"', () => {
    const now = noon(2026, 12, 4);
    const earlierToday = new Date(2026, 11, 4, 9, 30).toISOString();
    const yesterday = new Date(2026, 11, 3, 23, 10).toISOString();
    expect(daysFromToday(earlierToday, now)).toBe(0);
    expect(relativeDay(earlierToday, now)).toBe('today');
    expect(relativeDay(yesterday, now)).toBe('yesterday');
    expect(relativeDay(new Date(2026, 10, 1, 8).toISOString(), now)).toBe('5 weeks ago');
  });
});
