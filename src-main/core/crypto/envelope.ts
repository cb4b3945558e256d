// Envelope encryption: a random 256-bit vault key (DEK) seals records; the key
// derived from the master password (KEK) only wraps the DEK and is never stored.
// The wrap's associated data is the canonical header, so an edited header fails.
import { AppError } from '../errors.js';
import { open, seal } from './aead.js';
import { KDF_ALG, KDF_VERSION, KEY_BYTES, SALT_BYTES, type KdfParams } from './kdf.js';
import type { Sodium } from './sodium.js';

export const FORMAT_VERSION = 1;

export type HeaderFields = {
  formatVersion: number;
  vaultId: string;
  kdf: KdfParams;
};

export type SealedHeader = HeaderFields & {
  wrappedKey: Uint8Array;
  kekCheck: Uint8Array;
  headerHash: Uint8Array;
};

/** Canonical header bytes: the wrap's AAD and the input of header_hash. */
export function canonicalHeader(h: HeaderFields, sodium: Sodium): Uint8Array {
  const text = [
    'keyward-header',
    'v' + String(h.formatVersion),
    h.vaultId,
    h.kdf.alg,
    String(h.kdf.opsLimit),
    String(h.kdf.memLimitBytes),
    sodium.to_hex(h.kdf.salt),
    String(h.kdf.kdfVersion),
  ].join('\u0000');
  return new TextEncoder().encode(text);
}

export function headerHash(h: HeaderFields, sodium: Sodium): Uint8Array {
  return sodium.crypto_generichash(32, canonicalHeader(h, sodium), null);
}

// A keyed hash of the KEK: tells a wrong password apart from an edited header. It
// gives an attacker nothing beyond trying to unwrap the DEK with a guessed KEK.
function kekCheck(kek: Uint8Array, sodium: Sodium): Uint8Array {
  return sodium.crypto_generichash(32, new TextEncoder().encode('keyward-kek-check-v1'), kek);
}

export function newKdfParams(sodium: Sodium, cost: { opsLimit: number; memLimitBytes: number }): KdfParams {
  return { alg: KDF_ALG, kdfVersion: KDF_VERSION, salt: sodium.randombytes_buf(SALT_BYTES), ...cost };
}

export function newVaultKey(sodium: Sodium): Uint8Array {
  return sodium.crypto_aead_xchacha20poly1305_ietf_keygen();
}

export function wrapVaultKey(
  sodium: Sodium,
  fields: HeaderFields,
  kek: Uint8Array,
  vaultKey: Uint8Array,
): SealedHeader {
  return {
    ...fields,
    wrappedKey: seal(sodium, kek, vaultKey, canonicalHeader(fields, sodium), 'block32'),
    kekCheck: kekCheck(kek, sodium),
    headerHash: headerHash(fields, sodium),
  };
}

/** Checks the header's own hash; call before deriving so an edit is named as such. */
export function checkHeaderHash(sodium: Sodium, header: SealedHeader): void {
  if (!sodium.memcmp(headerHash(header, sodium), header.headerHash)) {
    throw new AppError('INTEGRITY_ERROR', 'The vault header has been modified: it fails its integrity check.', {
      subject: 'header',
    });
  }
}

export function unwrapVaultKey(sodium: Sodium, header: SealedHeader, kek: Uint8Array): Uint8Array {
  if (header.kekCheck.length !== 32 || !sodium.memcmp(kekCheck(kek, sodium), header.kekCheck)) {
    // SECURITY: one message for every wrong password, whatever it was.
    throw new AppError('WRONG_PASSWORD', 'Wrong password.');
  }
  const key = open(sodium, kek, header.wrappedKey, canonicalHeader(header, sodium), 'the vault header');
  if (key.length !== KEY_BYTES) {
    throw new AppError('INTEGRITY_ERROR', 'The vault key has the wrong length.', { subject: 'header' });
  }
  return key;
}

/** Purpose-separated subkeys (crypto_kdf, 8-byte contexts). */
export const SUBKEY_CONTEXTS = {
  records: 'KWRECORD',
  index: 'KWINDEX_',
  settings: 'KWSETTNG',
  manifest: 'KWMANIFS',
  /** Opaque row ids of records whose id a user chose (checklist templates). */
  rowIds: 'KWROWIDS',
  /** The blind index of key names and secret fingerprints (keys.name_tag, keys.secret_tag). */
  blind: 'KWBLINDX',
} as const;
export type SubkeyPurpose = keyof typeof SUBKEY_CONTEXTS;

export function deriveSubkey(sodium: Sodium, vaultKey: Uint8Array, purpose: SubkeyPurpose): Uint8Array {
  const id = Object.keys(SUBKEY_CONTEXTS).indexOf(purpose) + 1;
  return sodium.crypto_kdf_derive_from_key(32, id, SUBKEY_CONTEXTS[purpose], vaultKey);
}
