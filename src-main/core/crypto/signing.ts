// Ed25519 signatures for files a vault shares (signed checklists) and the short,
// readable fingerprint of a public key. The secret key never leaves the vault sealed.
import { AppError } from '../errors.js';
import type { Sodium } from './sodium.js';

export type SigningKeypair = { publicKey: Uint8Array; secretKey: Uint8Array };

export const PUBLIC_KEY_BYTES = 32;
export const SIGNATURE_BYTES = 64;

export function newSigningKeypair(sodium: Sodium): SigningKeypair {
  const kp = sodium.crypto_sign_keypair();
  return { publicKey: kp.publicKey, secretKey: kp.privateKey };
}

export function signDetached(sodium: Sodium, message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return sodium.crypto_sign_detached(message, secretKey);
}

/** True only for a well-formed signature by `publicKey` over exactly `message`. */
export function verifyDetached(
  sodium: Sodium,
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== PUBLIC_KEY_BYTES) return false;
  try {
    return sodium.crypto_sign_verify_detached(signature, message, publicKey);
  } catch {
    return false;
  }
}

/**
 * What people compare aloud: BLAKE2b-256 of the public key, first 16 bytes as eight
 * groups of four hex digits (e.g. `3f2a-91c0-...`). Docs: docs/CHECKLISTS.md.
 */
export function fingerprintOf(sodium: Sodium, publicKey: Uint8Array): string {
  if (publicKey.length !== PUBLIC_KEY_BYTES)
    throw new AppError('BAD_INPUT', `A signing public key has ${PUBLIC_KEY_BYTES} bytes, not ${publicKey.length}.`);
  const hex = sodium.to_hex(sodium.crypto_generichash(32, publicKey, null).subarray(0, 16));
  return hex.match(/.{4}/g)?.join('-') ?? hex;
}

export const toBase64 = (sodium: Sodium, bytes: Uint8Array) => sodium.to_base64(bytes, sodium.base64_variants.ORIGINAL);

/**
 * Decodes standard base64 with padding, in its one canonical form (libsodium refuses the
 * URL-safe alphabet, missing padding, white space and non-zero trailing bits), or throws
 * `code` naming `what`: BAD_INPUT for a file's text, INTEGRITY_ERROR for the vault's own data.
 */
export function fromBase64(
  sodium: Sodium,
  text: string,
  what: string,
  code: 'BAD_INPUT' | 'INTEGRITY_ERROR' = 'INTEGRITY_ERROR',
): Uint8Array {
  try {
    return sodium.from_base64(text, sodium.base64_variants.ORIGINAL);
  } catch (cause) {
    throw new AppError(code, `${what} is not valid base64 (standard alphabet, with padding).`, {
      cause,
      subject: what,
    });
  }
}
