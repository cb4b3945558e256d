// The platforms' expiry rules for a new key, shared by create and rotation in every host:
// the expiry chosen in days (refused unless the platform offers that choice) and the
// platform whose keys must expire, where no API reports when, so the choice made in the
// portal must be given before anything is stored; and a day already past, refused for a key just made.
import { isPastDay, pastExpiryMessage } from '../../contract/expiry.js';
import { dayResolver, formatDay } from '../alerts/calendar-date.js';
import { AppError } from '../errors.js';
import type { PlatformId } from '../inventory/key.types.js';
import { findPlatform } from '../platforms/definitions/index.js';

/**
 * A key just made in the portal (created, or a rotation's replacement) cannot have expired: a past
 * day is a typo, and storing it would record a dead key. Refused in the words the app shows as it is typed.
 */
export function refusePastExpiry(expiresAt: string | null | undefined, now: Date, subject = 'expiresAt'): void {
  if (isPastDay(expiresAt, formatDay(dayResolver().dayOf(now.getTime()))))
    throw new AppError('BAD_INPUT', pastExpiryMessage(expiresAt, 'just-made'), { subject });
}

/** The day `days` from `now` (YYYY-MM-DD), refused unless the platform offers that choice. */
export function expiryFromDays(platform: PlatformId, days: number, now: Date, subject = 'expiresInDays'): string {
  const def = findPlatform(platform);
  if (!Number.isInteger(days) || days < 1 || days > 3650)
    throw new AppError('BAD_INPUT', 'The expiry is a whole number of days.', { subject });
  if (def?.expiry.kind === 'choices' && !def.expiry.days.includes(days)) {
    throw new AppError('BAD_INPUT', `${def.displayName} offers expiry in ${def.expiry.days.join(', ')} days only.`, {
      subject,
    });
  }
  return new Date(now.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * Refuses (BAD_INPUT) a missing expiry where the platform's keys must expire. `ask` words what the
 * host asks for, given the platform's choices in days (a flag on the terminal, a choice in the app).
 */
export function requireExpiry(
  platform: PlatformId,
  expiry: string | null | undefined,
  ask: (days: readonly number[]) => string,
  subject: string,
): void {
  const def = findPlatform(platform);
  if (def?.expiry.kind !== 'choices' || !def.expiry.required || expiry) return;
  throw new AppError('BAD_INPUT', `${def.displayName} keys must expire: ${ask(def.expiry.days)}`, { subject });
}
