// Builds an iCalendar (RFC 5545) file with one all-day event and one alarm per
// expiry and rotation-due date, for any calendar app. It names keys and platforms
// only: never a secret, hint, account or note.
import type { DayNumber } from '../alerts/calendar-date.js';
import { dayResolver, formatDayCompact, formatDay, parseDay } from '../alerts/calendar-date.js';
import type { AlertSettings } from '../alerts/alert.types.js';
import { DEFAULT_ALERT_SETTINGS } from '../alerts/alert.types.js';
import { keyFacts, policyResolver, rotationDueDay } from '../alerts/key-policy.js';
import type { KeyRecord } from '../inventory/key.types.js';
import { escapeText, formatUtcDateTime, serialise } from './ics-text.js';
import { findPlatform } from '../platforms/definitions/index.js';

export type CalendarOptions = {
  now: Date;
  /** PRODID, e.g. "-//Keyward//Keyward 0.1//EN". */
  prodId: string;
  /** Rotation policies; default DEFAULT_ALERT_SETTINGS. */
  settings?: AlertSettings;
  /** Zone used to date record timestamps (rotation base); default the machine's. */
  timeZone?: string;
  /** Days before the event its alarm fires; default 7. */
  alarmDaysBefore?: number;
};

type EventKind = 'expiry' | 'rotation';
type CalendarEvent = { uid: string; day: DayNumber; summary: string; description: string };

function event(key: KeyRecord, kind: EventKind, day: DayNumber): CalendarEvent {
  const label = findPlatform(key.platform)?.displayName ?? 'Custom';
  const on = formatDay(day);
  return kind === 'expiry'
    ? {
        uid: `${key.id}-expiry@keyward`,
        day,
        summary: `API key expires: ${key.name} (${label})`,
        description: `The ${label} API key "${key.name}" expires on ${on}. Rotate it in Keyward before then.`,
      }
    : {
        uid: `${key.id}-rotation@keyward`,
        day,
        summary: `API key rotation due: ${key.name} (${label})`,
        description: `The ${label} API key "${key.name}" is due for rotation on ${on}. Rotate it in Keyward.`,
      };
}

function eventLines(e: CalendarEvent, stamp: string, trigger: string): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${escapeText(e.uid)}`,
    `DTSTAMP:${stamp}`,
    `DTSTART;VALUE=DATE:${formatDayCompact(e.day)}`,
    `DTEND;VALUE=DATE:${formatDayCompact(e.day + 1)}`,
    `SUMMARY:${escapeText(e.summary)}`,
    `DESCRIPTION:${escapeText(e.description)}`,
    'CATEGORIES:Keyward',
    'TRANSP:TRANSPARENT',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    `DESCRIPTION:${escapeText(e.summary)}`,
    `TRIGGER:${trigger}`,
    'END:VALARM',
    'END:VEVENT',
  ];
}

/** The whole calendar as text (CRLF line endings), events ordered by date then UID. */
export function buildCalendar(keys: readonly KeyRecord[], opts: CalendarOptions): string {
  const days = dayResolver(opts.timeZone);
  const policyFor = policyResolver(opts.settings ?? DEFAULT_ALERT_SETTINGS);
  const events: CalendarEvent[] = [];
  for (const key of keys) {
    // Revoked, expired and pending keys need no reminder of a future date.
    if (key.status !== 'active') continue;
    const exp = parseDay(key.expiresAt);
    if (exp !== null) events.push(event(key, 'expiry', exp));
    const due = rotationDueDay(key, policyFor(key), keyFacts(key), days);
    if (due !== null) events.push(event(key, 'rotation', due));
  }
  events.sort((a, b) => a.day - b.day || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
  const before = Math.max(0, Math.floor(opts.alarmDaysBefore ?? 7));
  const trigger = before === 0 ? 'PT0S' : `-P${before}D`;
  const stamp = formatUtcDateTime(opts.now);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    `PRODID:${escapeText(opts.prodId)}`,
    'CALSCALE:GREGORIAN',
    'X-WR-CALNAME:Keyward',
    ...events.flatMap((e) => eventLines(e, stamp, trigger)),
    'END:VCALENDAR',
  ];
  return serialise(lines);
}
