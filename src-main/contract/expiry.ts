// An expiry already past, one rule and one wording for every host: the core (keys.checkNew,
// `keyward add`, imports, a created key, a rotation's new key, `keyward edit`) and the app as
// the user types.
// Days are YYYY-MM-DD; "today" is the caller's, in the user's own time zone.
import type { NewKeyIssue } from './keys.js';

/**
 * Where the expiry is typed: a key added as it is (`new-key`: warned, it may be an old key
 * recorded late), a stored key's expiry changed (`edit`: warned, its real expiry may be past),
 * or a key made in the portal now, created or a rotation's replacement (`just-made`: refused,
 * it cannot have expired yet).
 */
export type ExpiryUse = 'new-key' | 'edit' | 'just-made';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether `day` is a whole date before `today`; an empty or unfinished date is not. */
export function isPastDay(day: string | null | undefined, today: string): day is string {
  return typeof day === 'string' && DAY.test(day) && day < today;
}

/** What Keyward says about a past expiry, for a person, in the core's and the app's words alike. */
export function pastExpiryMessage(day: string, use: ExpiryUse): string {
  switch (use) {
    case 'new-key':
      return `That date (${day}) is already past: the key would be added as expired. Check the date the portal shows.`;
    case 'edit':
      return `That date (${day}) is already past: the key would be shown as expired. Check the date the portal shows.`;
    case 'just-made':
      return `That date (${day}) is already past, and a key just made in the portal has not expired: nothing was stored. Check the date the portal shows.`;
  }
}

/** The issue of a past expiry (`refuse` for a key just made, else `warn`), or null when the day is not past. */
export function pastExpiryIssue(day: string | null | undefined, today: string, use: ExpiryUse): NewKeyIssue | null {
  if (!isPastDay(day, today)) return null;
  return {
    field: 'expiresAt',
    level: use === 'just-made' ? 'refuse' : 'warn',
    code: 'past-expiry',
    message: pastExpiryMessage(day, use),
  };
}
