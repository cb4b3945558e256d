// Seals and opens the two blobs of a key record. Each blob's associated data binds
// vault id, table, field and record id, so swapped ciphertexts fail to open.
import { openJson, sealJson, slotAad } from '../crypto/aead.js';
import { AppError } from '../errors.js';
import type { KeyMeta, KeySecret } from '../inventory/key.types.js';
import type { OpenVault as Vault } from './vault.types.js';

/** What the meta blob holds: the metadata and a keyed hash of the secret (duplicate detection). */
export type SealedMeta = { meta: KeyMeta; tag: string };

const slot = (vault: Vault, field: 'meta' | 'secret', recordId: string) =>
  slotAad({ vaultId: vault.vaultId, table: 'keys', field, recordId });

export function sealMeta(vault: Vault, recordId: string, value: SealedMeta): Uint8Array {
  return sealJson(vault.sodium, vault.keys().records, value, slot(vault, 'meta', recordId));
}

export function openMeta(vault: Vault, recordId: string, blob: Uint8Array): SealedMeta {
  const value = openJson(vault.sodium, vault.keys().records, blob, slot(vault, 'meta', recordId), `key ${recordId}`);
  if (typeof value !== 'object' || value === null || !('meta' in value) || !('tag' in value)) {
    throw new AppError('INTEGRITY_ERROR', `The metadata of key ${recordId} has an unknown shape.`, {
      subject: recordId,
    });
  }
  return value as SealedMeta;
}

export function sealSecret(vault: Vault, recordId: string, secret: KeySecret): Uint8Array {
  return sealJson(vault.sodium, vault.keys().records, secret, slot(vault, 'secret', recordId), 'secret');
}

export function openSecret(vault: Vault, recordId: string, blob: Uint8Array): KeySecret {
  const value = openJson(
    vault.sodium,
    vault.keys().records,
    blob,
    slot(vault, 'secret', recordId),
    `the secret of key ${recordId}`,
  );
  if (typeof value !== 'object' || value === null || typeof (value as KeySecret).value !== 'string') {
    throw new AppError('INTEGRITY_ERROR', `The secret of key ${recordId} has an unknown shape.`, { subject: recordId });
  }
  return value as KeySecret;
}

/**
 * SECURITY: a keyed hash (BLAKE2b under the index subkey), so equal secrets can be
 * found without storing the secret or an unkeyed hash of it anywhere.
 */
export function secretTag(vault: Vault, secret: KeySecret): string {
  const bytes = new TextEncoder().encode(`${secret.instanceId ?? ''}\u0000${secret.value}`);
  const tag = vault.sodium.crypto_generichash(16, bytes, vault.keys().index);
  bytes.fill(0);
  return vault.sodium.to_hex(tag);
}
