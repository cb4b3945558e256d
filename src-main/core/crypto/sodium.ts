// Loads libsodium (the sumo build: the only one with Argon2) once and checks it
// at start-up. This folder is the only importer of libsodium-wrappers-sumo.
import { createRequire } from 'node:module';
import type SodiumModule from 'libsodium-wrappers-sumo';
import { AppError } from '../errors.js';

export type Sodium = typeof SodiumModule;

const requireCjs = createRequire(import.meta.url);
let loaded: Promise<Sodium> | undefined;

/** Path of the CommonJS entry, handed to the KDF worker so it loads the same build. */
export function sodiumModulePath(): string {
  return requireCjs.resolve('libsodium-wrappers-sumo');
}

export function loadSodium(): Promise<Sodium> {
  loaded ??= (async () => {
    const sodium = requireCjs('libsodium-wrappers-sumo') as Sodium;
    await sodium.ready;
    selfTest(sodium);
    return sodium;
  })();
  return loaded;
}

// SECURITY: the plain build's types declare crypto_pwhash although it is absent at
// run time; refuse to start rather than fail at the first unlock.
function selfTest(sodium: Sodium): void {
  const required = [
    'crypto_pwhash',
    'crypto_aead_xchacha20poly1305_ietf_encrypt',
    'crypto_aead_xchacha20poly1305_ietf_decrypt',
    'crypto_kdf_derive_from_key',
    'crypto_generichash',
    'memzero',
    'pad',
    'unpad',
  ] as const;
  for (const name of required) {
    if (typeof sodium[name] !== 'function') {
      throw new AppError(
        'CRYPTO_UNAVAILABLE',
        `The crypto library lacks ${name}; Keyward needs libsodium's sumo build.`,
      );
    }
  }
  if (sodium.crypto_pwhash_ALG_ARGON2ID13 !== 2) {
    throw new AppError('CRYPTO_UNAVAILABLE', 'The crypto library does not offer Argon2id.');
  }
}
