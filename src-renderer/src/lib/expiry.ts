// An expiry date checked alone, as the user types it: no secret is needed to know a day is past.
import type { NewKeyIssue } from '../../../src-main/contract/keys';

/** Today as YYYY-MM-DD in the user's own time zone (the day a date field shows). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The warning for an expiry already past, worded as the core words it; none for an empty or future day. */
export function pastExpiryIssues(expiresAt: string | null, today: string = localToday()): NewKeyIssue[] {
  if (!expiresAt || !/^\d{4}-\d{2}-\d{2}$/.test(expiresAt) || expiresAt >= today) return [];
  return [
    {
      field: 'expiresAt',
      level: 'warn',
      code: 'past-expiry',
      message: `That date (${expiresAt}) is already past: the key would be added as expired. Check the date the portal shows.`,
    },
  ];
}
