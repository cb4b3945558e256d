// Re-encrypts every sealed record under a new vault key (passwd --rotate-vault-key), inside
// the caller's transaction: after it, an old copy of the header with the old password opens
// nothing written later. Never writes a blob it could not open (the transaction fails instead).
import { open, openJson, seal, sealJson, slotAad } from '../crypto/aead.js';
import type { Sodium } from '../crypto/sodium.js';
import type { Db } from '../db/connection.js';
import { MANIFEST_TABLES, MANIFEST_TABLE_NAMES, type ManifestTable } from '../db/manifest.repo.js';
import { blobPage, updateBlobs } from '../db/rekey.repo.js';
import { AppError, isAppError } from '../errors.js';
import type { VaultKeys } from './vault.types.js';

const PAGE = 500;

/** `keepUnreadable`: a row that does not open is left as it is instead of failing (migration 70, same key). */
type Ctx = { db: Db; sodium: Sodium; vaultId: string; from: VaultKeys; to: VaultKeys; keepUnreadable?: boolean };

const subkey = (keys: VaultKeys, table: ManifestTable) => (table === 'settings' ? keys.settings : keys.records);

// A key's meta holds a keyed hash of its secret under the index subkey, which changes with the vault key.
function rekeyKeyRow(c: Ctx, id: string, meta: Uint8Array, secret: Uint8Array): Uint8Array[] {
  const aad = (field: string) => slotAad({ vaultId: c.vaultId, table: 'keys', field, recordId: id });
  const m = openJson(c.sodium, c.from.records, meta, aad('meta'), `key ${id}`) as { meta: unknown; tag: string };
  const plain = open(c.sodium, c.from.records, secret, aad('secret'), `the secret of key ${id}`);
  try {
    const s = JSON.parse(new TextDecoder().decode(plain)) as { value: string; instanceId?: string };
    const tagInput = new TextEncoder().encode(`${s.instanceId ?? ''}\u0000${s.value}`);
    const tag = c.sodium.to_hex(c.sodium.crypto_generichash(16, tagInput, c.to.index));
    tagInput.fill(0);
    return [
      sealJson(c.sodium, c.to.records, { ...m, tag }, aad('meta')),
      seal(c.sodium, c.to.records, plain, aad('secret'), 'secret'),
    ];
  } finally {
    c.sodium.memzero(plain);
  }
}

function rekeyRow(c: Ctx, table: ManifestTable, id: string, blobs: Uint8Array[]): Uint8Array[] {
  if (table === 'keys') return rekeyKeyRow(c, id, blobs[0] as Uint8Array, blobs[1] as Uint8Array);
  return blobs.map((blob, i) => {
    const field = MANIFEST_TABLES[table].blobs[i] as string;
    const aad = slotAad({ vaultId: c.vaultId, table, field, recordId: id });
    const plain = open(c.sodium, subkey(c.from, table), blob, aad, `${table} ${id}`);
    try {
      return seal(c.sodium, subkey(c.to, table), plain, aad);
    } finally {
      c.sodium.memzero(plain);
    }
  });
}

/** Re-seals every blob of every sealed table from `from` to `to` (in the current padding); returns the rows read. */
export function resealAll(c: Ctx): number {
  let count = 0;
  for (const table of MANIFEST_TABLE_NAMES) {
    const update = updateBlobs(c.db, table);
    let after = '';
    for (;;) {
      const page = blobPage(c.db, table, after, PAGE);
      for (const row of page) {
        let blobs: Uint8Array[];
        try {
          blobs = rekeyRow(c, table, row.id, row.blobs);
        } catch (e) {
          if (c.keepUnreadable && isAppError(e)) continue; // the manifest check reports it
          throw new AppError(
            'INTEGRITY_ERROR',
            `A record (${table} ${row.id}) does not open, so the vault key was not rotated and nothing was changed. Restore it from a backup or remove it first.`,
            { cause: e, subject: row.id },
          );
        }
        update(row.id, blobs);
      }
      count += page.length;
      if (page.length < PAGE) break;
      after = page[page.length - 1]?.id ?? after;
    }
  }
  return count;
}
