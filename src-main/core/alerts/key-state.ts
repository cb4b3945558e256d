// One attention state per key, from the alert rules' output: act now, due soon,
// housekeeping or fine, with its reasons most urgent first and the one next action.
// Everything that counts keys needing action (badge, tray, Alerts screen, notification,
// `keyward check`) goes through attentionOf. Pure: no I/O, no clock reads, no secrets.
import type {
  AttentionReason,
  AttentionState,
  KeyAttention,
  NextAction,
  StatusTruth,
} from '../../contract/attention.js';
import { ATTENTION_STATES } from '../../contract/attention.js';
import type { KeyRecord } from '../inventory/key.types.js';
import type { Alert, AlertState } from './alert.types.js';
import { EXTRA_KEYS } from './alert.types.js';
import type { DayNumber } from './calendar-date.js';
import { dayResolver, parseDay } from './calendar-date.js';
import { applyAlertState } from './compute-alerts.js';

export type {
  AttentionReason,
  AttentionState,
  AttentionSummary,
  KeyAttention,
  NextAction,
  StatusTruth,
} from '../../contract/attention.js';
export { ATTENTION_STATES, NEXT_ACTIONS, STATUS_TRUTHS } from '../../contract/attention.js';

/** Days ahead (and, for a rotation, behind) in which a due date makes a key "due soon". */
export const DUE_SOON_DAYS = 7;

export type AttentionOptions = {
  /** Width of the "due soon" window in days; default DUE_SOON_DAYS (the 7-day threshold). */
  dueSoonDays?: number;
  /** Snoozes and acknowledgements: an alert hidden by them does not count. */
  alertState?: AlertState;
  /** IANA zone for "today"; default: the machine's. */
  timeZone?: string;
};

/** The reason kind of a key that was never verified: no rule raises it, so its id is formed here. */
export const NEVER_VERIFIED = 'never-verified';
export const neverVerifiedId = (keyId: string): string => `${NEVER_VERIFIED}:${keyId}`;

const STATE_RANK: Record<AttentionState, number> = { 'act-now': 0, 'due-soon': 1, housekeeping: 2, fine: 3 };

// Within one state: what breaks things first, then what is dated, then hygiene.
const KIND_ORDER: readonly string[] = [
  'leaked',
  'found-in-plaintext',
  'expired-active',
  'expired-deployed',
  'verify-failed',
  'revocation-pending',
  'expiring',
  'checklist-due',
  'rotation-due',
  'near-key-cap',
  'no-expiry',
  'unused',
  'never-used',
  'duplicate-secret',
  NEVER_VERIFIED,
];
/** Where a reason kind stands among the kinds of one state: what breaks things first. */
export const reasonRank = (kind: string): number => kindRank(kind);
const kindRank = (kind: string): number => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

const REFUSALS: ReadonlySet<string> = new Set(['invalid', 'revoked', 'retired']);

function daysFrom(today: DayNumber, day: string | undefined): number | null {
  const d = parseDay(day);
  return d === null ? null : d - today;
}

/** Which state one alert puts its key in. */
function stateOfAlert(a: Alert, today: DayNumber, soon: number): AttentionState {
  switch (a.rule) {
    case 'leaked':
    case 'found-in-plaintext':
    case 'expired-active':
    case 'expired-deployed':
    case 'revocation-pending':
      return 'act-now';
    case 'verify-failed':
      // Critical = the platform refuses the key (401, retired) or a rotation left nothing working.
      // Info = the verification could not finish (no answer, rate limit): nothing is known, housekeeping.
      return a.severity === 'critical' ? 'act-now' : a.severity === 'info' ? 'housekeeping' : 'due-soon';
    case 'expiring':
    case 'checklist-due': {
      const left = daysFrom(today, a.dueDate);
      return left !== null && left <= soon ? 'due-soon' : 'housekeeping';
    }
    case 'rotation-due': {
      // Due within the window (the rule fires from the due day on); long overdue is a policy
      // nobody follows yet, not a breakage: housekeeping, so it cannot drown what is urgent.
      const left = daysFrom(today, a.dueDate);
      return left !== null && -left <= soon ? 'due-soon' : 'housekeeping';
    }
    case 'near-key-cap':
      return a.severity === 'info' ? 'housekeeping' : 'due-soon';
    default:
      return 'housekeeping';
  }
}

function actionOfAlert(a: Alert): NextAction {
  switch (a.action) {
    case 'rotate':
    case 'revoke':
    case 'verify':
      return a.action;
    case 'set-expiry':
      return 'record-expiry';
    default:
      return a.rule === 'verify-failed' ? 'verify' : 'snooze';
  }
}

type Ranked = AttentionReason & { action: NextAction; due: string };

function byUrgency(a: Ranked, b: Ranked): number {
  return (
    STATE_RANK[a.state] - STATE_RANK[b.state] ||
    kindRank(a.kind) - kindRank(b.kind) ||
    (a.due < b.due ? -1 : a.due > b.due ? 1 : 0)
  );
}

/**
 * The attention of one key from the alerts that stand for it (others are ignored).
 * A revoked key is fine whatever alerts stand; snoozed or acknowledged alerts (per
 * options.alertState) do not count; an active key never verified is housekeeping.
 */
