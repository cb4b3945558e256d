// K-1, K-3, K-6, S-5: Argon2id known answer, parameter checks, normalisation, subkeys.
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SUBKEY_CONTEXTS, deriveSubkey, newVaultKey } from '../../../src-main/core/crypto/envelope.js';
import {
  KDF_ALG,
  KDF_FLOOR,
  KDF_TEST_COST,
  KDF_VERSION,
  checkKdfParams,
  testKdfCostAllowed,
  passwordBytes,
  type KdfParams,
} from '../../../src-main/core/crypto/kdf.js';
import { deriveKek, deriveOnCallingThread } from '../../../src-main/core/crypto/kdf-worker.js';
import { loadSodium, type Sodium } from '../../../src-main/core/crypto/sodium.js';
import { AppError } from '../../../src-main/core/errors.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { createVault, unlockVault } from '../../../src-main/core/vault/vault.js';
import { tempDir } from '../../helpers/temp-vault.js';

const MiB = 1024 * 1024;
// Computed once with Debian's reference tool (argon2 0~20171227-0.3+deb12u1):
//   echo -n 123 | argon2 ABCDEFGHIJKLMNOP -id -t 3 -k 65536 -p 1 -l 32 -r
// libsodium computes with one lane, hence -p 1.
const ARGON2_REFERENCE_HEX = 'e8a4f98090c3c1d43a1362a921d0aeb0ac3d012e61c2494afde85829451f567c';

let sodium: Sodium;
let cleanup = () => {};
beforeAll(async () => {
  sodium = await loadSodium();
});
afterEach(() => cleanup());

const params = (over: Partial<KdfParams> = {}): KdfParams => ({
  alg: KDF_ALG,
  kdfVersion: KDF_VERSION,
  opsLimit: KDF_FLOOR.opsLimit,
  memLimitBytes: KDF_FLOOR.memLimitBytes,
  salt: new TextEncoder().encode('ABCDEFGHIJKLMNOP'),
  ...over,
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
    return undefined;
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    return e.code;
  }
}

describe('Argon2id (K-1)', () => {
  it('matches the reference argon2 CLI for pw "123", salt "ABCDEFGHIJKLMNOP", t=3, 64 MiB, p=1', async () => {
    const kek = await deriveKek(passwordBytes('123'), params());
    expect(sodium.to_hex(kek)).toBe(ARGON2_REFERENCE_HEX);
  });

  it('wipes the password buffer it is given', async () => {
    const pw = passwordBytes('wipe me please');
    await deriveKek(pw, params());
    expect([...pw].every((b) => b === 0)).toBe(true);
  });

  // A one-shot CLI command derives on its own thread (src-main/cli/index.ts): the same key, the
  // same wiping, the same refusals, and no worker thread started.
  describe('on the calling thread, as a CLI command derives', () => {
    afterEach(() => deriveOnCallingThread(false));
    it('gives the reference key, wipes the password, starts no worker and refuses bad parameters alike', async () => {
      deriveOnCallingThread();
      const pw = passwordBytes('123');
      // Derived before the event loop turns once: no worker thread, whose answer is a message.
      let derived: Uint8Array | null = null;
      const pending = deriveKek(pw, params()).then((k) => (derived = k));
      await new Promise((turned) => setImmediate(turned));
      expect(derived).not.toBeNull();
      expect(sodium.to_hex(await pending)).toBe(ARGON2_REFERENCE_HEX);
      expect([...pw].every((b) => b === 0)).toBe(true);
      expect(codeOf(() => deriveKek(passwordBytes('123'), { ...params(), opsLimit: 1 }))).toBe('KDF_PARAMS_REFUSED');
    });
  });
});

describe('parameter checks (K-3)', () => {
  it('refuses parameters below the floor before deriving (synchronously, no worker started)', () => {
    const low = [
      params({ memLimitBytes: 8 * MiB, opsLimit: 1 }),
      params({ memLimitBytes: 8 * MiB }),
      params({ opsLimit: 1 }),
      params({ opsLimit: 2 }),
      params({ memLimitBytes: 64 * MiB - 1024 }),
    ];
    for (const p of low) {
      const pw = passwordBytes('123');
      expect(codeOf(() => deriveKek(pw, p))).toBe('KDF_PARAMS_REFUSED');
      expect([...pw].some((b) => b !== 0)).toBe(true); // refused before touching the password
    }
  });

  it('refuses 64 GiB (and other above-ceiling or malformed values) quickly, with no OOM', () => {
    const started = performance.now();
    const bad = [
      params({ memLimitBytes: 64 * 1024 * MiB }),
      params({ opsLimit: 1_000_000 }),
      params({ memLimitBytes: 64 * MiB + 1 }),
      params({ opsLimit: 3.5 }),
      params({ memLimitBytes: Number.NaN }),
      params({ salt: new Uint8Array(8) }),
      params({ kdfVersion: 2 }),
      { ...params(), alg: 'argon2i13' } as unknown as KdfParams,
    ];
    for (const p of bad) expect(codeOf(() => deriveKek(passwordBytes('123'), p))).toBe('KDF_PARAMS_REFUSED');
    expect(performance.now() - started).toBeLessThan(500);
    expect(codeOf(() => checkKdfParams(params()))).toBeUndefined();
  });
});

