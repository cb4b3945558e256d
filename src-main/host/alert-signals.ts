// What the tray and the OS notifications say about alerts, from the core while the vault
// is unlocked and from the locked-state schedule file (no names unless the user opted in)
// while it is locked. Both count KEYS needing action (act now + due soon), the number the
// sidebar badge shows. The notification's memory (`<vault>.notified.json`) keeps what was last
// notified so an unchanged count stays silent. No `electron` here.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { KeyAttention } from '../core/alerts/key-state.js';
import { DUE_SOON_DAYS, reasonRank } from '../core/alerts/key-state.js';
import type { ScheduleEntry } from '../core/alerts/schedule.js';
import { writeSideFile } from '../core/files/side-file.js';

export type ScheduleFile = { version: 1; writtenAt: string; entries: ScheduleEntry[] };

/** Parses the schedule file's text; anything unexpected counts as no schedule. */
export function parseSchedule(text: string | null): ScheduleEntry[] {
  if (text === null) return [];
  try {
    const file = JSON.parse(text) as Partial<ScheduleFile>;
    if (file.version !== 1 || !Array.isArray(file.entries)) return [];
    return file.entries.filter(
      (e): e is ScheduleEntry =>
        typeof e?.keyId === 'string' &&
        typeof e.date === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(e.date) &&
        (e.from === undefined || (typeof e.from === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.from))),
    );
  } catch {
    return [];
  }
}

/** The keys needing action, the most urgent first, as far as one source can tell. */
export type NeedingAction = {
  keyIds: string[];
  actNow: number;
  /** The most urgent key's name: only when names are allowed (the schedule's opt-in). */
  urgentName?: string;
};

const DAY_MS = 86_400_000;
const dayNum = (day: string): number => Math.floor(Date.parse(`${day}T00:00:00Z`) / DAY_MS);

/**
 * What needsAction counts, as far as the schedule can tell: a key whose expiry (the `expired`
 * entry is dated the day after it) is past (act now) or within the due-soon window, whose
 * rotation fell due in the last `soon` days, or whose next `expiring` warning of 7 days or
 * less has been reached, or that needed action for another reason (an `attention` entry: refused,
 * leaked, a stuck revocation, a key cap, a checklist) from the entry's date on (the day the
 * schedule was written, a snooze's end, the day a pending revocation is a day old). An entry with
 * `from` (a snoozed reason) counts only from that day. Changes made since the schedule was written
 * are not in the file (docs/ALERTS.md).
 */
export function scheduleNeedingAction(
  entries: readonly ScheduleEntry[],
  today: string,
  soon: number = DUE_SOON_DAYS,
): NeedingAction {
  const t = dayNum(today);
  const rank = new Map<string, { urgency: number; day: number; name?: string }>();
  for (const e of entries) {
    const d = dayNum(e.date);
    if (e.from !== undefined && dayNum(e.from) > t) continue;
    let urgency: number | null = null;
    if (e.kind === 'attention') urgency = d > t ? null : e.severity === 'critical' ? 0 : 1;
    else if (e.kind === 'expired') {
      const left = d - 1 - t; // days to the expiry itself
      urgency = left < 0 ? 0 : left <= soon ? 1 : null;
    } else if (e.kind === 'rotation-due') urgency = d <= t && t - d <= soon ? 1 : null;
    else if (e.kind === 'expiring') urgency = e.severity !== 'info' && d <= t ? 1 : null;
    if (urgency === null) continue;
    const seen = rank.get(e.keyId);
    if (seen === undefined || urgency < seen.urgency || (urgency === seen.urgency && d < seen.day))
      rank.set(e.keyId, { urgency, day: d, ...(e.name !== undefined ? { name: e.name } : {}) });
  }
  const ordered = [...rank.entries()].sort(
    ([a, x], [b, y]) => x.urgency - y.urgency || x.day - y.day || a.localeCompare(b),
  );
  const first = ordered[0]?.[1];
  return {
    keyIds: ordered.map(([id]) => id),
    actNow: ordered.filter(([, x]) => x.urgency === 0).length,
    ...(first?.name !== undefined ? { urgentName: first.name } : {}),
  };
}

/** Keys with something needing action by `today` (YYYY-MM-DD) in the schedule, counted once each. */
export function dueKeyCount(entries: readonly ScheduleEntry[], today: string): number {
  return scheduleNeedingAction(entries, today).keyIds.length;
}

