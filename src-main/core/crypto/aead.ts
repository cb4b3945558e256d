// Sealed blobs: version(1) || nonce(24) || XChaCha20-Poly1305 ciphertext+tag.
// Plaintext is padded into coarse buckets (secrets, metadata; see paddedLength); every seal
// draws a fresh random nonce.
// Must never return plaintext from a blob that fails authentication.
import { randomFillSync } from 'node:crypto';
import { AppError } from '../errors.js';
import type { Sodium } from './sodium.js';

export const BLOB_VERSION = 0x01;
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;
/** The smallest block: every padded length, old (schema up to 60) and new, is a multiple of it. */
export const PAD_BLOCK = 32;

/**
 * How a blob is padded: `secret` (a key's secret), `meta` (every other sealed record), or
 * `block32` (the vault key in the header, fixed at 64 bytes; also the form of every blob before schema 70).
 */
export type Padding = 'secret' | 'meta' | 'block32';

/** Nonces are drawn from Node's CSPRNG 1,024 at a time: one call per seal was most of an import's sealing time. */
const NONCE_POOL = NONCE_BYTES * 1024;
let pool = new Uint8Array(0);
let poolAt = 0;
/** A fresh random nonce (a nonce is public, so a pool of unused ones in memory reveals nothing). */
function nextNonce(): Uint8Array {
  if (poolAt + NONCE_BYTES > pool.length) {
    pool = randomFillSync(new Uint8Array(NONCE_POOL));
    poolAt = 0;
  }
  const nonce = pool.slice(poolAt, poolAt + NONCE_BYTES);
  // Each nonce is handed out once: its bytes are zeroed in the pool as it is taken.
  pool.fill(0, poolAt, poolAt + NONCE_BYTES);
  poolAt += NONCE_BYTES;
  return nonce;
}
const utf8 = new TextEncoder();

const roundUp = (n: number, block: number) => Math.ceil(n / block) * block;

/**
 * The padded length of `n` plaintext bytes (docs/VAULT-FORMAT.md, "Sealed blobs"). The padding
 * always adds at least the 0x80 byte, so the bucket is chosen for n + 1: secrets to 64 bytes up
 * to 256, then the next power of two; metadata to a multiple of 256; block32 to a multiple of 32.
 */
export function paddedLength(n: number, padding: Padding): number {
  const need = n + 1;
  if (padding === 'block32') return roundUp(need, PAD_BLOCK);
  if (padding === 'meta') return roundUp(need, 256);
  if (need <= 256) return roundUp(need, 64);
  return 2 ** Math.ceil(Math.log2(need));
}
const HEADER_BYTES = 1 + NONCE_BYTES;

/** The slot a ciphertext belongs to; bound into the associated data. */
export type Slot = { vaultId: string; table: string; field: string; recordId: string };

/** Canonical associated data (docs/VAULT-FORMAT.md): NUL-separated UTF-8 fields. */
export function slotAad(slot: Slot, version: number = BLOB_VERSION): Uint8Array {
  const text = ['keyward-aad', 'v' + String(version), slot.vaultId, slot.table, slot.field, slot.recordId].join(
    '\u0000',
  );
  return utf8.encode(text);
}

export function seal(
  sodium: Sodium,
  key: Uint8Array,
  plaintext: Uint8Array,
  aad: Uint8Array,
  padding: Padding = 'meta',
): Uint8Array {
  // ISO/IEC 7816-4 padding, as sodium_pad writes it: 0x80 then zero bytes up to the bucket.
  const padded = new Uint8Array(paddedLength(plaintext.length, padding));
  padded.set(plaintext);
  padded[plaintext.length] = 0x80;
  // Node's CSPRNG in bulk (nextNonce); libsodium.js would make one call per 4 bytes.
  const nonce = nextNonce();
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
 * Accepts exactly the lengths some Keyward writes for that plaintext: a bucket of any
 * `Padding` (old vaults hold 32-byte blocks until migration 70 re-seals them).
 * In JS rather than a WASM round trip: it runs once per key at every listing, and only
 * on data that already passed authentication, so timing reveals nothing.
 */
export function unpadLength(padded: Uint8Array): number {
  if (padded.length === 0 || padded.length % PAD_BLOCK !== 0) return -1;
  let i = padded.length - 1;
  while (i >= 0 && padded[i] === 0) i--;
  if (i < 0 || padded[i] !== 0x80) return -1;
  const ok = (['secret', 'meta', 'block32'] as const).some((p) => paddedLength(i, p) === padded.length);
  return ok ? i : -1;
}

export function sealJson(
  sodium: Sodium,
  key: Uint8Array,
  value: unknown,
  aad: Uint8Array,
  padding: Padding = 'meta',
): Uint8Array {
  const bytes = utf8.encode(JSON.stringify(value));
  try {
    return seal(sodium, key, bytes, aad, padding);
  } finally {
    sodium.memzero(bytes);
  }
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
