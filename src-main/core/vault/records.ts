// Seals and opens the two blobs of a key record. Each blob's associated data binds
// vault id, table, field and record id, so swapped ciphertexts fail to open.
import { openJson, sealJson, slotAad } from '../crypto/aead.js';
import type { KeyTags } from '../db/keys.repo.js';
import { AppError, isAppError } from '../errors.js';
import { nameTag, secretIndexTag } from './blind-index.js';
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

/** A record's blind index entries under the vault's blind subkey: its name and its secret's fingerprint. */
export function keyTags(vault: Vault, name: string, fingerprint: string): KeyTags {
  const blind = vault.keys().blind;
  return { nameTag: nameTag(vault.sodium, blind, name), secretTag: secretIndexTag(vault.sodium, blind, fingerprint) };
}

/**
 * Migration 80: fills every key row's blind index from its sealed meta, inside the caller's
 * transaction. A row whose meta does not open keeps no tags (the manifest check reports it).
 */
export function fillBlindIndex(vault: Vault): number {
  const rows = vault.db.prepare(`SELECT id, meta FROM keys`).raw(true).iterate() as IterableIterator<
    [string, Uint8Array]
  >;
  const set = vault.db.prepare(`UPDATE keys SET name_tag = ?, secret_tag = ? WHERE id = ?`);
  const updates: [string, KeyTags][] = [];
  for (const [id, blob] of rows) {
    try {
      const { meta, tag } = openMeta(vault, id, blob);
      updates.push([id, keyTags(vault, meta.name, tag)]);
    } catch (e) {
      if (!isAppError(e)) throw e;
    }
  }
  for (const [id, t] of updates) set.run(t.nameTag, t.secretTag, id);
  return updates.length;
}
