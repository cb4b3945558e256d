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
export const PlatformAccountListingSchema = z.strictObject({
  accounts: z.array(
    z.strictObject({
      platform: z.enum(PLATFORM_IDS),
      account: z.string(),
      label: z.string(),
      tier: z.string(),
      baseUrl: z.string().optional(),
    }),
  ),
});
export type PlatformAccountListing = z.output<typeof PlatformAccountListingSchema>;

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

/** What each settings channel answers. */
export const SETTINGS_OUTPUTS = {
  'platforms.accounts': PlatformAccountListingSchema,
  'platforms.saveAccounts': PlatformAccountListingSchema,
} as const;
