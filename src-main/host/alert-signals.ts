// What the tray and the OS notifications say about alerts, from the core while the vault
// is unlocked and from the locked-state schedule file (no names unless the user opted in)
// while it is locked. Pure: the shell passes in what it read; no `electron` here.
import type { ScheduleEntry } from '../core/alerts/schedule.js';

export type ScheduleFile = { version: 1; writtenAt: string; entries: ScheduleEntry[] };

/** Parses the schedule file's text; anything unexpected counts as no schedule. */
export function parseSchedule(text: string | null): ScheduleEntry[] {
  if (text === null) return [];
  try {
    const file = JSON.parse(text) as Partial<ScheduleFile>;
    if (file.version !== 1 || !Array.isArray(file.entries)) return [];
    return file.entries.filter(
      (e): e is ScheduleEntry =>
        typeof e?.keyId === 'string' && typeof e.date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(e.date),
    );
  } catch {
    return [];
  }
}

/** Keys with something due by `today` (YYYY-MM-DD), counted once each. */
export function dueKeyCount(entries: readonly ScheduleEntry[], today: string): number {
  return new Set(entries.filter((e) => e.date <= today && e.severity !== 'info').map((e) => e.keyId)).size;
}

export function trayTooltip(count: number, isUnlocked: boolean): string {
  const what =
    count === 0 ? 'nothing needs attention' : count === 1 ? '1 key needs attention' : `${count} keys need attention`;
  return `Keyward: ${what}${isUnlocked ? '' : ' (locked)'}`;
}
