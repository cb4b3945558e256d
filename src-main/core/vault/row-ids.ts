// Opaque row ids for records whose id a user chose (checklist templates): the file holds a
// keyed hash of the chosen id under the vault's row-id subkey; the chosen id lives only under the seal.
import type { Sodium } from '../crypto/sodium.js';

/** SECURITY: hex of BLAKE2b-128 keyed with the rowIds subkey, so the file never names the template. */
export function templateRowId(sodium: Sodium, rowIdKey: Uint8Array, templateId: string): string {
  const input = new TextEncoder().encode(`keyward-template-id\n${templateId}`);
  return sodium.to_hex(sodium.crypto_generichash(16, input, rowIdKey));
}
