// Re-encrypts every sealed record under a new vault key (passwd --rotate-vault-key), inside
// the caller's transaction: after it, an old copy of the header with the old password opens
// nothing written later. Never writes a blob it could not open (the transaction fails instead).
import { open, openJson, seal, sealJson, slotAad } from '../crypto/aead.js';
import type { Sodium } from '../crypto/sodium.js';
import type { Db } from '../db/connection.js';
import { MANIFEST_TABLES, MANIFEST_TABLE_NAMES, type ManifestTable } from '../db/manifest.repo.js';
import { blobPage, renameBlobRow, updateBlobs } from '../db/rekey.repo.js';
import { hasBlindIndex } from '../db/migrations/0080-blind-index.js';
import { nameTag, secretIndexTag } from './blind-index.js';
import { AppError, isAppError } from '../errors.js';
import { templateRowId } from './row-ids.js';
import type { VaultKeys } from './vault.types.js';

const PAGE = 500;

/**
 * `keepUnreadable`: a row that does not open is left as it is instead of failing (migrations, same key).
 * `keepTemplateIds`: checklist template rows keep their row id (migration 70, before ids became keyed).
 */
type Ctx = {
  db: Db;
  sodium: Sodium;
  vaultId: string;
  from: VaultKeys;
  to: VaultKeys;
  keepUnreadable?: boolean;
  keepTemplateIds?: boolean;
};

const unopened = (table: string, id: string, e: unknown) =>
  new AppError(
    'INTEGRITY_ERROR',
    `A record (${table} ${id}) does not open, so the vault key was not rotated and nothing was changed. Restore it from a backup or remove it first.`,
    { cause: e, subject: id },
  );

const subkey = (keys: VaultKeys, table: ManifestTable) => (table === 'settings' ? keys.settings : keys.records);

type KeyRowOut = { blobs: Uint8Array[]; tags: { nameTag: Uint8Array; secretTag: Uint8Array } };

// A key's meta holds a keyed hash of its secret under the index subkey, which changes with the vault key;
// so do its blind index entries (under the blind subkey).
function rekeyKeyRow(c: Ctx, id: string, meta: Uint8Array, secret: Uint8Array): KeyRowOut {
  const aad = (field: string) => slotAad({ vaultId: c.vaultId, table: 'keys', field, recordId: id });
  const m = openJson(c.sodium, c.from.records, meta, aad('meta'), `key ${id}`) as {
    meta: { name?: unknown };
    tag: string;
  };
  const plain = open(c.sodium, c.from.records, secret, aad('secret'), `the secret of key ${id}`);
  try {
    const s = JSON.parse(new TextDecoder().decode(plain)) as { value: string; instanceId?: string };
    const tagInput = new TextEncoder().encode(`${s.instanceId ?? ''}\u0000${s.value}`);
    const tag = c.sodium.to_hex(c.sodium.crypto_generichash(16, tagInput, c.to.index));
    tagInput.fill(0);
    const name = typeof m.meta?.name === 'string' ? m.meta.name : '';
    return {
      blobs: [
        sealJson(c.sodium, c.to.records, { ...m, tag }, aad('meta')),
        seal(c.sodium, c.to.records, plain, aad('secret'), 'secret'),
      ],
      tags: { nameTag: nameTag(c.sodium, c.to.blind, name), secretTag: secretIndexTag(c.sodium, c.to.blind, tag) },
    };
  } finally {
    c.sodium.memzero(plain);
  }
}

function rekeyRow(c: Ctx, table: ManifestTable, id: string, blobs: Uint8Array[]): KeyRowOut | Uint8Array[] {
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

/**
 * Re-seals every checklist template under `to` at its keyed row id (the chosen id is read from
 * under the seal), inside the caller's transaction: migration 90 (same key) and vault key rotation.
 * Every row is read before any is renamed, so a renamed row is never visited twice.
 */
export function reidTemplates(c: Ctx): number {
  const table = 'checklist_templates';
  const rows = blobPage(c.db, table, '', Number.MAX_SAFE_INTEGER);
  const rename = renameBlobRow(c.db, table);
  for (const row of rows) {
    const aad = (id: string) => slotAad({ vaultId: c.vaultId, table, field: 'data', recordId: id });
    let value: { id?: unknown };
    try {
      value = openJson(c.sodium, c.from.records, row.blobs[0] as Uint8Array, aad(row.id), `template ${row.id}`) as {
        id?: unknown;
      };
      if (typeof value.id !== 'string') throw new AppError('INTEGRITY_ERROR', 'A template has no id.');
    } catch (e) {
      if (c.keepUnreadable && isAppError(e)) continue; // the manifest check reports it
      throw unopened(table, row.id, e);
    }
    const newId = templateRowId(c.sodium, c.to.rowIds, value.id);
    rename(row.id, newId, sealJson(c.sodium, c.to.records, value, aad(newId)));
  }
  return rows.length;
}

/** Re-seals every blob of every sealed table from `from` to `to` (in the current padding); returns the rows read. */
export function resealAll(c: Ctx): number {
  let count = 0;
  for (const table of MANIFEST_TABLE_NAMES) {
    if (table === 'checklist_templates' && !c.keepTemplateIds) {
      count += reidTemplates(c);
      continue;
    }
    const update = updateBlobs(c.db, table);
    // Before migration 80 (migration 70 re-seals in place) there is no blind index to keep.
    const setTags =
      table === 'keys' && hasBlindIndex(c.db)
        ? c.db.prepare(`UPDATE keys SET name_tag = ?, secret_tag = ? WHERE id = ?`)
        : null;
    let after = '';
    for (;;) {
      const page = blobPage(c.db, table, after, PAGE);
      for (const row of page) {
        let out: KeyRowOut | Uint8Array[];
        try {
          out = rekeyRow(c, table, row.id, row.blobs);
        } catch (e) {
          if (c.keepUnreadable && isAppError(e)) continue; // the manifest check reports it
          throw unopened(table, row.id, e);
        }
        if (Array.isArray(out)) update(row.id, out);
        else {
          update(row.id, out.blobs);
          setTags?.run(out.tags.nameTag, out.tags.secretTag, row.id);
        }
      }
      count += page.length;
      if (page.length < PAGE) break;
      after = page[page.length - 1]?.id ?? after;
    }
  }
  return count;
}
