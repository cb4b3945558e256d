// A vault as Keyward up to schema 60 wrote it: every sealed blob padded to 32-byte blocks.
// Built from a current vault by re-sealing each blob under the same key with the old padding.
import { open, seal, slotAad } from '../../src-main/core/crypto/aead.js';
import { MANIFEST_TABLES, MANIFEST_TABLE_NAMES } from '../../src-main/core/db/manifest.repo.js';
import { rewriteManifestNow } from '../../src-main/core/vault/manifest.js';
import type { Vault } from '../../src-main/core/vault/vault.js';

export function toOldPadding(vault: Vault): void {
  vault.db.transaction(() => {
    for (const table of MANIFEST_TABLE_NAMES) {
      const t = MANIFEST_TABLES[table];
      const key = table === 'settings' ? vault.keys().settings : vault.keys().records;
      const rows = vault.db.prepare(`SELECT ${t.id} AS id, ${t.blobs.join(', ')} FROM ${table}`).all() as Record<
        string,
        Uint8Array
      >[];
      for (const row of rows) {
        const id = String(row.id);
        const blobs = t.blobs.map((field) => {
          const aad = slotAad({ vaultId: vault.vaultId, table, field, recordId: id });
          return seal(vault.sodium, key, open(vault.sodium, key, row[field] as Uint8Array, aad, id), aad, 'block32');
        });
        vault.db
          .prepare(`UPDATE ${table} SET ${t.blobs.map((b) => `${b} = ?`).join(', ')} WHERE ${t.id} = ?`)
          .run(...blobs, id);
      }
    }
    rewriteManifestNow(vault);
    vault.db.pragma('user_version = 60');
  })();
}
