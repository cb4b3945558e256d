// The alerts domain of the contract: what an alert is, the settings that tune the rules,
// the user's snoozes and acknowledgements, and the alerts channels. Imports only zod.
// An alert never carries secret material, a hint or an account.
import { z } from 'zod';
import { AttentionSummarySchema } from './attention.js';
import { PLATFORM_IDS } from './keys.js';
import { day, id } from './schemas.js';

export const ALERT_RULES = [
  'expiring', // expiry date within a threshold
  'expired-active', // expiry date passed, status still active
  'expired-deployed', // expired, still recorded as deployed somewhere
  'unused', // last used more than unusedDays ago
  'never-used', // never used, unusedDays after creation
  'rotation-due', // older than its rotation policy
  'no-expiry', // no expiry recorded on a platform that has one
  'revocation-pending', // revocation started more than a day ago and not confirmed
  'verify-failed', // last verification said the key does not work
  'near-key-cap', // the platform account is at or near its key limit
  'duplicate-secret', // the same secret is stored in another record
  'checklist-due', // a rotation checklist is open (escalates as its due date nears)
  'leaked', // the secret was found somewhere in plain text (recorded on the key)
  'found-in-plaintext', // keyward scan found a plaintext copy of the key in a file or git history
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_ACTIONS = ['rotate', 'revoke', 'verify', 'set-expiry', 'review'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

export const AlertSchema = z.strictObject({
  /** Stable: `${rule}:${keyId}` plus `:${threshold}` for rules with one, so a snooze or ack sticks. */
  id: z.string(),
  rule: z.enum(ALERT_RULES),
  severity: z.enum(ALERT_SEVERITIES),
  keyId: z.string(),
  keyName: z.string(),
  platform: z.enum(PLATFORM_IDS),
  /** Plain words, fit for a user; names no secret, hint or account. */
  reason: z.string(),
  action: z.enum(ALERT_ACTIONS),
  /** YYYY-MM-DD the condition is (or was) due: expiry, rotation date, date it became unused. */
  dueDate: z.string().optional(),
  /** The threshold that matched (days, or the key cap), when the rule has one. */
  threshold: z.number().optional(),
});
export type Alert = z.output<typeof AlertSchema>;

/** Overrides a platform or a single key may set; unset fields fall through. */
export const AlertOverridesSchema = z.strictObject({
  expiryThresholdsDays: z.array(z.number()).optional(),
  unusedDays: z.number().optional(),
  /** Rotation policy in days; null switches rotation alerts off. */
  rotateEveryDays: z.number().nullable().optional(),
});
export type AlertOverrides = z.output<typeof AlertOverridesSchema>;

export type ExpirySupport = 'mandatory' | 'optional';

export const AlertSettingsSchema = z.strictObject({
  /** Days before expiry at which an alert appears (and escalates). */
  expiryThresholdsDays: z.array(z.number()),
  unusedDays: z.number(),
  /** Rotation policy per platform when the key sets none (KeyMeta.rotateEveryDays). */
  rotationDefaultsDays: z.partialRecord(z.enum(PLATFORM_IDS), z.number()),
  /** Platforms whose keys can carry an expiry date; a key without one gets a no-expiry alert. */
  expirySupport: z.partialRecord(z.enum(PLATFORM_IDS), z.enum(['mandatory', 'optional'])),
  perPlatform: z.partialRecord(z.enum(PLATFORM_IDS), AlertOverridesSchema),
  /** By key id; wins over KeyMeta.extra (see EXTRA_KEYS), which wins over perPlatform. */
  perKey: z.record(z.string(), AlertOverridesSchema),
  /** One-off overrides that win over all others, e.g. `keyward check --within/--unused-for` (see checkOverrides). */
  forced: AlertOverridesSchema.optional(),
});
export type AlertSettings = z.output<typeof AlertSettingsSchema>;

/** What the user did about alerts; lives in the vault. JSON-serialisable. */
export const AlertStateSchema = z.strictObject({
  /** alert id -> YYYY-MM-DD (or ISO instant): hidden before then, shown again from then on. */
  snoozes: z.record(z.string(), z.string()),
  /** Acknowledged alert ids: hidden until the alert's id changes (a closer threshold). */
  acks: z.array(z.string()),
});
export type AlertState = z.output<typeof AlertStateSchema>;

/** The alerts that stand now, snoozed and acknowledged ones left out, most urgent first. */
export const AlertListingSchema = z.strictObject({ alerts: z.array(AlertSchema) });
export type AlertListing = z.output<typeof AlertListingSchema>;

export const ALERT_CHANNELS = {
  'alerts.list': z.object({}).strict(),
  'alerts.snooze': z.object({ alertId: id, until: day }).strict(),
  'alerts.acknowledge': z.object({ alertId: id }).strict(),
  /** Keys per attention state; needsAction is the badge, the tray and `keyward check`'s number. */
  'alerts.attention': z.object({}).strict(),
  /** Snooze or acknowledge a selection in one write; `of` says whether `ids` are alert ids or key ids. */
  'alerts.bulk': z
    .object({
      ids: z.array(id).min(1).max(100_000),
      of: z.enum(['alerts', 'keys']),
      op: z.enum(['snooze', 'acknowledge']),
      /** Snooze length in days from today; default 7. Only with op "snooze". */
      days: z.number().int().min(1).max(3650).optional(),
    })
    .strict(),
  'alerts.settings': z.object({}).strict(),
  'alerts.saveSettings': z
    .object({
      expiryThresholdsDays: z.array(z.number().int().min(0).max(3650)).min(1).max(10),
      unusedDays: z.number().int().min(1).max(3650),
    })
    .strict(),
} as const;

/** What each alerts channel answers: never a secret, a hint or an account. */
export const ALERT_OUTPUTS = {
  'alerts.list': AlertListingSchema,
  'alerts.snooze': AlertStateSchema,
  'alerts.acknowledge': AlertStateSchema,
  'alerts.attention': AttentionSummarySchema,
  /** The user's alert state after the change, the alert ids it touched and the ids skipped (no longer there). */
  'alerts.bulk': z.strictObject({
    state: AlertStateSchema,
    alertIds: z.array(z.string()),
    skipped: z.array(z.string()),
  }),
  'alerts.settings': AlertSettingsSchema,
  'alerts.saveSettings': AlertSettingsSchema,
} as const;
