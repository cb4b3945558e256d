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

/**
 * The test suite's cost: one pass over 1 MiB, far below the floor. Accepted as this exact pair
 * only in a test run (NODE_ENV=test and KEYWARD_TEST_KDF=1 both set); anywhere else a vault or
 * backup at this cost is refused like any other below the floor, so none can be made or opened
 * by accident. Tests about the KDF itself keep the floor or the default.
 */
export const KDF_TEST_COST = { opsLimit: 1, memLimitBytes: 1 * MiB } as const;

/** True only in a test run that asked for the test cost. */
export function testKdfCostAllowed(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'test' && env.KEYWARD_TEST_KDF === '1';
}

export const isTestKdfCost = (c: KdfCost): boolean =>
  c.opsLimit === KDF_TEST_COST.opsLimit && c.memLimitBytes === KDF_TEST_COST.memLimitBytes;

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
  // SECURITY: below the floor only the test cost passes, as that exact pair and only in a test run.
  const belowFloor = p.opsLimit < KDF_FLOOR.opsLimit || p.memLimitBytes < KDF_FLOOR.memLimitBytes;
  if (belowFloor && !(isTestKdfCost(p) && testKdfCostAllowed())) {
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
