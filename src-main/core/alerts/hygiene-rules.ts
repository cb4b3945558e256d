// Hygiene rules of one key: a revocation left pending, a failed verification.
// Pure; reads the record's status, history and last verification, never a secret.
import type { KeyRecord, VerifyResult } from '../inventory/key.types.js';
import type { Alert, AlertAction, AlertSettings, AlertSeverity } from './alert.types.js';
import { EXTRA_KEYS } from './alert.types.js';
import type { DayNumber, DayResolver } from './calendar-date.js';
import { isoToMs } from './calendar-date.js';
import type { KeyFacts } from './key-policy.js';
import { plural, push } from './make-alert.js';

const DAY_MS = 86_400_000;

export type RuleContext = {
  today: DayNumber;
  nowMs: number;
  days: DayResolver;
  settings: AlertSettings;
};

const VERIFY_FAILURES: Partial<Record<VerifyResult, { severity: AlertSeverity; action: AlertAction; reason: string }>> =
  {
    invalid: {
      severity: 'critical',
      action: 'verify',
      reason:
        'Last verification was refused (401): it was probably revoked elsewhere. Verify again, then rotate or mark it revoked.',
    },
    revoked: {
      severity: 'critical',
      action: 'verify',
      reason:
        'Last verification found it revoked (401), yet it is marked active. Verify again, then rotate or mark it revoked.',
    },
    retired: {
      severity: 'critical',
      action: 'rotate',
      reason: 'The platform has retired this key: regenerate it in the portal.',
    },
    forbidden: {
      severity: 'warning',
      action: 'review',
      reason: 'Last verification was forbidden (403): the key lacks a permission or the plan does not allow API keys.',
    },
    'wrong-instance': {
      severity: 'warning',
      action: 'verify',
      reason: 'Last verification failed: the key does not match the recorded instance.',
    },
    // Not a refusal: nothing is known of the key since. Housekeeping (info), verify again.
    unreachable: {
      severity: 'info',
      action: 'verify',
      reason: 'The last verification could not finish: the platform did not answer. Verify the key again.',
    },
    'rate-limited': {
      severity: 'info',
      action: 'verify',
      reason:
        'The last verification could not finish: the platform asked to wait (rate limit). Verify the key again later.',
    },
  };

const KEY_DOWN: readonly VerifyResult[] = ['invalid', 'revoked', 'retired', 'forbidden', 'wrong-instance'];

export function hygieneRules(key: KeyRecord, facts: KeyFacts, ctx: RuleContext, out: Alert[]): void {
  if (key.extra[EXTRA_KEYS.leakedAt] !== undefined) {
    const reason =
      'Its secret was found in plain text: anyone who saw it can use the key. Rotate it now, then revoke the old key.';
    push(out, key, 'leaked', 'critical', 'rotate', reason);
  }
  if (key.status === 'revocation-pending') {
    const since = isoToMs(facts.pendingSinceIso ?? key.recordUpdatedAt);
    if (!Number.isNaN(since) && ctx.nowMs - since > DAY_MS) {
      const reason = `Revocation started ${plural(Math.floor((ctx.nowMs - since) / DAY_MS), 'day')} ago and is not confirmed: finish it in the portal, then verify the old key is refused.`;
      push(out, key, 'revocation-pending', 'warning', 'revoke', reason);
    }
  }
  const v = key.lastVerification;
  const failure = v !== null && key.status === 'active' ? VERIFY_FAILURES[v.result] : undefined;
  if (failure === undefined || v === null) return;
  // Each failed verification is its own alert: an acknowledged refusal does not hide the next one.
  const instance = v.at.replace(/\D/g, '').slice(0, 14);
  // A rotation's new key that fails once the key it replaces is dead: nothing works any more.
  if (key.extra['rotation.oldKeyDeadAt'] !== undefined && KEY_DOWN.includes(v?.result ?? 'valid')) {
    const reason =
      'Rotation not finished: the key this one replaces is already revoked and this new key does not verify, so every integration using it is failing. Store the key the portal showed (replace the secret), then finish the rotation.';
    push(out, key, 'verify-failed', 'critical', 'rotate', reason, { instance });
    return;
  }
  push(out, key, 'verify-failed', failure.severity, failure.action, failure.reason, { instance });
}
