// Types and defaults of the alert rules. What an alert, its settings and the user's
// snoozes are is declared in the contract (contract/alerts.ts); the defaults and the
// rules' input live here. Types and constants only.
import type { AlertSettings, AlertState } from '../../contract/alerts.js';
import type { PlatformId } from '../inventory/key.types.js';

export {
  ALERT_ACTIONS,
  ALERT_RULES,
  ALERT_SEVERITIES,
  type Alert,
  type AlertAction,
  type AlertOverrides,
  type AlertRule,
  type AlertSettings,
  type AlertSeverity,
  type AlertState,
  type ExpirySupport,
} from '../../contract/alerts.js';

/** Per-key overrides recorded on the key itself, in KeyMeta.extra (text values). */
export const EXTRA_KEYS = {
  expiryThresholdsDays: 'alerts.expiryThresholdsDays', // "30,7,1"
  unusedDays: 'alerts.unusedDays', // "90"
  /** The secret was found in plain text (a repository, a log, a chat): YYYY-MM-DD, and where, never the secret. */
  leakedAt: 'security.leakedAt', // "2028-02-20 in a CI log"
} as const;

export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  expiryThresholdsDays: [30, 7, 1],
  unusedDays: 90,
  rotationDefaultsDays: {},
  // From PLATFORMS.md: Kognitos requires an expiry, Kubiya offers one; the others document none.
  expirySupport: { kognitos: 'mandatory', kubiya: 'optional' },
  perPlatform: {},
  perKey: {},
};

/** Active keys allowed per platform account (PLATFORMS.md); absent = no known cap. */
export type PlatformLimits = Partial<Record<PlatformId, number>>;
export const DEFAULT_PLATFORM_LIMITS: PlatformLimits = { kognitos: 10, kaana: 5 };

export const EMPTY_ALERT_STATE: AlertState = { snoozes: {}, acks: [] };

export type ComputeAlertsInput = {
  settings: AlertSettings;
  now: Date;
  /** IANA zone for "today"; default: the machine's. */
  timeZone?: string;
  /** Key ids sharing one secret, found elsewhere by keyed hash (never by plaintext). */
  duplicateGroups?: string[][];
  platformLimits?: PlatformLimits;
  /** Plaintext copies recorded by keyward scan, per key id: how many places and the first one (PATH:LINE). */
  plaintext?: ReadonlyMap<string, { count: number; first: string }>;
  /** Open rotation checklists (core/checklists), passed in so this stays pure. */
  checklists?: readonly ChecklistDue[];
};

/** What the rule needs to know of an open run: ids, names and counts only. */
export type ChecklistDue = {
  runId: string;
  keyId: string;
  keyName: string;
  platform: PlatformId;
  dueDate: string | null;
  open: number;
};
