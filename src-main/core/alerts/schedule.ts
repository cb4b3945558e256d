// The notification schedule kept outside the encryption so Keyward can warn while
// the vault is locked, and the one-per-day digest built from it. It must never hold
// a secret, hint, account or (unless the user opts in) a key name: see docs/ALERTS.md.
import type { KeyRecord } from '../inventory/key.types.js';
import type { AlertSettings, AlertSeverity, AlertState } from './alert.types.js';
import type { DayNumber } from './calendar-date.js';
import { dayResolver, formatDay, parseDay } from './calendar-date.js';
import type { KeyPolicy } from './key-policy.js';
import { keyFacts, policyResolver, rotationDueDay } from './key-policy.js';
import { severityForDaysLeft, thresholdFor } from './key-rules.js';
import { DUE_SOON_DAYS } from './key-state.js';

export const SCHEDULE_KINDS = ['expiring', 'expired', 'rotation-due', 'attention'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/**
 * One future notification. `name` is present only when the user opted in. `from`: a snoozed
 * reason's entry keeps its own date and counts (and notifies) only from the snooze's end.
 */
export type ScheduleEntry = {
  keyId: string;
  date: string;
  severity: AlertSeverity;
  kind: ScheduleKind;
  from?: string;
  name?: string;
};

export type ScheduleOptions = {
  /** Opt-in: put key names in the schedule (readable without the master password). */
  includeNames?: boolean;
  timeZone?: string;
  /** Snoozes move an entry to the snooze date; acknowledged alerts drop out. */
  state?: AlertState;
  /** Entries further ahead than this are left out; the schedule is rebuilt on every unlock. */
  horizonDays?: number;
  /**
   * Keys that need action, as of now, for a reason no date in the file tells (refused by their
   * platform, leaked, found in plaintext, a stuck revocation, a full key cap, a checklist due, an
   * expired key still deployed): one `attention` entry each, dated today, critical for act now;
   * and for such reasons hidden by a snooze, one dated the day the snooze ends.
   */
  standing?: ReadonlyMap<string, Standing>;
};

/** The state of a key's reasons that the dates in the schedule cannot tell. */
export type StandingState = 'act-now' | 'due-soon';
/** A key's undated reasons: standing now, and (`snoozed`) coming back when their snooze ends. */
export type Standing = { now?: StandingState; snoozed?: { state: StandingState; until: DayNumber } };

export type Digest = {
  day: string;
  keyCount: number;
  keyIds: string[];
  severity: AlertSeverity;
  bySeverity: Record<AlertSeverity, number>;
  title: string;
  body: string;
};

type Candidate = { alertId: string; day: DayNumber; severity: AlertSeverity; kind: ScheduleKind };

function candidates(key: KeyRecord, pol: KeyPolicy, rotationDue: DayNumber | null): Candidate[] {
  const list: Candidate[] = [];
  const exp = parseDay(key.expiresAt);
  if (exp !== null) {
    for (const t of pol.thresholds)
      list.push({
        alertId: `expiring:${key.id}:${t}`,
        day: exp - t,
        severity: severityForDaysLeft(t),
        kind: 'expiring',
      });
    list.push({ alertId: `expired-active:${key.id}`, day: exp + 1, severity: 'critical', kind: 'expired' });
  }
  if (rotationDue !== null) {
    const alertId = `rotation-due:${key.id}:${pol.rotateEveryDays ?? ''}`;
    list.push({ alertId, day: rotationDue, severity: 'warning', kind: 'rotation-due' });
  }
  return list;
}

const DAY_MS = 86_400_000;

/**
 * When the expiry of a key whose current expiry alert is snoozed counts again: the first day from
 * today on that an `expiring` alert within DUE_SOON_DAYS or the `expired-active` one stands
 * unsnoozed. Undefined when nothing is snoozed (the entry counts by its date alone).
 */
function expiryCountsFrom(
  key: KeyRecord,
  pol: KeyPolicy,
  today: DayNumber,
  snoozeDay: (alertId: string) => DayNumber | null,
): DayNumber | undefined {
  const exp = parseDay(key.expiresAt);
  if (exp === null) return undefined;
  const idOn = (d: DayNumber): string | null => {
    if (d > exp) return `expired-active:${key.id}`;
    if (exp - d > DUE_SOON_DAYS) return null;
    const t = thresholdFor(exp - d, pol.thresholds);
    return t === null ? null : `expiring:${key.id}:${t}`;
  };
  const first = Math.max(today, exp - DUE_SOON_DAYS);
  const id = idOn(first);
  if (id === null || snoozeDay(id) === null) return undefined;
  for (let d = first; d <= exp + 1; d++) {
    const at = idOn(d);
    const s = at === null ? null : snoozeDay(at);
    if (at !== null && (s === null || s <= d)) return d;
  }
  return Math.max(exp + 1, snoozeDay(`expired-active:${key.id}`) ?? exp + 1);
}

/** Dates, ids and kinds are ASCII: compared by code unit, which orders them as localeCompare did, many times faster. */
const ascii = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const entryOrder = (a: ScheduleEntry, b: ScheduleEntry): number =>
  ascii(a.date, b.date) || ascii(a.keyId, b.keyId) || ascii(a.kind, b.kind);

const KINDS: ReadonlySet<string> = new Set(SCHEDULE_KINDS);
const isEntry = (e: unknown): e is ScheduleEntry => {
  if (typeof e !== 'object' || e === null) return false;
  const x = e as Record<string, unknown>;
  return (
    typeof x.keyId === 'string' &&
    typeof x.date === 'string' &&
    typeof x.severity === 'string' &&
    KINDS.has(String(x.kind)) &&
    (x.from === undefined || typeof x.from === 'string')
  );
};

/** The entries of a schedule file's text, or null when it is not one (then it is rebuilt whole). */
export function parseScheduleEntries(text: string): ScheduleEntry[] | null {
  try {
    const doc = JSON.parse(text) as { version?: unknown; entries?: unknown };
    if (doc.version !== 1 || !Array.isArray(doc.entries) || !doc.entries.every(isEntry)) return null;
    return doc.entries;
  } catch {
    return null;
  }
}

/**
 * The schedule after a change to the keys in `touched` alone: their old entries replaced by the
 * entries of `keys` (the touched keys that still exist), every other key's left as it was, in the
 * order a whole rebuild gives. A command about one key costs that key, not every key.
 */
export function spliceSchedule(
  old: readonly ScheduleEntry[],
  touched: ReadonlySet<string>,
  keys: readonly KeyRecord[],
  settings: AlertSettings,
  now: Date,
  opts: ScheduleOptions = {},
): ScheduleEntry[] {
  const kept = old.filter((e) => !touched.has(e.keyId));
  return [...kept, ...buildNotificationSchedule(keys, settings, now, opts)].sort(entryOrder);
}

/**
 * The next date on which each active key crosses an expiry threshold, expires, or falls due for
 * rotation (one entry per key and kind at most), within the horizon.
 */
export function buildNotificationSchedule(
  keys: readonly KeyRecord[],
  settings: AlertSettings,
  now: Date,
  opts: ScheduleOptions = {},
): ScheduleEntry[] {
  const days = dayResolver(opts.timeZone);
  const today = days.dayOf(now.getTime());
  const last = today + (opts.horizonDays ?? 400);
  const policyFor = policyResolver(settings);
  const acks = new Set(opts.state?.acks ?? []);
  const snoozes = opts.state?.snoozes ?? {};
  const out: ScheduleEntry[] = [];
  // Each snooze's end day, worked out once (a pass asks per candidate of every key, most with no snooze).
  const snoozeEnds = new Map<string, DayNumber>();
  for (const [alertId, until] of Object.entries(snoozes)) {
    const d = parseDay(until) ?? days.dayOfIso(until);
    if (d !== null && d > today) snoozeEnds.set(alertId, d);
  }
  const snoozeDay = (alertId: string): DayNumber | null => snoozeEnds.get(alertId) ?? null;
  const push = (key: KeyRecord, day: DayNumber, severity: AlertSeverity, kind: ScheduleKind, from?: DayNumber) => {
    // SECURITY: only id, date, severity and kind by default; the name only on opt-in.
    const entry: ScheduleEntry = { keyId: key.id, date: formatDay(day), severity, kind };
    if (from !== undefined && from > today) entry.from = formatDay(from);
    if (opts.includeNames === true) entry.name = key.name;
    out.push(entry);
  };
  for (const key of keys) {
    if (key.status === 'revocation-pending') {
      // A revocation is stuck (act now) once it is over a day old: dated the first whole day it is,
      // or the day its snooze ends; a stuck one the unlocked app already sees is a standing entry.
      const alertId = `revocation-pending:${key.id}`;
      const since = Date.parse(keyFacts(key).pendingSinceIso ?? key.recordUpdatedAt);
      const stuck = Number.isNaN(since) ? null : days.dayOf(since + DAY_MS) + 1;
      const day = stuck === null ? null : Math.max(stuck, snoozeDay(alertId) ?? stuck);
      if (!acks.has(alertId) && day !== null && day > today && day <= last) push(key, day, 'critical', 'attention');
    }
    if (key.status !== 'active') continue;
    const pol = policyFor(key);
    const rotationDue = rotationDueDay(key, pol, keyFacts(key), days);
    for (const c of candidates(key, pol, rotationDue)) {
      if (acks.has(c.alertId)) continue;
      const snooze = snoozeDay(c.alertId);
      // A snooze only postpones a crossing still ahead; past crossings are the unlocked app's job.
      const day = snooze !== null && snooze > c.day && c.day >= today ? snooze : c.day;
      // What the locked count needs of the past: a key past its expiry keeps its `expired` entry,
      // and a rotation that fell due in the last DUE_SOON_DAYS days its `rotation-due` entry, from
      // the end of a snooze of that alert when there is one; every other past crossing is left out.
      const stillDue =
        day < today && (c.kind === 'expired' || (c.kind === 'rotation-due' && today - day <= DUE_SOON_DAYS));
      if ((day < today && !stillDue) || day > last) continue;
      let from = stillDue ? (snooze ?? undefined) : undefined;
      // The `expired` entry also counts the days before the expiry (due soon): from the first day
      // an expiry alert of the key is not snoozed, when its current one is.
      if (c.kind === 'expired') from = expiryCountsFrom(key, pol, today, snoozeDay) ?? from;
      push(key, day, c.severity, c.kind, from);
    }
  }
  for (const key of keys) {
    const st = opts.standing?.get(key.id);
    if (st === undefined) continue;
    const sev = (x: StandingState): AlertSeverity => (x === 'act-now' ? 'critical' : 'warning');
    if (st.now !== undefined) push(key, today, sev(st.now), 'attention');
    if (st.snoozed !== undefined && st.snoozed.until <= last)
      push(key, st.snoozed.until, sev(st.snoozed.state), 'attention');
  }
  out.sort(entryOrder);
  // Only the next crossing of each kind per key: what a locked app notifies next. The later
  // thresholds of the same key are written when the schedule is next rebuilt (every unlock and
  // every change), so the file neither lists every date of every key nor reveals the thresholds.
  // An `attention` entry each for now, a snooze's end and a revocation's: each may start the count.
  // Sorted by date, key and kind: a key's entries of one kind are adjacent, the first the earliest.
  const seen = new Map<string, Set<string>>();
  return out.filter((e) => {
    const k = e.kind === 'attention' ? `attention\u0000${e.date}` : e.kind;
    let kinds = seen.get(e.keyId);
    if (kinds === undefined) seen.set(e.keyId, (kinds = new Set()));
    if (kinds.has(k)) return false;
    kinds.add(k);
    return true;
  });
}

const RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };
const KIND_WORDS: Record<ScheduleKind, string> = {
  expiring: 'expiring soon',
  expired: 'expired',
  'rotation-due': 'due for rotation',
  attention: 'needing action',
};