/**
 * The core's own answer while unlocked: the keys in act now or due soon, in the order `check` and
 * the Alerts screen give them (state, then the most urgent reason, then the earliest expiry).
 */
export function coreNeedingAction(
  keys: readonly { id: string; name: string; expiresAt?: string | null }[],
  byKey: ReadonlyMap<string, KeyAttention>,
  namesAllowed: boolean,
): NeedingAction {
  const urgent = (a: { id: string; expiresAt?: string | null }, b: { id: string; expiresAt?: string | null }): number =>
    reasonRank(byKey.get(a.id)?.reasons[0]?.kind ?? '') - reasonRank(byKey.get(b.id)?.reasons[0]?.kind ?? '') ||
    (a.expiresAt ?? '9999').localeCompare(b.expiresAt ?? '9999');
  const act = keys.filter((k) => byKey.get(k.id)?.state === 'act-now').sort(urgent);
  const soon = keys.filter((k) => byKey.get(k.id)?.state === 'due-soon').sort(urgent);
  const first = act[0] ?? soon[0];
  return {
    keyIds: [...act, ...soon].map((k) => k.id),
    actNow: act.length,
    ...(namesAllowed && first !== undefined ? { urgentName: first.name } : {}),
  };
}

export function trayTooltip(count: number, isUnlocked: boolean): string {
  const what =
    // The words of the badge and the Alerts screen: keys needing action (act now or due soon).
    count === 0 ? 'no key needs action' : count === 1 ? '1 key needs action' : `${count} keys need action`;
  return `Keyward: ${what}${isUnlocked ? '' : ' (locked)'}`;
}

/** What was last notified: the day, the count and a hash of the key ids. Never a name or a secret. */
export type NotifiedMemory = { version: 1; day: string; count: number; fingerprint: string };
export const notifiedPathFor = (vaultPath: string) => `${vaultPath}.notified.json`;

/** Which keys need action, and which of them to act on now: a key moving from due soon to act now changes it. */
const fingerprintOf = (now: NeedingAction): string =>
  createHash('sha256')
    .update(
      `${[...now.keyIds.slice(0, now.actNow)].sort().join('\n')}\u0000${[...now.keyIds.slice(now.actNow)].sort().join('\n')}`,
    )
    .digest('hex')
    .slice(0, 32);

export function readNotified(path: string): NotifiedMemory | null {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as Partial<NotifiedMemory>;
    return m.version === 1 &&
      typeof m.day === 'string' &&
      typeof m.count === 'number' &&
      typeof m.fingerprint === 'string'
      ? { version: 1, day: m.day, count: m.count, fingerprint: m.fingerprint }
      : null;
  } catch {
    return null; // missing or damaged: the next notification is shown and rewrites it
  }
}

/** Written atomically, 0600 (temporary file, fsync, rename). Returns null or why it failed. */
export function writeNotified(path: string, memory: NotifiedMemory): string | null {
  return writeSideFile(path, JSON.stringify(memory));
}

export type OsNotification = { title: string; body: string; critical: boolean };

/**
 * The day's notification, or null: at most one a day, none when no key needs action, and none
 * when the same keys need action as at the last one. `memory` is what to store when one is shown.
 */
export function dailyNotification(
  now: NeedingAction,
  last: NotifiedMemory | null,
  day: string,
  isUnlocked: boolean,
): { notification: OsNotification | null; memory: NotifiedMemory } | null {
  const count = now.keyIds.length;
  if (last?.day === day) return null;
  // A day with nothing needing action says nothing but is remembered, so the same keys coming
  // back (a snooze ending) are said again.
  if (count === 0)
    return last === null || last.count === 0
      ? null
      : { notification: null, memory: { version: 1, day, count: 0, fingerprint: '' } };
  const fingerprint = fingerprintOf(now);
  if (last !== null && last.fingerprint === fingerprint && last.count === count) return null;
  const parts: string[] = [];
  if (now.urgentName !== undefined) parts.push(`Most urgent: ${now.urgentName}.`);
  if (now.actNow > 0) parts.push(`${now.actNow} to act on now.`);
  parts.push(isUnlocked ? 'Open Keyward to see what to do.' : 'Unlock Keyward to see what to do.');
  return {
    notification: {
      title: `Keyward: ${count === 1 ? '1 key needs' : `${count} keys need`} action`,
      body: parts.join(' '),
      critical: now.actNow > 0,
    },
    memory: { version: 1, day, count, fingerprint },
  };
}
