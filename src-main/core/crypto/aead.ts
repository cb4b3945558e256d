// Sealed blobs: version(1) || nonce(24) || XChaCha20-Poly1305 ciphertext+tag.
// Plaintext is padded to 32-byte blocks; every seal draws a fresh random nonce.
// Must never return plaintext from a blob that fails authentication.
import { randomFillSync } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Sodium } from './sodium.js';

export const BLOB_VERSION = 0x01;
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;
export const PAD_BLOCK = 32;
const HEADER_BYTES = 1 + NONCE_BYTES;

/** The slot a ciphertext belongs to; bound into the associated data. */
export type Slot = { vaultId: string; table: string; field: string; recordId: string };

/** Canonical associated data (docs/VAULT-FORMAT.md): NUL-separated UTF-8 fields. */
export function slotAad(slot: Slot, version: number = BLOB_VERSION): Uint8Array {
  const text = ['keyward-aad', 'v' + String(version), slot.vaultId, slot.table, slot.field, slot.recordId].join(
    '\u0000',
  );
  return new TextEncoder().encode(text);
}

export function seal(sodium: Sodium, key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const padded = sodium.pad(plaintext, PAD_BLOCK);
  // Node's CSPRNG in one call; libsodium.js would make one call per 4 bytes.
  const nonce = randomFillSync(new Uint8Array(NONCE_BYTES));
  const ct = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(padded, aad, null, nonce, key);
  sodium.memzero(padded);
  const out = new Uint8Array(HEADER_BYTES + ct.length);
  out[0] = BLOB_VERSION;
  out.set(nonce, 1);
  out.set(ct, HEADER_BYTES);
  return out;
}

/** Opens a blob or throws INTEGRITY_ERROR naming `subject`; never returns partial plaintext. */
export function open(sodium: Sodium, key: Uint8Array, blob: Uint8Array, aad: Uint8Array, subject: string): Uint8Array {
  // SECURITY: unknown versions are refused, never "tried as plaintext" (no downgrade).
  // A damaged file can hand back NULL or text where a blob belongs: damage, not a crash.
  if (!(blob instanceof Uint8Array) || blob.length < HEADER_BYTES + TAG_BYTES + PAD_BLOCK || blob[0] !== BLOB_VERSION) {
    throw new AppError('INTEGRITY_ERROR', `The encrypted data of ${subject} is damaged or of an unknown version.`, {
      subject,
    });
  }
  let padded: Uint8Array;
  try {
    padded = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(
      null,
      blob.subarray(HEADER_BYTES),
      aad,
      blob.subarray(1, HEADER_BYTES),
      key,
    );
  } catch (cause) {
    throw new AppError('INTEGRITY_ERROR', `The encrypted data of ${subject} failed its integrity check.`, {
      cause,
      subject,
    });
  }
  const end = unpadLength(padded);
  if (end < 0)
    throw new AppError('INTEGRITY_ERROR', `The encrypted data of ${subject} has invalid padding.`, { subject });
  return padded.subarray(0, end);
}

/**
 * Length of the plaintext inside ISO/IEC 7816-4 padding (sodium_pad's format), or -1.
 * In JS rather than a WASM round trip: it runs once per key at every listing, and only
 * on data that already passed authentication, so timing reveals nothing.
 */
export function unpadLength(padded: Uint8Array): number {
  if (padded.length === 0 || padded.length % PAD_BLOCK !== 0) return -1;
  let i = padded.length - 1;
  const stop = padded.length - PAD_BLOCK;
  while (i >= stop && padded[i] === 0) i--;
  return i >= stop && padded[i] === 0x80 ? i : -1;
}

export function sealJson(sodium: Sodium, key: Uint8Array, value: unknown, aad: Uint8Array): Uint8Array {
  return seal(sodium, key, new TextEncoder().encode(JSON.stringify(value)), aad);
}

export function openJson(sodium: Sodium, key: Uint8Array, blob: Uint8Array, aad: Uint8Array, subject: string): unknown {
  const bytes = open(sodium, key, blob, aad, subject);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as unknown;
  } catch (cause) {
    throw new AppError('INTEGRITY_ERROR', `The decrypted data of ${subject} is not readable.`, { cause, subject });
  } finally {
    sodium.memzero(bytes);
  }
}
