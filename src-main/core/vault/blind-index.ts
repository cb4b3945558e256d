// The blind index of key records: keyed hashes of a key's name and of its secret's fingerprint,
// stored beside the sealed blobs (keys.name_tag, keys.secret_tag) so that one record is found by
// name, or a stored secret by its value, without opening every key. Without the vault key neither
// can be computed or tested against a guess. A tag only nominates rows: the caller opens each one
// and compares what is under the seal, so a tampered tag can hide a row but never substitute one.
import type { Sodium } from '../crypto/sodium.js';

export const TAG_BYTES = 16;

/** The form of a name the index compares: no surrounding white space, Unicode default lower case. */
export const normaliseName = (name: string): string => name.trim().toLowerCase();

function tag(sodium: Sodium, key: Uint8Array, label: string, value: string): Uint8Array {
  const input = new TextEncoder().encode(`${label}\n${value}`);
  try {
    return sodium.crypto_generichash(TAG_BYTES, input, key);
  } finally {
    input.fill(0);
  }
}

/** SECURITY: BLAKE2b-128 keyed with the blind subkey of "keyward-name-tag\n" + the normalised name (UTF-8). */
export const nameTag = (sodium: Sodium, blindKey: Uint8Array, name: string): Uint8Array =>
  tag(sodium, blindKey, 'keyward-name-tag', normaliseName(name));

/**
 * SECURITY: BLAKE2b-128 keyed with the blind subkey of "keyward-secret-tag\n" + the secret's fingerprint
 * (the hex keyed hash sealed in the key's meta, records.ts secretTag), never of the secret itself.
 */
export const secretIndexTag = (sodium: Sodium, blindKey: Uint8Array, fingerprint: string): Uint8Array =>
  tag(sodium, blindKey, 'keyward-secret-tag', fingerprint);
