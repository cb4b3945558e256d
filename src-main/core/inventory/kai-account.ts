// KAI's instance id is an identifier, not a secret: it is the key's account (the platform
// calls it "Instance id") and also travels beside the api-key in the sealed secret pair.
// These rules keep the two equal on add, import and edit, so exports show it as the account.
import { AppError } from '../errors.js';
import type { KeySecret, PlatformId } from './key.types.js';

/**
 * The account a new KAI key gets: the instance id when no account was given. A different
 * account is kept as given (an older vault's export may hold one; `keyward add` refuses
 * the conflict before the paste), and the next edit of either brings them together.
 */
export function kaiAccountOnAdd(platform: PlatformId, account: string, secret: KeySecret): string {
  if (platform !== 'kai' || secret.instanceId === undefined || account !== '') return account;
  return secret.instanceId;
}

export type KaiEdit = { account?: string; secret?: KeySecret; isInstanceMove?: boolean };

/**
 * The account and secret a KAI key's edit writes. A changed account moves the secret's
 * instance id with it (the secret is sealed again with the same api-key); a new secret
 * with its own instance id moves the account. Conflicting values are refused.
 */
export function kaiAccountOnEdit(
  current: { account: string; secret: () => KeySecret },
  patchAccount: string | undefined,
  newSecret: KeySecret | undefined,
): KaiEdit {
  const wanted = newSecret?.instanceId ?? patchAccount;
  if (newSecret?.instanceId !== undefined && patchAccount !== undefined && patchAccount !== newSecret.instanceId) {
    throw new AppError('BAD_INPUT', 'For KAI the account is the instance id, and the two given differ.', {
      subject: 'account',
    });
  }
  if (wanted === undefined) {
    if (!newSecret) return {};
    // A new api-key alone keeps the pair's instance id (the stored one, else the account).
    const instanceId = current.secret().instanceId ?? (current.account || undefined);
    return { secret: instanceId === undefined ? newSecret : { ...newSecret, instanceId } };
  }
  if (wanted === '')
    throw new AppError('BAD_INPUT', 'A KAI key needs its instance id: the account cannot be cleared.', {
      subject: 'account',
    });
  if (newSecret) return { account: wanted, secret: { ...newSecret, instanceId: wanted } };
  const stored = current.secret();
  // Only the instance id moves: the same api-key, sealed again beside the new id.
  return stored.instanceId === wanted
    ? { account: wanted }
    : { account: wanted, secret: { ...stored, instanceId: wanted }, isInstanceMove: true };
}
