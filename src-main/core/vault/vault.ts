// A vault file and its session: create, unlock, lock, change password. While
// unlocked it holds the vault's subkeys; lock wipes them (memzero) and closes the file.
import { randomUUID } from 'node:crypto';
import { statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '../ports/clock.port.js';
import {
  FORMAT_VERSION,
  checkHeaderHash,
  deriveSubkey,
  newKdfParams,
  newVaultKey,
  unwrapVaultKey,
  wrapVaultKey,
  type SealedHeader,
} from '../crypto/envelope.js';
import { KDF_DEFAULT, checkKdfParams, passwordBytes, type KdfCost } from '../crypto/kdf.js';
import { deriveKek } from '../crypto/kdf-worker.js';
import { loadSodium, type Sodium } from '../crypto/sodium.js';
import { createDbFile, mapSqliteError, openDbFile, type Db } from '../db/connection.js';
import { hasHeaderTable, insertHeader, readHeader, updateHeaderWrap } from '../db/header.repo.js';
import { assertNotTooNew, migrate } from '../db/migrations/index.js';
import { AppError } from '../errors.js';
import { checkManifest, updateManifestIfKeysChanged, writeFreshManifest } from './manifest.js';
import { checkCommitCounter, countCommit, recordCommit } from './commit-counter.js';
import { sweepStaleTemps } from '../files/temp-files.js';

export type VaultKeys = { records: Uint8Array; index: Uint8Array; settings: Uint8Array };

/** Which file the path named when the vault was opened (a restore puts another one there). */
function identityOf(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

export class Vault {
  #keys: VaultKeys | null;
  readonly readOnly: boolean;
  /** Set at unlock when the key rows do not match the manifest (T-3); null when they do. */
  integrityWarning: string | null = null;
  /** Set at unlock when the vault is behind its commit counter (lost acknowledged writes). */
  commitWarning: string | null = null;
  readonly #identity: string | null;

  constructor(
    readonly path: string,
    readonly db: Db,
    readonly sodium: Sodium,
    readonly vaultId: string,
    keys: VaultKeys,
    readonly damage: string | null,
    /** Why a sound file is open read-only (read-only media or file); null when writable. */
    readonly readOnlyReason: string | null = null,
  ) {
    this.#keys = keys;
    this.readOnly = damage !== null || readOnlyReason !== null;
    this.#identity = identityOf(path);
  }

  /** SECURITY: a write goes to the file the path names now, never to one a restore moved aside. */
  #assertSameFile(): void {
    if (identityOf(this.path) !== this.#identity)
      throw new AppError(
        'VAULT_REPLACED',
        'The vault file was replaced since it was opened (restored from a backup?); nothing was changed. Lock and unlock to open the vault that is there now.',
      );
  }

  get isUnlocked(): boolean {
    return this.#keys !== null;
  }

  /** The subkeys; throws VAULT_LOCKED once the vault is locked. */
  keys(): VaultKeys {
    if (!this.#keys) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
    return this.#keys;
  }

  /** Runs `fn` as one IMMEDIATE transaction; refuses on a damaged (read-only) vault. */
  write<T>(fn: () => T): T {
    this.keys();
    if (this.damage !== null) {
      throw new AppError(
        'VAULT_READ_ONLY',
        `The vault file is damaged (${this.damage}); it is open read-only and nothing was changed. Restore it from a backup.`,
      );
    }
    if (this.readOnlyReason === 'the disk is full')
      throw new AppError('DISK_FULL', 'The disk is full: nothing was changed. Free some space and try again.');
    if (this.readOnlyReason !== null)
      throw new AppError(
        'VAULT_READ_ONLY',
        `The vault is open read-only (${this.readOnlyReason}): nothing was changed. Copy it to a writable disk to make changes.`,
      );
    let count = 0;
    let result: T;
    try {
      // A write that changed key rows ends by rewriting their manifest, in the same transaction.
      result = this.db
        .transaction(() => {
          this.#assertSameFile(); // under the write lock: a restore holds it while it swaps the file
          const r = fn();
          const at = new Date().toISOString();
          updateManifestIfKeysChanged(this, at);
          count = countCommit(this, at);
          return r;
        })
        .immediate();
    } catch (e) {
      throw mapSqliteError(e);
    }
    recordCommit(this, count); // committed and fsynced: now the counter beside it
    return result;
  }

  /** SECURITY: wipes every key in memory, then closes the file. */
  lock(): void {
    if (this.#keys) {
      for (const k of Object.values(this.#keys)) this.sodium.memzero(k);
      this.#keys = null;
    }
    if (this.db.open) this.db.close();
  }
}

function subkeysOf(sodium: Sodium, vaultKey: Uint8Array): VaultKeys {
  return {
    records: deriveSubkey(sodium, vaultKey, 'records'),
    index: deriveSubkey(sodium, vaultKey, 'index'),
    settings: deriveSubkey(sodium, vaultKey, 'settings'),
  };
}

async function sealNewHeader(
  sodium: Sodium,
  vaultId: string,
  password: string,
  cost: KdfCost,
  vaultKey: Uint8Array,
): Promise<SealedHeader> {
  const kdf = newKdfParams(sodium, cost);
  const fields = { formatVersion: FORMAT_VERSION, vaultId, kdf };
  const kek = await deriveKek(passwordBytes(password), kdf);
  try {
    return wrapVaultKey(sodium, fields, kek, vaultKey);
  } finally {
    sodium.memzero(kek);
  }
}

export async function createVault(
  path: string,
  password: string,
  opts: { clock: Clock; kdf?: KdfCost },
): Promise<Vault> {
  if (password.length === 0) throw new AppError('BAD_INPUT', 'The master password must not be empty.');
  const sodium = await loadSodium();
  const cost = opts.kdf ?? KDF_DEFAULT;
  checkKdfParams({ alg: 'argon2id13', kdfVersion: 1, salt: new Uint8Array(16), ...cost });
  const vaultId = randomUUID();
  const vaultKey = newVaultKey(sodium);
  try {
    const header = await sealNewHeader(sodium, vaultId, password, cost, vaultKey);
    const db = createDbFile(path);
    try {
      migrate(db);
      db.transaction(() => insertHeader(db, header, opts.clock.now().toISOString())).immediate();
    } catch (e) {
      db.close();
      throw mapSqliteError(e);
    }
    const vault = new Vault(path, db, sodium, vaultId, subkeysOf(sodium, vaultKey), null);
    writeFreshManifest(vault); // the first manifest: no keys yet
    return vault;
  } finally {
    sodium.memzero(vaultKey);
  }
}

type Opened = {
  db: Db;
  header: SealedHeader;
  vaultKey: Uint8Array;
  damage: string | null;
  readOnlyReason: string | null;
};

/** Opens the file, checks the header and unwraps the vault key. The caller wipes vaultKey. */
async function openAndUnwrap(sodium: Sodium, path: string, password: string): Promise<Opened> {
  const { db, damage, readOnlyReason } = openDbFile(path, (ro) => {
    if (!hasHeaderTable(ro)) throw new AppError('NOT_A_VAULT', `${path} is a SQLite file but not a Keyward vault.`);
    assertNotTooNew(ro);
  });
  try {
    const header = readHeader(db);
    checkKdfParams(header.kdf); // SECURITY: before any derivation (downgrade and DoS)
    checkHeaderHash(sodium, header);
    const kek = await deriveKek(passwordBytes(password), header.kdf);
    try {
      return { db, header, vaultKey: unwrapVaultKey(sodium, header, kek), damage, readOnlyReason };
    } finally {
      sodium.memzero(kek);
    }
  } catch (e) {
    db.close();
    throw mapSqliteError(e);
  }
}

/** Opens and unlocks. Damaged files open read-only (Vault.damage says why). */
export async function unlockVault(path: string, password: string): Promise<Vault> {
  const sodium = await loadSodium();
  const { db, header, vaultKey, damage, readOnlyReason } = await openAndUnwrap(sodium, path, password);
  try {
    if (damage === null && readOnlyReason === null) {
      migrate(db);
      sweepStaleTemps(dirname(path)); // what a killed backup, restore or write left behind
    }
    const keys = subkeysOf(sodium, vaultKey);
    const vault = new Vault(path, db, sodium, header.vaultId, keys, damage, readOnlyReason);
    try {
      vault.integrityWarning = checkManifest(vault);
      vault.commitWarning = checkCommitCounter(vault);
    } catch (e) {
      vault.lock();
      throw e;
    }
    return vault;
  } catch (e) {
    db.close();
    throw mapSqliteError(e);
  } finally {
    sodium.memzero(vaultKey);
  }
}

/**
 * Re-wraps the vault key under a new password with a fresh salt. Touches only the
 * header row: every record stays byte-identical.
 */
export async function changePassword(
  path: string,
  oldPassword: string,
  newPassword: string,
  clock: Clock,
  cost?: KdfCost,
): Promise<void> {
  if (newPassword.length === 0) throw new AppError('BAD_INPUT', 'The new master password must not be empty.');
  const sodium = await loadSodium();
  const { db, header, vaultKey, damage, readOnlyReason } = await openAndUnwrap(sodium, path, oldPassword);
  try {
    if (damage !== null)
      throw new AppError('VAULT_READ_ONLY', `The vault file is damaged (${damage}); the password was not changed.`);
    if (readOnlyReason !== null)
      throw new AppError(
        'VAULT_READ_ONLY',
        `The vault is open read-only (${readOnlyReason}); the password was not changed.`,
      );
    const keep = { opsLimit: header.kdf.opsLimit, memLimitBytes: header.kdf.memLimitBytes };
    const next = await sealNewHeader(sodium, header.vaultId, newPassword, cost ?? keep, vaultKey);
    try {
      db.transaction(() => updateHeaderWrap(db, next, clock.now().toISOString())).immediate();
    } catch (e) {
      throw mapSqliteError(e);
    }
  } finally {
    sodium.memzero(vaultKey);
    db.close();
  }
}

/**
 * Checks `password` against the header of an unlocked vault (re-entry before a
 * plaintext export or a backup). Returns the vault's Argon2id cost.
 */
export async function checkVaultPassword(vault: Vault, password: string): Promise<KdfCost> {
  vault.keys();
  const header = readHeader(vault.db);
  checkKdfParams(header.kdf);
  checkHeaderHash(vault.sodium, header);
  const kek = await deriveKek(passwordBytes(password), header.kdf);
  try {
    vault.sodium.memzero(unwrapVaultKey(vault.sodium, header, kek));
  } finally {
    vault.sodium.memzero(kek);
  }
  return { opsLimit: header.kdf.opsLimit, memLimitBytes: header.kdf.memLimitBytes };
}
