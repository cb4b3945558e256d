// The user's accounts on each platform (platform, account, label, tier, optional base URL),
// sealed in the vault as the setting 'platforms.accounts'. Hosts use them to prefill the
// account of a key being created; nothing here is a secret, but it is kept as private.
import { z } from 'zod';
import { PlatformAccountSchema, type PlatformAccount } from '../../contract/settings.js';
import { AppError } from '../errors.js';
import { parseOrThrow } from '../parse-input.js';
import { findPlatform } from '../platforms/definitions/index.js';
import type { Settings } from './settings.service.js';

export const PLATFORM_ACCOUNTS_SETTING = 'platforms.accounts';

export { PlatformAccountSchema, type PlatformAccount };

const StoredSchema = z.object({ accounts: z.array(PlatformAccountSchema).max(200) }).strict();

export function listPlatformAccounts(settings: Settings): PlatformAccount[] {
  return settings.get(PLATFORM_ACCOUNTS_SETTING, StoredSchema, { accounts: [] }).accounts;
}

/** Replaces the whole list; refuses an account listed twice and a tier the platform does not have. */
export function savePlatformAccounts(settings: Settings, input: unknown[]): PlatformAccount[] {
  const accounts = input.map((a, i) => parseOrThrow(PlatformAccountSchema, a, `account ${i + 1}`));
  const seen = new Set<string>();
  for (const a of accounts) {
    const id = `${a.platform}\u0000${a.account.toLowerCase()}`;
    const name = findPlatform(a.platform)?.displayName ?? 'Custom';
    if (seen.has(id))
      throw new AppError('BAD_INPUT', `The ${name} account "${a.account}" is listed twice.`, { subject: 'account' });
    seen.add(id);
    const tiers = findPlatform(a.platform)?.limits.tiers;
    if (a.tier && (!tiers || !tiers.includes(a.tier.toLowerCase()))) {
      throw new AppError(
        'BAD_INPUT',
        tiers ? `${name} plans are ${tiers.join(', ')}.` : `${name} has no plans to choose from.`,
        { subject: 'tier' },
      );
    }
  }
  return settings.put(PLATFORM_ACCOUNTS_SETTING, StoredSchema, { accounts }).accounts;
}
