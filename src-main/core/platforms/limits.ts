// Checks a platform's documented key limits before a key is created (Kognitos
// 10 per organisation, Kaana 5 active on Standard, Knouds paid tiers only).
// Pure: it never calls a platform; the caller supplies the counts it knows.

import { AppError } from '../errors.js';
import type { PlatformDefinition } from './platform.types.js';

export type LimitCheck =
  | { allowed: true; warnings: string[]; remaining?: number }
  | { allowed: false; reason: 'max-keys' | 'tier'; message: string; warnings: string[] };

export function checkLimits(def: PlatformDefinition, existingActiveKeys: number, accountTier?: string): LimitCheck {
  if (!Number.isInteger(existingActiveKeys) || existingActiveKeys < 0) {
    throw new AppError('BAD_INPUT', 'The number of existing keys must be a whole number of at least 0.');
  }
  const { maxActiveKeys, usableTiers, assumedTier } = def.limits;
  const given = accountTier?.trim().toLowerCase() || undefined;
  const tier = given ?? assumedTier;
  const warnings: string[] = [];

  if (usableTiers !== undefined) {
    if (given !== undefined && !usableTiers.includes(given)) {
      return {
        allowed: false,
        reason: 'tier',
        message: `${def.displayName} keys only work on these plans: ${usableTiers.join(', ')}. This account is on ${given}.`,
        warnings,
      };
    }
    if (given === undefined)
      warnings.push(`${def.displayName} keys only work on these plans: ${usableTiers.join(', ')}.`);
  }

  if (maxActiveKeys === undefined) return { allowed: true, warnings };
  const capped =
    maxActiveKeys.onlyOnTiers === undefined || (tier !== undefined && maxActiveKeys.onlyOnTiers.includes(tier));
  if (!capped) return { allowed: true, warnings };
  if (maxActiveKeys.newKeyReplacesCurrent === true) {
    warnings.push(
      `${def.displayName} has one key per ${maxActiveKeys.per}: a new key revokes the current one at once.`,
    );
    return { allowed: true, warnings };
  }
  const assumed = given === undefined && assumedTier !== undefined ? ` (assuming the ${assumedTier} plan)` : '';
  const remaining = maxActiveKeys.count - existingActiveKeys;
  if (remaining <= 0) {
    return {
      allowed: false,
      reason: 'max-keys',
      message: `${def.displayName} allows at most ${maxActiveKeys.count} active keys per ${maxActiveKeys.per}${assumed}, and ${existingActiveKeys} exist. Revoke one in the portal first.`,
      warnings,
    };
  }
  return { allowed: true, warnings, remaining };
}

/** checkLimits, throwing AppError LIMIT_REACHED when the platform would refuse another key. */
export function assertWithinLimits(def: PlatformDefinition, existingActiveKeys: number, accountTier?: string): void {
  const check = checkLimits(def, existingActiveKeys, accountTier);
  if (!check.allowed) throw new AppError('LIMIT_REACHED', check.message, { subject: def.id });
}
