// Creating a brand-new key through a platform's flow, shared by every host (the CLI's
// `keyward create` and the desktop's Create key wizard): the platform's limits are checked
// before the user goes to the portal; the pasted key is stored at once, then verified.
import type { Session } from '../app/session.js';
import { AppError } from '../errors.js';
import { KeyInputSchema, type KeyFields, type KeyInput } from '../inventory/key.schemas.js';
import { parseOrThrow } from '../parse-input.js';
import type { KeyRecord, KeySecret, PlatformId } from '../inventory/key.types.js';
import { pastedSecretFor } from '../inventory/pasted-secret.js';
import { findPlatform } from '../platforms/definitions/index.js';
import { describeKeyLocally } from '../platforms/key-facts.js';
import { checkLimits } from '../platforms/limits.js';
import type { VerifyReport } from './key-verification.service.js';
import { portalFor } from './rotation.service.js';
import { expiryFromDays, refusePastExpiry, requireExpiry } from './expiry.js';
import { capCandidates } from './run-plan.js';
import type { CreatePlan } from '../../contract/rotations.js';
import { refuseTooShort } from '../inventory/new-key-checks.js';

/** A full key cap's message with the keys Keyward knows that could be deleted first (the same in both hosts). */
function withCandidates(s: Session, platform: PlatformId, account: string, message: string): string {
  const found = capCandidates(s, { platform, account });
  if (found.length === 0) return message;
  return `${message} Delete an unused key first: ${found.map((c) => `${c.name} (${c.why})`).join('; ')}.`;
}

/** Active keys of one platform and account, as the platform's key limit counts them. */
function activeCount(s: Session, platform: PlatformId, account: string): number {
  return s.inventory.list({ platform, status: 'active' }).keys.filter((k) => k.account === account).length;
}

export function planCreate(s: Session, platform: PlatformId, account: string, tier?: string): CreatePlan {
  const def = findPlatform(platform);
  const check = def
    ? checkLimits(def, activeCount(s, platform, account), tier)
    : { allowed: true as const, warnings: [] };
  return {
    portal: portalFor(def, 'create'),
    limit: check.allowed
      ? {
          allowed: true,
          warnings: check.warnings,
          ...('remaining' in check && check.remaining !== undefined ? { remaining: check.remaining } : {}),
        }
      : {
          allowed: false,
          reason: check.reason,
          message: withCandidates(s, platform, account, check.message),
          warnings: check.warnings,
        },
    expiry: def?.expiry ?? null,
    accountLabel: def?.accountLabel ?? 'Account',
    tiers: def?.limits.tiers ?? [],
  };
}

/**
 * Checks a new key's fields before anything is stored: a required expiry, one not already past, then the platform's
 * limits (LIMIT_REACHED when the platform would refuse another key). Returns the limit warnings.
 */
export function checkCreate(s: Session, fields: KeyFields): string[] {
  const def = findPlatform(fields.platform);
  requireExpiry(
    fields.platform,
    fields.expiresAt,
    (days) => `choose ${days.join(', ')} days, as chosen in the portal.`,
    'expiresAt',
  );
  refusePastExpiry(fields.expiresAt, s.clock.now());
  if (!def) return [];
  const limit = checkLimits(def, activeCount(s, fields.platform, fields.account), fields.extra.tier);
  if (!limit.allowed)
    throw new AppError('LIMIT_REACHED', withCandidates(s, fields.platform, fields.account, limit.message), {
      subject: def.id,
    });
  return limit.warnings;
}

export type CreatedKey = {
  record: KeyRecord;
  report: VerifyReport | null;
  warnings: string[];
};

/**
 * Stores the new key with its local facts and `created.via`, then verifies it. The key is
 * stored before the check: a failed or unreachable verification never loses it.
 */
export async function storeCreatedKey(
  s: Session,
  fields: KeyFields,
  given: KeySecret,
  via: 'portal' | 'api',
  now: Date,
): Promise<CreatedKey> {
  // A key copied from the portal may carry .env quotes or NAME=; one of another platform is
  // refused before it is stored or sent (as in a rotation). An API-made key is taken as given.
  const secret = via === 'portal' ? refuseTooShort(fields.platform, pastedSecretFor(fields.platform, given)) : given;
  s.inventory.refuseKnownSecret(secret, { as: 'new-key' });
  const local = describeKeyLocally(fields.platform, secret, now);
  const record = s.inventory.add(
    {
      ...fields,
      expiresAt: fields.expiresAt ?? local.expiresAt ?? null,
      extra: { ...local.facts, ...fields.extra, 'created.via': via },
    },
    secret,
  );
  const report = findPlatform(fields.platform) ? await s.verifier.verify(record.id) : null;
  return {
    record: report ? s.inventory.get(record.id) : record,
    report,
    warnings: local.warnings,
  };
}

/** The whole create flow for a host that already holds the pasted key (the desktop). */
export async function createKey(
  s: Session,
  input: {
    fields: KeyInput;
    secret: KeySecret;
    expiresInDays?: number | undefined;
  },
  now: Date,
): Promise<CreatedKey> {
  const raw = parseOrThrow(KeyInputSchema, input.fields, 'key');
  const fields: KeyFields =
    input.expiresInDays === undefined
      ? raw
      : {
          ...raw,
          expiresAt: expiryFromDays(raw.platform, input.expiresInDays, now),
        };
  const limitWarnings = checkCreate(s, fields);
  const created = await storeCreatedKey(s, fields, input.secret, 'portal', now);
  return { ...created, warnings: [...limitWarnings, ...created.warnings] };
}
