import { describe, expect, it } from 'vitest';
import { dayResolver, formatDay, isoToMs, laterIso, parseDay } from '../../../src-main/core/alerts/calendar-date.js';

describe('parseDay / formatDay', () => {
  it.each([
    ['2028-02-29', true],
    ['2000-02-29', true],
    ['2027-02-29', false],
    ['1900-02-29', false],
    ['2028-04-31', false],
    ['2028-13-01', false],
    ['2028-1-01', false],
    ['28-02-2028', false],
    ['', false],
  ])('%s valid: %s', (s, isValid) => {
    const day = parseDay(s);
    expect(day !== null).toBe(isValid);
    if (day !== null) {
      expect(formatDay(day)).toBe(s);
      expect(day).toBe(Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10))) / 86_400_000);
    }
  });

  it('round-trips every day from 1900 to 2200', () => {
    const wrong: number[] = [];
    for (let d = -25_567; d < 84_000; d++) if (parseDay(formatDay(d)) !== d) wrong.push(d);
    expect(wrong).toEqual([]);
    expect(formatDay(-25_567)).toBe('1900-01-01');
  });
});

describe('dayResolver agrees with Intl in zones with DST and odd offsets', () => {
  const zones = [
    'UTC',
    'Europe/Berlin',
    'America/New_York',
    'Australia/Lord_Howe',
    'Asia/Kathmandu',
    'Pacific/Chatham',
    'Pacific/Kiritimati',
  ];
  it.each(zones)('%s', (zone) => {
    const days = dayResolver(zone);
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const start = Date.UTC(2027, 0, 1);
    const wrong: string[] = [];
    // Every 15 minutes and the minute before each, over two years: every DST transition and midnight.
    for (let ms = start; ms < start + 2 * 365 * 86_400_000; ms += 15 * 60_000) {
      for (const at of [ms - 1, ms])
        if (formatDay(days.dayOf(at)) !== fmt.format(at)) wrong.push(new Date(at).toISOString());
    }
    expect(wrong).toEqual([]);
  });

  it('reads ISO timestamps with and without offsets', () => {
    const days = dayResolver('UTC');
    expect(formatDay(days.dayOfIso('2028-02-29T23:59:59.999Z') ?? 0)).toBe('2028-02-29');
    expect(formatDay(days.dayOfIso('2028-03-01T00:30:00+02:00') ?? 0)).toBe('2028-02-29');
    expect(days.dayOfIso('yesterday')).toBeNull();
    expect(days.dayOfIso(null)).toBeNull();
  });
});

describe('isoToMs and laterIso', () => {
  it.each([
    '2028-02-29T12:34:56.789Z',
    '1999-12-31T23:59:59.000Z',
    '2028-02-29T12:34:56Z',
    '2028-02-29T12:34:56.789+05:30',
  ])('%s', (iso) => {
    expect(isoToMs(iso)).toBe(Date.parse(iso));
  });
  it('rejects impossible canonical timestamps', () => {
    expect(isoToMs('2027-02-29T12:00:00.000Z')).toBeNaN();
  });
  it('picks the later instant, whatever the notation', () => {
    expect(laterIso('2028-01-01T00:00:00.000Z', '2028-01-02T00:00:00.000Z')).toBe('2028-01-02T00:00:00.000Z');
    expect(laterIso('2028-01-01T05:00:00.000Z', '2028-01-01T06:00:00+02:00')).toBe('2028-01-01T05:00:00.000Z');
    expect(laterIso(null, 'nonsense')).toBe('nonsense');
    expect(laterIso('2028-01-01T05:00:00.000Z', 'nonsense')).toBe('2028-01-01T05:00:00.000Z');
  });
});