export function attentionOf(
  alertsOfOneKey: readonly Alert[],
  key: KeyRecord,
  now: Date,
  options: AttentionOptions = {},
): KeyAttention {
  if (key.status === 'revoked') return { state: 'fine', reasons: [], action: 'none' };
  const soon = options.dueSoonDays ?? DUE_SOON_DAYS;
  const today = dayResolver(options.timeZone).dayOf(now.getTime());
  const own = alertsOfOneKey.filter((a) => a.keyId === key.id);
  const shown = options.alertState ? applyAlertState(own, options.alertState, now, options.timeZone) : own;
  const ranked: Ranked[] = shown.map((a) => ({
    kind: a.rule,
    state: stateOfAlert(a, today, soon),
    message: a.reason,
    alertId: a.id,
    action: actionOfAlert(a),
    due: a.dueDate ?? '9999',
  }));
  if (key.status === 'active' && key.lastVerification === null) {
    const id = neverVerifiedId(key.id);
    const hidden = options.alertState && isHidden(id, options.alertState, now, options.timeZone);
    if (!hidden)
      ranked.push({
        kind: NEVER_VERIFIED,
        state: 'housekeeping',
        message: 'Never verified: verify it once so Keyward knows the platform accepts it.',
        alertId: id,
        action: 'verify',
        due: '9999',
      });
  }
  ranked.sort(byUrgency);
  const first = ranked[0];
  if (first === undefined) return { state: 'fine', reasons: [], action: 'none' };
  return {
    state: first.state,
    reasons: ranked.map(({ kind, state, message, alertId }) =>
      alertId ? { kind, state, message, alertId } : { kind, state, message },
    ),
    action: first.action,
  };
}

function isHidden(id: string, state: AlertState, now: Date, timeZone?: string): boolean {
  const probe: Alert = {
    id,
    rule: 'unused',
    severity: 'info',
    keyId: '',
    keyName: '',
    platform: 'custom',
    reason: '',
    action: 'verify',
  };
  return applyAlertState([probe], state, now, timeZone).length === 0;
}

/** Attention of every key, alerts grouped by key in one pass; Map order = keys order. */
export function attentionByKey(
  keys: readonly KeyRecord[],
  alerts: readonly Alert[],
  now: Date,
  options: AttentionOptions = {},
): Map<string, KeyAttention> {
  const byKey = new Map<string, Alert[]>();
  for (const a of alerts) {
    const list = byKey.get(a.keyId);
    if (list === undefined) byKey.set(a.keyId, [a]);
    else list.push(a);
  }
  const out = new Map<string, KeyAttention>();
  for (const k of keys) out.set(k.id, attentionOf(byKey.get(k.id) ?? [], k, now, options));
  return out;
}

/** Keys per state; needsAction = act now + due soon. Counted in keys, never in alerts. */
export function countAttention(attentions: Iterable<KeyAttention>): {
  needsAction: number;
  actNow: number;
  dueSoon: number;
  housekeeping: number;
  fine: number;
} {
  const n: Record<AttentionState, number> = { 'act-now': 0, 'due-soon': 0, housekeeping: 0, fine: 0 };
  for (const a of attentions) n[a.state]++;
  return {
    needsAction: n['act-now'] + n['due-soon'],
    actNow: n['act-now'],
    dueSoon: n['due-soon'],
    housekeeping: n.housekeeping,
    fine: n.fine,
  };
}

export const needsAction = (a: KeyAttention): boolean => a.state === 'act-now' || a.state === 'due-soon';

/** Sort rank of a state, most urgent first (for `--sort state` and the inventory). */
export const attentionRank = (s: AttentionState): number => ATTENTION_STATES.indexOf(s);

/**
 * The status badge that tells the truth, from the record itself (a snooze hides an alert,
 * never the truth): revoked, revoking, leaked, expired (by status or by date), refused
 * (the last verification was refused by the platform), else active.
 */
export function statusTruth(key: KeyRecord, attention: KeyAttention, now?: Date, timeZone?: string): StatusTruth {
  if (key.status === 'revoked') return 'revoked';
  if (key.status === 'revocation-pending') return 'revoking';
  const kinds = new Set(attention.reasons.map((r) => r.kind));
  if (kinds.has('leaked') || kinds.has('found-in-plaintext') || key.extra[EXTRA_KEYS.leakedAt] !== undefined)
    return 'leaked';
  if (key.status === 'expired' || kinds.has('expired-active')) return 'expired';
  const exp = parseDay(key.expiresAt);
  if (exp !== null && now !== undefined && exp < dayResolver(timeZone).dayOf(now.getTime())) return 'expired';
  const v = key.lastVerification;
  if (v !== null && REFUSALS.has(v.result)) return 'refused';
  return 'active';
}

/** What the app shows of a key beside its record: the fields `keyward list --json`, `show` and the exports add. */
export type ShownFields = {
  statusShown: StatusTruth;
  state: AttentionState;
  reasons: { kind: string; state: AttentionState; message: string }[];
};

/** The shown fields of a key from its attention, as of `now`. */
export function shownFields(k: KeyRecord, a: KeyAttention, now: Date, timeZone?: string): ShownFields {
  return {
    statusShown: statusTruth(k, a, now, timeZone),
    state: a.state,
    reasons: a.reasons.map(({ kind, state, message }) => ({ kind, state, message })),
  };
}
