// The settings domain of the contract: the user's accounts on each platform (Settings),
// used to prefill a new key's account. Nothing here is a secret. Imports only zod.
import { z } from 'zod';
import { PLATFORM_IDS, isAllowedBaseUrl } from './keys.js';

const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { message: `must be at most ${max} characters` });
export const PlatformAccountSchema = z
  .object({
    platform: z.enum(PLATFORM_IDS, {
      message: `must be one of ${PLATFORM_IDS.join(', ')}`,
    }),
    account: text(500).refine((s) => s.length > 0, {
      message: 'must not be empty',
    }),
    label: text(200).default(''),
    tier: text(50).default(''),
    baseUrl: z
      .string()
      .trim()
      .refine(isAllowedBaseUrl, {
        message: 'must be an https URL (plain http only for loopback addresses)',
      })
      .optional(),
  })
  .strict();
export type PlatformAccount = z.output<typeof PlatformAccountSchema>;

/** The user's platform accounts (Settings), used to prefill a new key's account. */
export type PlatformAccountListing = { accounts: PlatformAccount[] };

export const SETTINGS_CHANNELS = {
  'platforms.accounts': z.object({}).strict(),
  'platforms.saveAccounts': z
    .object({
      accounts: z
        .array(
          z
            .object({
              platform: z.string(),
              account: z.string(),
              label: z.string().optional(),
              tier: z.string().optional(),
              baseUrl: z.string().optional(),
            })
            .strict(),
        )
        .max(200),
    })
    .strict(),
} as const;

export type SettingsOutputs = {
  'platforms.accounts': PlatformAccountListing;
  'platforms.saveAccounts': PlatformAccountListing;
};
