// The attention domain of the contract: the one state each key is in (act now, due soon,
// housekeeping, fine), why, and the one next action, computed in the core from the alert
// rules (core/alerts/key-state.ts). Imports only zod. Names no secret, hint or account.
import { z } from 'zod';

/** Most urgent first; the order is the display and sort order. */
export const ATTENTION_STATES = ['act-now', 'due-soon', 'housekeeping', 'fine'] as const;
export type AttentionState = (typeof ATTENTION_STATES)[number];

/** Each state in words, as the app and the reports show it. */
export const ATTENTION_STATE_LABEL: Record<AttentionState, string> = {
  'act-now': 'Act now',
  'due-soon': 'Due soon',
  housekeeping: 'Housekeeping',
  fine: 'Fine',
};

export const NEXT_ACTIONS = ['rotate', 'verify', 'revoke', 'record-expiry', 'snooze', 'none'] as const;
export type NextAction = (typeof NEXT_ACTIONS)[number];

/** The status badge that tells the truth: a key past its expiry is "expired" whatever its record says. */
export const STATUS_TRUTHS = ['active', 'expired', 'refused', 'leaked', 'revoking', 'revoked'] as const;
export type StatusTruth = (typeof STATUS_TRUTHS)[number];

export const AttentionReasonSchema = z.strictObject({
  /** The alert rule, or `never-verified` (a key never verified raises no alert of its own). */
  kind: z.string(),
  state: z.enum(ATTENTION_STATES),
  /** Plain words, fit for a user; names no secret, hint or account. */
  message: z.string(),
  /** The alert to snooze or acknowledge for this reason. */
  alertId: z.string().optional(),
});
export type AttentionReason = z.output<typeof AttentionReasonSchema>;

export const KeyAttentionSchema = z.strictObject({
  state: z.enum(ATTENTION_STATES),
  /** Most urgent first; empty when the key is fine. */
  reasons: z.array(AttentionReasonSchema),
  /** The next action of the most urgent reason; `none` when the key is fine. */
  action: z.enum(NEXT_ACTIONS),
});
export type KeyAttention = z.output<typeof KeyAttentionSchema>;

/** Counted in keys, never alerts. `needsAction` = actNow + dueSoon: the badge, the tray and `keyward check`. */
export const AttentionSummarySchema = z.strictObject({
  needsAction: z.number().int().min(0),
  actNow: z.number().int().min(0),
  dueSoon: z.number().int().min(0),
  housekeeping: z.number().int().min(0),
  fine: z.number().int().min(0),
});
export type AttentionSummary = z.output<typeof AttentionSummarySchema>;
