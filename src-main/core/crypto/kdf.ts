// Master password -> key-encryption key with Argon2id (explicitly ARGON2ID13).
// Parameters are checked before any derivation, from below (downgrade) and above
// (denial of service). The derivation itself runs in a worker thread.
import { AppError } from '../errors.js';

export const KDF_ALG = 'argon2id13' as const;
/** kdfVersion 1: password normalised to NFKD, encoded as UTF-8, no trimming. */
export const KDF_VERSION = 1;
export const SALT_BYTES = 16;
export const KEY_BYTES = 32;
const MiB = 1024 * 1024;

export type KdfParams = {
  alg: typeof KDF_ALG;
  opsLimit: number;
  memLimitBytes: number;
  salt: Uint8Array;
  kdfVersion: number;
};

export const KDF_DEFAULT = { opsLimit: 3, memLimitBytes: 256 * MiB } as const;
export const KDF_FLOOR = { opsLimit: 3, memLimitBytes: 64 * MiB } as const;
export const KDF_CEILING = { opsLimit: 16, memLimitBytes: 2048 * MiB } as const;

export type KdfCost = { opsLimit: number; memLimitBytes: number };

/** Throws KDF_PARAMS_REFUSED for anything outside [floor, ceiling] or malformed. */
export function checkKdfParams(
  p: {
    alg: string;
    opsLimit: number;
    memLimitBytes: number;
    salt: Uint8Array;
    kdfVersion: number;
  },
  what = "The vault's",
): void {
  const refuse = (why: string): never => {
    throw new AppError('KDF_PARAMS_REFUSED', `${what} key-derivation parameters are refused: ${why}.`);
  };
  if (p.alg !== KDF_ALG) refuse(`unknown algorithm "${p.alg}"`);
  if (p.kdfVersion !== KDF_VERSION) refuse(`unknown KDF version ${p.kdfVersion}`);
  if (!Number.isSafeInteger(p.opsLimit) || !Number.isSafeInteger(p.memLimitBytes)) refuse('not whole numbers');
  if (p.opsLimit < KDF_FLOOR.opsLimit || p.memLimitBytes < KDF_FLOOR.memLimitBytes) {
    refuse(`parameters below floor (at least ${KDF_FLOOR.memLimitBytes / MiB} MiB and ${KDF_FLOOR.opsLimit} passes)`);
  }
  if (p.opsLimit > KDF_CEILING.opsLimit || p.memLimitBytes > KDF_CEILING.memLimitBytes) {
    refuse(
      `parameters above ceiling (at most ${KDF_CEILING.memLimitBytes / MiB} MiB and ${KDF_CEILING.opsLimit} passes)`,
    );
  }
  if (p.memLimitBytes % 1024 !== 0) refuse('memory is not a whole number of KiB');
  if (p.salt.length !== SALT_BYTES) refuse(`salt must be ${SALT_BYTES} bytes`);
}

/** kdfVersion 1 normalisation; fixed forever so old vaults keep unlocking. */
export function passwordBytes(password: string): Uint8Array {
  return new TextEncoder().encode(password.normalize('NFKD'));
}
