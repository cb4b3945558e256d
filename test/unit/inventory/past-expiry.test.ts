// One rule and one wording for an expiry already past (#16): the core's checks of a new key and
// the app's check as the date is typed both come from src-main/contract/expiry.ts.
import { describe, expect, it } from 'vitest';
import { isPastDay, pastExpiryIssue } from '../../../src-main/contract/expiry.js';
import { checkNewKey } from '../../../src-main/core/inventory/new-key-checks.js';
import { localToday, pastExpiryIssues } from '../../../src-renderer/src/lib/expiry.js';

const TODAY = '2026-11-25';
const noHolder = { holderOfSecret: () => null };

describe('an expiry already past', () => {
  it('is a whole day before today; today, an empty or an unfinished date is not', () => {
    expect(isPastDay('2026-11-24', TODAY)).toBe(true);
    expect(isPastDay(TODAY, TODAY)).toBe(false);
    for (const day of [null, undefined, '', '2026-11', '2026-11-2']) expect(isPastDay(day, TODAY)).toBe(false);
  });

  it('is said by the app as it is typed exactly as the core says it for a new key', () => {
    const core = checkNewKey(
      noHolder,
      { platform: 'custom', expiresAt: '2020-06-01' },
      { value: 'custom-key-0123456789abcdef' },
      TODAY,
    ).filter((i) => i.field === 'expiresAt');
    expect(pastExpiryIssues('2020-06-01', 'new-key', TODAY)).toEqual(core);
    expect(core).toEqual([expect.objectContaining({ level: 'warn', code: 'past-expiry' })]);
  });

  it('is a warning for a new key and an edit, a refusal for a rotation’s new key', () => {
    expect(pastExpiryIssue('2020-06-01', TODAY, 'edit')?.level).toBe('warn');
    expect(pastExpiryIssue('2020-06-01', TODAY, 'just-made')).toMatchObject({ level: 'refuse', field: 'expiresAt' });
    expect(pastExpiryIssues(null, 'just-made', TODAY)).toEqual([]);
  });

  it('is counted from the local day the date field shows', () => {
    expect(localToday(new Date(2026, 0, 5, 23, 30))).toBe('2026-01-05');
  });
});
