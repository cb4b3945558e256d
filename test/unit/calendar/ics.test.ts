import { describe, expect, it } from 'vitest';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import { buildCalendar } from '../../../src-main/core/calendar/ics.js';
import { makeKey } from '../alerts/make-key.js';
import { findPython, runPython } from './python.js';

const NOW = new Date('2028-02-28T12:00:00.000Z');
const OPTS = { now: NOW, prodId: '-//Keyward//Keyward 0.1//EN', timeZone: 'UTC' };
const keys = [
  makeKey({
    id: 'key-a',
    name: 'Prod; deploy, "main"\\ key\nline two — ключ 🔑',
    platform: 'kognitos',
    expiresAt: '2028-02-29',
  }),
  makeKey({
    id: 'key-b',
    name: 'Rotating',
    platform: 'kubiya',
    expiresAt: null,
    createdAt: '2028-01-01',
    rotateEveryDays: 90,
  }),
  makeKey({ id: 'key-c', name: 'Gone', status: 'revoked', expiresAt: '2028-05-01' }),
];

describe('buildCalendar', () => {
  const ics = buildCalendar(keys, OPTS);

  it('uses CRLF only and keeps every line within 75 octets', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replaceAll('\r\n', '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  it('has one all-day event with an alarm per expiry and rotation date, with stable UIDs', () => {
    const unfolded = ics.replaceAll('\r\n ', '');
    expect(unfolded.match(/^BEGIN:VEVENT$/gm)).toHaveLength(2);
    expect(unfolded.match(/^BEGIN:VALARM$/gm)).toHaveLength(2);
    expect(unfolded).toContain(
      'UID:key-a-expiry@keyward\r\nDTSTAMP:20280228T120000Z\r\nDTSTART;VALUE=DATE:20280229\r\nDTEND;VALUE=DATE:20280301\r\n',
    );
    expect(unfolded).toContain(
      'UID:key-b-rotation@keyward\r\nDTSTAMP:20280228T120000Z\r\nDTSTART;VALUE=DATE:20280331\r\n',
    );
    expect(unfolded).toContain(
      'SUMMARY:API key expires: Prod\\; deploy\\, "main"\\\\ key\\nline two — ключ 🔑 (Kognitos)\r\n',
    );
    expect(unfolded).toContain('TRIGGER:-P7D\r\n');
    const later = buildCalendar(keys, { ...OPTS, now: new Date('2028-03-10T00:00:00.000Z') });
    expect(later.match(/^UID:.*$/gm)).toEqual(ics.match(/^UID:.*$/gm));
  });

  it('holds no hint, account, owner, purpose or notes', () => {
    expect(ics).not.toMatch(/HINT-SENTINEL|ACCOUNT-SENTINEL|OWNER-SENTINEL|PURPOSE-SENTINEL|NOTES-SENTINEL/);
  });

  it('takes rotation policies from settings and alarm lead time from options', () => {
    const settings = { ...DEFAULT_ALERT_SETTINGS, rotationDefaultsDays: { kognitos: 30 } };
    const out = buildCalendar(keys, { ...OPTS, settings, alarmDaysBefore: 0 }).replaceAll('\r\n ', '');
    expect(out).toContain('UID:key-a-rotation@keyward');
    expect(out).toContain('TRIGGER:PT0S');
  });

  it('is an empty but valid calendar without dated keys', () => {
    expect(buildCalendar([], OPTS)).toBe(
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Keyward//Keyward 0.1//EN\r\nCALSCALE:GREGORIAN\r\nX-WR-CALNAME:Keyward\r\nEND:VCALENDAR\r\n',
    );
  });
});

const python = findPython('icalendar');
const skipNote = python === null ? ' (SKIPPED: python3-icalendar missing; apt-get install -y python3-icalendar)' : '';

describe('an independent parser (python3-icalendar) reads it back', () => {
  it.skipIf(python === null)(`parses the events, unescaped and unfolded${skipNote}`, () => {
    const script = `
import sys, json, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
out = []
for ev in cal.walk('VEVENT'):
    alarms = [str(a.decoded('TRIGGER')) for a in ev.walk('VALARM')]
    out.append({'uid': str(ev['UID']), 'summary': str(ev['SUMMARY']), 'description': str(ev['DESCRIPTION']),
                'start': ev.decoded('DTSTART').isoformat(), 'end': ev.decoded('DTEND').isoformat(), 'alarms': alarms})
print(json.dumps({'prodid': str(cal['PRODID']), 'events': out}))
`;
    const parsed = JSON.parse(runPython(python ?? 'python3', script, buildCalendar(keys, OPTS))) as {
      prodid: string;
      events: { uid: string; summary: string; description: string; start: string; end: string; alarms: string[] }[];
    };
    expect(parsed.prodid).toBe(OPTS.prodId);
    expect(parsed.events).toEqual([
      {
        uid: 'key-a-expiry@keyward',
        summary: `API key expires: ${keys[0]?.name ?? ''} (Kognitos)`,
        description: expect.stringContaining('expires on 2028-02-29') as unknown,
        start: '2028-02-29',
        end: '2028-03-01',
        alarms: ['-7 days, 0:00:00'],
      },
      {
        uid: 'key-b-rotation@keyward',
        summary: 'API key rotation due: Rotating (Kubiya)',
        description: expect.stringContaining('2028-03-31') as unknown,
        start: '2028-03-31',
        end: '2028-04-01',
        alarms: ['-7 days, 0:00:00'],
      },
    ]);
  });
});
