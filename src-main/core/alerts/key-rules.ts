// The per-key alert rules: expiry, use and rotation of one key record (hygiene in hygiene-rules.ts).
// Pure: reads only the record, its policy and "today"; never sees a secret, and
// puts no hint or account into a reason.
import type { KeyRecord } from '../inventory/key.types.js';
import type { Alert, AlertSeverity } from './alert.types.js';
import type { DayNumber } from './calendar-date.js';
import { formatDay, parseDay } from './calendar-date.js';
import type { RuleContext } from './hygiene-rules.js';
import { hygieneRules } from './hygiene-rules.js';
import type { KeyFacts, KeyPolicy } from './key-policy.js';
import { createdDay, lastUsedDay, rotationDueDay } from './key-policy.js';
import { plural, push } from './make-alert.js';

/** Severity of an upcoming expiry: <=1 day critical, <=7 warning, else info. */
export function severityForDaysLeft(daysLeft: number): AlertSeverity {
  if (daysLeft <= 1) return 'critical';
  return daysLeft <= 7 ? 'warning' : 'info';
}

/** Smallest threshold that daysLeft is within, or null; thresholds ascending. */
export function thresholdFor(daysLeft: number, thresholds: readonly number[]): number | null {
  for (const t of thresholds) if (daysLeft <= t) return t;
  return null;
}

function expiryRules(key: KeyRecord, pol: KeyPolicy, ctx: RuleContext, out: Alert[]): void {
  const exp = parseDay(key.expiresAt);
  const isExpired = (exp !== null && exp < ctx.today) || key.status === 'expired';
  if (exp !== null && key.status === 'active') {
    const left = exp - ctx.today;
    if (left < 0) {
      const reason = `Expired on ${formatDay(exp)} (${plural(-left, 'day')} ago) and still in use: rotate it.`;
      push(out, key, 'expired-active', 'critical', 'rotate', reason, { due: exp });
    } else {
      const t = thresholdFor(left, pol.thresholds);
      if (t !== null) {
        const when = left === 0 ? 'today' : left === 1 ? 'tomorrow' : `in ${left} days`;
        const reason = `Expires ${when} (${formatDay(exp)}): rotate it before then.`;
        push(out, key, 'expiring', severityForDaysLeft(left), 'rotate', reason, { threshold: t, due: exp });
      }
    }
  }
  if (isExpired && key.status !== 'revoked' && key.deployedTo.length > 0) {
    const where = plural(key.deployedTo.length, 'place');
    push(
      out,
      key,
      'expired-deployed',
      'critical',
      'rotate',
      `Expired but still recorded as deployed in ${where}: deploy a new key there.`,
      {
        due: exp,
      },
    );
  }
  if (key.status === 'active' && exp === null) {
    const support = ctx.settings.expirySupport[key.platform];
    if (support === undefined) return;
    const reason =
      key.expiresAt === null
        ? 'No expiry date recorded, though the platform sets one: record it so Keyward can warn in time.'
        : 'The recorded expiry date is not a valid date: correct it.';
    push(out, key, 'no-expiry', support === 'mandatory' ? 'warning' : 'info', 'set-expiry', reason);
  }
}

/** Returns the key's last-used day so the key-cap rule can pick the least used key. */
function usageRules(key: KeyRecord, pol: KeyPolicy, facts: KeyFacts, ctx: RuleContext, out: Alert[]): DayNumber | null {
  const last = lastUsedDay(key, facts, ctx.days);
  const n = pol.unusedDays;
  if (last !== null) {
    const since = ctx.today - last;
    if (since > n)
      push(
        out,
        key,
        'unused',
        'warning',
        'revoke',
        `Last used ${since} days ago (${formatDay(last)}): revoke it if nothing needs it.`,
        {
          threshold: n,
          due: last + n + 1,
        },
      );
    return last;
  }
  const created = createdDay(key, ctx.days);
  if (created !== null && ctx.today - created >= n) {
    const reason = `Never used in the ${ctx.today - created} days since it was created: revoke it if nothing needs it.`;
    push(out, key, 'never-used', 'warning', 'revoke', reason, { threshold: n, due: created + n });
  }
  return null;
}

/** All per-key rules; returns the last-used day of an active key (null otherwise or never used). */
export function keyRules(
  key: KeyRecord,
  pol: KeyPolicy,
  facts: KeyFacts,
  ctx: RuleContext,
  out: Alert[],
): DayNumber | null {
  if (key.status === 'revoked') return null;
  expiryRules(key, pol, ctx, out);
  hygieneRules(key, facts, ctx, out);
  if (key.status !== 'active') return null;
  const due = rotationDueDay(key, pol, facts, ctx.days);
  if (due !== null && ctx.today >= due) {
    const late = ctx.today - due;
    const when = late === 0 ? 'today' : `${plural(late, 'day')} ago`;
    push(
      out,
      key,
      'rotation-due',
      'warning',
      'rotate',
      `Rotation was due ${when} (${formatDay(due)}, every ${pol.rotateEveryDays} days).`,
      {
        threshold: pol.rotateEveryDays ?? undefined,
        due,
      },
    );
  }
  return usageRules(key, pol, facts, ctx, out);
}
