// Calendar-date arithmetic for alerts: YYYY-MM-DD strings <-> day numbers, and
// instants -> the calendar day in the user's time zone. Pure; never reads the clock.
import { AppError } from '../errors.js';

/** Days since 1970-01-01 of a calendar date; the unit every alert rule counts in. */
export type DayNumber = number;

const MS_PER_DAY = 86_400_000;
// Every UTC offset and transition in use falls on a 15-minute boundary.
const BUCKET_MS = 900_000;
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic
// Gregorian calendar, and far cheaper than a Date per call (100k keys per pass).
function daysFromCivil(y: number, m: number, d: number): DayNumber {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function parseDayAt(s: string, at: number): DayNumber | null {
  if (s[at + 4] !== '-' || s[at + 7] !== '-') return null;
  const y = digits(s, at, at + 4);
  const m = digits(s, at + 5, at + 7);
  const d = digits(s, at + 8, at + 10);
  if (y < 0 || m < 1 || m > 12 || d < 1) return null;
  const max = m === 2 && !isLeap(y) ? 28 : (DAYS_IN_MONTH[m - 1] ?? 31);
  if (d > max) return null;
  return daysFromCivil(y, m, d);
}

/** Day number of a YYYY-MM-DD date, or null when absent or not a real date (2027-02-29). */
export function parseDay(s: string | null | undefined): DayNumber | null {
  if (s === null || s === undefined || s.length !== 10) return null;
  return parseDayAt(s, 0);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

// A pass over 100k keys formats the same few hundred dates again and again: share the strings.
const FORMATTED = new Map<DayNumber, string>();
const FORMATTED_MAX = 20_000;

/** YYYY-MM-DD of a day number (years 0000-9999). */
export function formatDay(day: DayNumber): string {
  let text = FORMATTED.get(day);
  if (text === undefined) {
    if (FORMATTED.size >= FORMATTED_MAX) FORMATTED.clear();
    FORMATTED.set(day, (text = civilText(day)));
  }
  return text;
}

function civilText(day: DayNumber): string {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** YYYYMMDD of a day number, as iCalendar DATE values want it. */
export function formatDayCompact(day: DayNumber): string {
  return formatDay(day).replaceAll('-', '');
}

/** The prefix of a zone Intl cannot name (a POSIX TZ): its days follow the process's local time. */
const PROCESS_ZONE = 'process-local:';

/** The machine's time zone, the default for every "days until". */
let machineZone: string | null = null;
export function machineTimeZone(): string {
  // Asking Intl costs a formatter, and even reading process.env.TZ costs a lookup in the process's
  // environment: a pass over every key asks per key. Read once; a change goes through setTimeZone.
  // A POSIX TZ ("UTC-14", "EST5EDT") has no IANA name: Intl says none, and the process's own offsets stand for it.
  machineZone ??= Intl.DateTimeFormat().resolvedOptions().timeZone ?? `${PROCESS_ZONE}${process.env.TZ ?? ''}`;
  return machineZone;
}

/**
 * Sets the process's time zone (TZ; undefined: the system's), which every later "days until" follows.
 * The one way to change it while running (the CLI's agent works each request in its client's zone).
 */
export function setTimeZone(tz: string | undefined): void {
  if (tz === undefined) delete process.env.TZ;
  else process.env.TZ = tz;
  machineZone = null;
}

/** Maps instants to calendar days in one time zone; build one per computation. */
export type DayResolver = {
  readonly timeZone: string;
  dayOf: (ms: number) => DayNumber;
  /** Day of an ISO timestamp, or null when it does not parse. */
  dayOfIso: (iso: string | null | undefined) => DayNumber | null;
};

/**
 * Asking Intl per timestamp is far too slow for 100k keys, so offsets are cached
 * per UTC day: a day whose offset is the same at both ends has it throughout
 * (zones change offset at most a few times a year); other days go per bucket.
 */
const RESOLVERS = new Map<string, DayResolver>();
export function dayResolver(timeZone: string = machineTimeZone()): DayResolver {
  // One per zone for the process: building the formatter and learning the offsets is the cost,
  // and a pass over every key asks for a resolver per key. What it caches is pure.
  let r = RESOLVERS.get(timeZone);
  if (r === undefined) RESOLVERS.set(timeZone, (r = makeDayResolver(timeZone)));
  return r;
}

function makeDayResolver(timeZone: string): DayResolver {
  if (timeZone.startsWith(PROCESS_ZONE)) {
    // Date's local time follows the process's TZ, which machineTimeZone named this zone after.
    return resolverFrom(timeZone, (ms) => -new Date(ms).getTimezoneOffset() * 60_000);
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      calendar: 'gregory',
      numberingSystem: 'latn',
    });
  } catch (e: unknown) {
    throw new AppError('BAD_INPUT', `Unknown time zone: ${timeZone}`, { cause: e });
  }
  const offsetAt = (ms: number): number => {
    const f = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    for (const part of format.formatToParts(ms))
      if (part.type in f) f[part.type as keyof typeof f] = Number(part.value);
    const local =
      daysFromCivil(f.year, f.month, f.day) * MS_PER_DAY + f.hour * 3_600_000 + f.minute * 60_000 + f.second * 1000;
    return local - Math.floor(ms / 1000) * 1000;
  };
  return resolverFrom(timeZone, offsetAt);
}

/** A resolver from a zone's offset at an instant (local minus UTC, in ms), cached per day and bucket. */
function resolverFrom(timeZone: string, offsetAt: (ms: number) => number): DayResolver {
  const dayStartOffset = new Map<number, number>();
  const startOffset = (utcDay: number): number => {
    let off = dayStartOffset.get(utcDay);
    if (off === undefined) dayStartOffset.set(utcDay, (off = offsetAt(utcDay * MS_PER_DAY)));
    return off;
  };
  const bucketOffset = new Map<number, number>();
  const dayOf = (ms: number): DayNumber => {
    const utcDay = Math.floor(ms / MS_PER_DAY);
    let off = startOffset(utcDay);
    if (off !== startOffset(utcDay + 1)) {
      const bucket = Math.floor(ms / BUCKET_MS);
      const hit = bucketOffset.get(bucket);
      if (hit === undefined) bucketOffset.set(bucket, (off = offsetAt(bucket * BUCKET_MS)));
      else off = hit;
    }
    return Math.floor((ms + off) / MS_PER_DAY);
  };
  const dayOfIso = (iso: string | null | undefined): DayNumber | null => {
    if (iso === null || iso === undefined) return null;
    const ms = isoToMs(iso);
    return Number.isNaN(ms) ? null : dayOf(ms);
  };
  return { timeZone, dayOf, dayOfIso };
}

/** Epoch ms of an ISO timestamp (NaN if invalid); canonical toISOString() text takes a fast path. */
export function isoToMs(iso: string): number {
  if (iso.length === 24 && iso[10] === 'T' && iso[23] === 'Z' && iso[4] === '-' && iso[13] === ':') {
    const day = parseDayAt(iso, 0);
    const h = digits(iso, 11, 13);
    const mi = digits(iso, 14, 16);
    const sec = digits(iso, 17, 19);
    const frac = digits(iso, 20, 23);
    const isValid = day !== null && h >= 0 && h < 24 && mi >= 0 && mi < 60 && sec >= 0 && sec < 60 && frac >= 0;
    // Date.parse would roll 2027-02-29 over into March; a canonical but impossible instant is invalid.
    if (iso[19] === '.') return isValid ? day * MS_PER_DAY + h * 3_600_000 + mi * 60_000 + sec * 1000 + frac : NaN;
  }
  return Date.parse(iso);
}

/** Later of two ISO timestamps; compares as text when both are canonical UTC (toISOString). */
export function laterIso(a: string | null, b: string | null | undefined): string | null {
  if (b === null || b === undefined) return a;
  if (a === null) return b;
  if (a.length === 24 && b.length === 24 && a.endsWith('Z') && b.endsWith('Z')) return b > a ? b : a;
  const ma = isoToMs(a);
  const mb = isoToMs(b);
  if (Number.isNaN(mb)) return a;
  return Number.isNaN(ma) || mb > ma ? b : a;
}