const KIND_ORDER: ScheduleKind[] = ['expired', 'attention', 'expiring', 'rotation-due'];

function countWords(counts: Map<ScheduleKind, number>): string {
  return KIND_ORDER.flatMap((k) => (counts.has(k) ? [`${counts.get(k) ?? 0} ${KIND_WORDS[k]}`] : [])).join(', ');
}

/**
 * One digest for `day` (YYYY-MM-DD) instead of a notification per entry; null when
 * nothing is due. `sinceDay` (exclusive) catches up on days the app did not run.
 */
export function digestFor(
  schedule: readonly ScheduleEntry[],
  day: string,
  opts: { sinceDay?: string } = {},
): Digest | null {
  const from = opts.sinceDay ?? day;
  const on = (e: ScheduleEntry) => (e.from !== undefined && e.from > e.date ? e.from : e.date);
  const due = schedule.filter((e) => (opts.sinceDay === undefined ? on(e) === day : on(e) > from && on(e) <= day));
  if (due.length === 0) return null;
  const bySeverity: Record<AlertSeverity, number> = { critical: 0, warning: 0, info: 0 };
  const worst = new Map<string, ScheduleEntry>();
  for (const e of due) {
    const seen = worst.get(e.keyId);
    if (seen === undefined || RANK[e.severity] > RANK[seen.severity]) worst.set(e.keyId, e);
  }
  const kinds = new Map<ScheduleKind, number>();
  let severity: AlertSeverity = 'info';
  for (const e of worst.values()) {
    bySeverity[e.severity]++;
    kinds.set(e.kind, (kinds.get(e.kind) ?? 0) + 1);
    if (RANK[e.severity] > RANK[severity]) severity = e.severity;
  }
  const n = worst.size;
  const names = [...worst.values()].flatMap((e) => (e.name === undefined ? [] : [e.name]));
  const shown = names.slice(0, 5).join(', ') + (names.length > 5 ? ` and ${names.length - 5} more` : '');
  const bodyParts = [`${countWords(kinds)}.`];
  if (names.length > 0) bodyParts.push(`${shown}.`);
  bodyParts.push('Unlock Keyward to see what to do.');
  return {
    day,
    keyCount: n,
    keyIds: [...worst.keys()],
    severity,
    bySeverity,
    title: `Keyward: ${n === 1 ? '1 key needs' : `${n} keys need`} attention`,
    body: bodyParts.join(' '),
  };
}
