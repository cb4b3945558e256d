// How the interface names and orders a key's attention state (computed by the core's one
// function, `attentionOf`): labels, icons, the words of each next action. Counts nothing itself.
import type { AttentionState, KeyAttention, NextAction, StatusTruth } from '../../../src-main/contract/attention';
import { ATTENTION_STATE_LABEL } from '../../../src-main/contract/attention';
import type { IconName } from '../components/Icon';

export type { AttentionState };
export type Attention = KeyAttention;
export type AttentionAction = NextAction;

export const STATE_ORDER: readonly AttentionState[] = ['act-now', 'due-soon', 'housekeeping', 'fine'];
export const STATE_RANK: Record<AttentionState, number> = { 'act-now': 0, 'due-soon': 1, housekeeping: 2, fine: 3 };

export const STATE_LABEL = ATTENTION_STATE_LABEL;

/** Each state has its own shape, so it reads without colour. */
export const STATE_ICON: Record<AttentionState, IconName> = {
  'act-now': 'alert',
  'due-soon': 'clock',
  housekeeping: 'inbox',
  fine: 'check',
};

export const ACTION_LABEL: Record<AttentionAction, string> = {
  rotate: 'Rotate',
  verify: 'Verify',
  revoke: 'Revoke',
  'record-expiry': 'Record expiry',
  snooze: 'Snooze',
  none: '',
};

/** Act now and due soon: what the badge, the tray and the default inventory view count. */
export const needsAction = (s: AttentionState): boolean => s === 'act-now' || s === 'due-soon';

/** The reasons as one line each, for a title (hover) text. */
export function reasonsText(a: Attention): string {
  if (a.reasons.length === 0) return STATE_LABEL[a.state];
  return `${STATE_LABEL[a.state]}:\n${a.reasons.map((r) => `• ${r.message}`).join('\n')}`;
}

export const STATUS_TRUTH_LABEL: Record<StatusTruth, string> = {
  active: 'Active',
  expired: 'Expired',
  refused: 'Refused',
  leaked: 'Leaked',
  revoking: 'Revoking',
  revoked: 'Revoked',
};
