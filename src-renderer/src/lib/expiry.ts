// An expiry date checked alone, as the user types it: no secret is needed to know a day is past.
// The rule and its words are the contract's (src-main/contract/expiry.ts), the same as the core's.
import { pastExpiryIssue, type ExpiryUse } from '../../../src-main/contract/expiry.js';
import type { NewKeyIssue } from '../../../src-main/contract/keys.js';

/** Today as YYYY-MM-DD in the user's own time zone (the day a date field shows). */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The issue of an expiry already past (a warning, or for a rotation's new key a refusal); none for an empty or future day. */
export function pastExpiryIssues(
  expiresAt: string | null,
  use: ExpiryUse = 'new-key',
  today: string = localToday(),
): NewKeyIssue[] {
  const issue = pastExpiryIssue(expiresAt, today, use);
  return issue ? [issue] : [];
}
