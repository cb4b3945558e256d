// The alerts domain of the contract: what an alert is, the settings that tune the rules,
// the user's snoozes and acknowledgements, and the alerts channels. Imports only zod.
// An alert never carries secret material, a hint or an account.
import { z } from 'zod';
import type { PlatformId } from './keys.js';
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
] as const;
export type AlertRule = (typeof ALERT_RULES)[number];

export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];

export const ALERT_ACTIONS = ['rotate', 'revoke', 'verify', 'set-expiry', 'review'] as const;
export type AlertAction = (typeof ALERT_ACTIONS)[number];

export type Alert = {
  /** Stable: `${rule}:${keyId}` plus `:${threshold}` for rules with one, so a snooze or ack sticks. */
  id: string;
  rule: AlertRule;
  severity: AlertSeverity;
  keyId: string;
  keyName: string;
  platform: PlatformId;
  /** Plain words, fit for a user; names no secret, hint or account. */
  reason: string;
  action: AlertAction;
  /** YYYY-MM-DD the condition is (or was) due: expiry, rotation date, date it became unused. */
  dueDate?: string;
  /** The threshold that matched (days, or the key cap), when the rule has one. */
  threshold?: number;
};

/** Overrides a platform or a single key may set; unset fields fall through. */
export type AlertOverrides = {
  expiryThresholdsDays?: number[];
  unusedDays?: number;
  /** Rotation policy in days; null switches rotation alerts off. */
  rotateEveryDays?: number | null;
};

export type ExpirySupport = 'mandatory' | 'optional';

export type AlertSettings = {
  /** Days before expiry at which an alert appears (and escalates). */
  expiryThresholdsDays: number[];
  unusedDays: number;
  /** Rotation policy per platform when the key sets none (KeyMeta.rotateEveryDays). */
  rotationDefaultsDays: Partial<Record<PlatformId, number>>;
  /** Platforms whose keys can carry an expiry date; a key without one gets a no-expiry alert. */
  expirySupport: Partial<Record<PlatformId, ExpirySupport>>;
  perPlatform: Partial<Record<PlatformId, AlertOverrides>>;
  /** By key id; wins over KeyMeta.extra (see EXTRA_KEYS), which wins over perPlatform. */
  perKey: Record<string, AlertOverrides>;
  /** One-off overrides that win over all others, e.g. `keyward check --within/--unused-for` (see checkOverrides). */
  forced?: AlertOverrides;
};

/** What the user did about alerts; lives in the vault. JSON-serialisable. */
export type AlertState = {
  /** alert id -> YYYY-MM-DD (or ISO instant): hidden before then, shown again from then on. */
  snoozes: Record<string, string>;
  /** Acknowledged alert ids: hidden until the alert's id changes (a closer threshold). */
  acks: string[];
};

/** The alerts that stand now, snoozed and acknowledged ones left out, most urgent first. */
export type AlertListing = { alerts: Alert[] };

export const ALERT_CHANNELS = {
  'alerts.list': z.object({}).strict(),
  'alerts.snooze': z.object({ alertId: id, until: day }).strict(),
  'alerts.acknowledge': z.object({ alertId: id }).strict(),
  'alerts.settings': z.object({}).strict(),
  'alerts.saveSettings': z
    .object({
      expiryThresholdsDays: z.array(z.number().int().min(0).max(3650)).min(1).max(10),
      unusedDays: z.number().int().min(1).max(3650),
    })
    .strict(),
} as const;

export type AlertOutputs = {
  'alerts.list': AlertListing;
  'alerts.snooze': AlertState;
  'alerts.acknowledge': AlertState;
  'alerts.settings': AlertSettings;
  'alerts.saveSettings': AlertSettings;
};
