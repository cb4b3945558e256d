// What is wrong or doubtful about a key before it is added by hand, in one place for every
// host (the app's Add key dialog asks `keys.checkNew` as the user types; `keyward add` and
// `keys.add` apply the same rules): a refusal can never be overridden (another platform's
// key, an empty or invisible character, white space inside a platform's key, a secret far shorter than any key could be), a warning can (a secret shorter than the platform's
// documented format, an expiry already past, a secret already stored).
import { AppError, isAppError } from '../errors.js';
import { PLATFORMS } from '../platforms/definitions/index.js';
import { INNER_SPACE, pastedSecretFor } from './pasted-secret.js';
import type { KeySecret, PlatformId } from './key.types.js';
import { pastExpiryIssue } from '../../contract/expiry.js';
import type { NewKeyIssue, SecretHolder } from '../../contract/keys.js';

export type { NewKeyIssue };

/** Below this, no documented key format of any platform: a copy that lost most of the key. */
const SHORTEST_KEY = 16;
/** Characters a documented prefix is at least followed by. */
const AFTER_PREFIX = 16;
/** Below this (overall, or after a documented prefix), no key at all: refused, never stored. */
const NO_KEY_BELOW = 8;

/** Why a secret can never be a key of its platform (a fragment, a typo), or null. Never echoes it. */
export function tooShortMessage(platform: PlatformId, secret: KeySecret): string | null {
  const def = PLATFORMS.find((d) => d.id === platform);
  const value = secret.value;
  const documented = def?.keyFormat.prefixConfidence === 'high' ? def.keyFormat.prefixes : [];
  const prefix = documented.find((p) => value.toLowerCase().startsWith(p.toLowerCase()));
  if (value.length < NO_KEY_BELOW)
    return `Too short: ${value.length} characters cannot be an API key (${NO_KEY_BELOW} or more). Paste the whole key.`;
  if (prefix !== undefined && value.length < prefix.length + NO_KEY_BELOW)
    return `Too short: ${value.length} characters cannot be a ${def?.displayName ?? ''} key (${prefix} and at least ${AFTER_PREFIX} more). Paste the whole key.`;
  return null;
}

/** Throws BAD_INPUT on the secret field when `tooShortMessage` has something to say (keys.add, keyward add). */
export function refuseTooShort(platform: PlatformId, secret: KeySecret): KeySecret {
  const message = tooShortMessage(platform, secret);
  if (message) throw new AppError('BAD_INPUT', message, { subject: 'secret' });
  return secret;
}

type Holder = { holderOfSecret: (secret: KeySecret) => SecretHolder | null };

/**
 * The issues of a new key's secret and expiry; `today` is YYYY-MM-DD. Never echoes the secret:
 * messages name the platform, the prefix and lengths only.
 */
export function checkNewKey(
  inventory: Holder,
  fields: { platform: PlatformId; expiresAt?: string | null | undefined },
  given: KeySecret,
  today: string,
): NewKeyIssue[] {
  const issues: NewKeyIssue[] = [];
  const def = PLATFORMS.find((d) => d.id === fields.platform);
  const name = def?.displayName ?? 'this platform';
  // The rule and its words are the contract's, so the app says the same as it is typed.
  const pastExpiry = pastExpiryIssue(fields.expiresAt, today, 'new-key');
  if (pastExpiry) issues.push(pastExpiry);
  let secret: KeySecret;
  try {
    secret = pastedSecretFor(fields.platform, given);
  } catch (e) {
    if (!isAppError(e, 'BAD_INPUT')) throw e;
    issues.push({ field: 'secret', level: 'refuse', code: 'refused-secret', message: e.message });
    return issues;
  }
  const tooShort = tooShortMessage(fields.platform, secret);
  if (tooShort) {
    issues.push({ field: 'secret', level: 'refuse', code: 'too-short', message: tooShort });
    return issues;
  }
  const value = secret.value;
  const documented = def?.keyFormat.prefixConfidence === 'high' ? def.keyFormat.prefixes : [];
  const prefix = documented.find((p) => value.toLowerCase().startsWith(p.toLowerCase()));
  if (documented.length > 0 && prefix === undefined)
    issues.push({
      field: 'secret',
      level: 'warn',
      code: 'format',
      message: `${name} keys start with ${documented.join(' or ')}; this one does not. Check that you copied the whole key.`,
    });
  else if (prefix !== undefined && value.length < prefix.length + AFTER_PREFIX)
    issues.push({
      field: 'secret',
      level: 'warn',
      code: 'short-secret',
      message: `${value.length} characters is shorter than a ${name} key (${prefix} and at least ${AFTER_PREFIX} more). Check that you copied the whole key.`,
    });
  else if (value.length < SHORTEST_KEY)
    issues.push({
      field: 'secret',
      level: 'warn',
      code: 'short-secret',
      message: `${value.length} characters is shorter than API keys are (${SHORTEST_KEY} or more). Check that you copied the whole key.`,
    });
  if (INNER_SPACE.test(value))
    issues.push({
      field: 'secret',
      level: 'warn',
      code: 'inner-space',
      message:
        'The secret has a space or line break inside it, which API keys rarely do. Check that you copied only the key.',
    });
  const holder = inventory.holderOfSecret(secret);
  if (holder)
    issues.push({
      field: 'secret',
      level: 'warn',
      code: 'duplicate',
      message: `This secret is already stored as "${holder.name}": adding it makes a second record of the same key.`,
      holder: { name: holder.name, platform: holder.platform, account: holder.account, nameShared: holder.nameShared },
    });
  return issues;
}