describe("the suite's test cost (KDF_TEST_COST)", () => {
  const test = params({ ...KDF_TEST_COST });
  afterEach(() => vi.unstubAllEnvs());

  it('is accepted only with NODE_ENV=test and KEYWARD_TEST_KDF=1, as that exact pair', () => {
    vi.stubEnv('NODE_ENV', 'test');
    vi.stubEnv('KEYWARD_TEST_KDF', '1');
    expect(codeOf(() => checkKdfParams(test))).toBeUndefined();
    for (const near of [
      params({ memLimitBytes: KDF_TEST_COST.memLimitBytes, opsLimit: 2 }),
      params({ memLimitBytes: 2 * MiB, opsLimit: KDF_TEST_COST.opsLimit }),
      params({ memLimitBytes: KDF_TEST_COST.memLimitBytes + 1024, opsLimit: KDF_TEST_COST.opsLimit }),
    ]) {
      expect(codeOf(() => checkKdfParams(near))).toBe('KDF_PARAMS_REFUSED');
    }
    for (const [env, value] of [
      ['NODE_ENV', 'production'],
      ['NODE_ENV', undefined],
      ['KEYWARD_TEST_KDF', '0'],
      ['KEYWARD_TEST_KDF', undefined],
    ] as const) {
      vi.stubEnv('NODE_ENV', 'test');
      vi.stubEnv('KEYWARD_TEST_KDF', '1');
      vi.stubEnv(env, value);
      expect(
        codeOf(() => checkKdfParams(test)),
        `${env}=${value}`,
      ).toBe('KDF_PARAMS_REFUSED');
      expect(testKdfCostAllowed(), `${env}=${value}`).toBe(false);
    }
  });

  it('cannot make a vault outside a test run, and one made in a test run does not unlock outside it', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const clock = fixedClock('2026-11-25T09:00:00Z');
    vi.stubEnv('NODE_ENV', 'production');
    await expect(createVault(`${t.dir}/never.db`, 'pw pw pw pw', { clock, kdf: KDF_TEST_COST })).rejects.toThrow(
      /below floor/,
    );
    vi.stubEnv('NODE_ENV', 'test');
    vi.stubEnv('KEYWARD_TEST_KDF', '1');
    (await createVault(`${t.dir}/test.db`, 'pw pw pw pw', { clock, kdf: KDF_TEST_COST })).lock();
    vi.stubEnv('NODE_ENV', 'production');
    await expect(unlockVault(`${t.dir}/test.db`, 'pw pw pw pw')).rejects.toThrow(/below floor/);
  });
});

describe('password normalisation (K-6)', () => {
  it('unlocks a vault made with an NFC password when it is typed as NFD', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const nfc = 'caf\u00e9 cr\u00e8me br\u00fbl\u00e9e';
    const nfd = nfc.normalize('NFD');
    expect(nfd).not.toBe(nfc);
    expect(sodium.to_hex(passwordBytes(nfc))).toBe(sodium.to_hex(passwordBytes(nfd)));
    const clock = fixedClock('2026-11-25T09:00:00Z');
    const vault = await createVault(`${t.dir}/nfc.db`, nfc, { clock, kdf: KDF_FLOOR });
    const vaultId = vault.vaultId;
    vault.lock();
    const again = await unlockVault(`${t.dir}/nfc.db`, nfd);
    expect(again.vaultId).toBe(vaultId);
    again.lock();
  });
});

describe('subkeys (S-5)', () => {
  it('differ from each other and from the vault key, under unique 8-byte contexts', () => {
    const contexts = Object.values(SUBKEY_CONTEXTS);
    expect(new Set(contexts).size).toBe(contexts.length);
    for (const c of contexts) expect(new TextEncoder().encode(c).length).toBe(8);
    for (let i = 0; i < 5; i++) {
      const vaultKey = newVaultKey(sodium);
      const subkeys = (Object.keys(SUBKEY_CONTEXTS) as (keyof typeof SUBKEY_CONTEXTS)[]).map((p) =>
        sodium.to_hex(deriveSubkey(sodium, vaultKey, p)),
      );
      const all = [sodium.to_hex(vaultKey), ...subkeys];
      expect(new Set(all).size).toBe(all.length);
      for (const k of subkeys) expect(k).toHaveLength(64);
      // Deterministic: the same vault key gives the same subkeys.
      expect(sodium.to_hex(deriveSubkey(sodium, vaultKey, 'records'))).toBe(subkeys[0]);
    }
  });
});
