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
import { createDbFile, hasHeaderTable, mapSqliteError, openDbFile, scrubWal, type Db } from '../db/connection.js';
import { insertHeader, readHeader, readWrappedKey, updateHeaderWrap } from '../db/header.repo.js';
import { assertNotTooNew, migrate } from '../db/migrations/index.js';
import type { MigrationContext } from '../db/migrations/migration.types.js';
import { AppError } from '../errors.js';
import { manifestUpdatedAt, markAllChanged } from '../db/manifest.repo.js';
import { dataVersion } from '../db/keys.repo.js';
import { checkManifest, rewriteManifestNow, updateManifestIfChanged } from './manifest.js';
import { reidTemplates, resealAll } from './rekey.js';
import { fillBlindIndex } from './records.js';
import { finishPendingScrub } from './scrub.js';
import { crashPoint } from './crash-point.js';
import {
  adoptCommitFile,
  checkCommitCounter,
  countCommit,
  prepareCommitFile,
  recordCommit,
  rewriteCommitFile,
} from './commit-counter.js';
import { sweepStaleTemps } from '../files/temp-files.js';
import type { OpenVault, VaultKeys, WriteOpts } from './vault.types.js';

export type { VaultKeys } from './vault.types.js';

/** Which file the path named when the vault was opened (a restore puts another one there). */
function identityOf(path: string): string | null {
  try {
    const s = statSync(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

export class Vault implements OpenVault {
  #keys: VaultKeys | null;
  readonly readOnly: boolean;
  /** Set at unlock when the key rows do not match the manifest (T-3); null when they do. */
  integrityWarning: string | null = null;
  /** The tables that failed the manifest check (see manifest.ts); a reveal refuses while `keys` is here. */
  suspect: OpenVault['suspect'] = {};
  #checkedVersion = -1;
  /** The header's wrapped key at unlock; a write refuses once another process has changed it. */
  unlockedWrap: Uint8Array | null = null;
  /** Set at unlock when a deletion's scrub of the WAL could still not finish (another process reads). */
  scrubPending = false;
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

  /** Whether the path still names the file this vault opened (a restore puts another one there). */
  isSameFile(): boolean {
    return identityOf(this.path) === this.#identity;
  }

  get isUnlocked(): boolean {
    return this.#keys !== null;
  }

  /** The subkeys; throws VAULT_LOCKED once the vault is locked. */
  keys(): VaultKeys {
    if (!this.#keys) throw new AppError('VAULT_LOCKED', 'The vault is locked.');
    return this.#keys;
  }

  /**
   * Runs `fn` as one IMMEDIATE transaction; refuses on a damaged (read-only) vault. With
   * `keepTimes` the commit counter and the manifest keep the time of the last write (a
   * reveal must not date itself in a plaintext column). A write accepts a failed manifest
   * check of the tables it changed unless `accept: false` (the default with keepTimes).
   */
  write<T>(fn: () => T, opts: WriteOpts = {}): T {
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
    // A write inside another write is a savepoint of it: only the outer one counts, seals the
    // manifest and records its commit beside the vault, once it has committed. Recorded here, a
    // nested write's count reached the side file before its transaction committed (or rolled
    // back), and another process unlocking meanwhile read that as a lost commit.
    if (this.db.inTransaction) {
      try {
        return this.db.transaction(fn)();
      } catch (e) {
        throw mapSqliteError(e);
      }
    }
    let count = 0;
    let result: T;
    const suspect = { ...this.suspect };
    try {
      // A write that changed sealed rows ends by updating their manifest, in the same transaction;
      // the commit counter is a sealed settings row, so it is counted before the manifest covers it.
      result = this.db
        .transaction(() => {
          this.#assertSameFile(); // under the write lock: a restore holds it while it swaps the file
          this.#assertSameHeader();
          const r = fn();
          const at = (opts.keepTimes === true ? manifestUpdatedAt(this.db) : undefined) ?? new Date().toISOString();
          count = countCommit(this, at);
          updateManifestIfChanged(this, at, opts.accept ?? opts.keepTimes !== true);
          return r;
        })
        .immediate();
    } catch (e) {
      this.suspect = suspect; // nothing was accepted
      throw mapSqliteError(e);
    }
    recordCommit(this, count); // committed and fsynced: now the counter beside it
    return result;
  }

  // SECURITY: after a password change or vault key rotation by another process, this session's
  // keys are stale; a write sealed under them would be unreadable under the new key.
  #assertSameHeader(): void {
    if (this.unlockedWrap === null) return;
    const now = readWrappedKey(this.db);
    const same =
      now !== undefined &&
      now.length === this.unlockedWrap.length &&
      this.sodium.memcmp(new Uint8Array(now), this.unlockedWrap);
    if (!same) {
      throw new AppError(
        'VAULT_LOCKED',
        'The master password or the vault key was changed in another process: nothing was changed. Lock and unlock again.',
      );
    }
  }

  /**
   * SECURITY: a session held open (the agent) checks the manifest again once another process has
   * committed (SQLite's data_version): rows changed meanwhile are reported and refused like at unlock.
   */
  recheck(): void {
    const version = dataVersion(this.db);
    if (version === this.#checkedVersion) return;
    this.integrityWarning = checkManifest(this);
    this.noteChecked();
  }

  /** The data_version the last manifest check saw. */
  noteChecked(): void {
    this.#checkedVersion = dataVersion(this.db);
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
    manifest: deriveSubkey(sodium, vaultKey, 'manifest'),
    rowIds: deriveSubkey(sodium, vaultKey, 'rowIds'),
    blind: deriveSubkey(sodium, vaultKey, 'blind'),
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

/**
 * The rule for a new master password (init, passwd, the app's first run): not empty and not
 * only white space, which a stray key press or a pasted blank line would make. One error each.
 */
export function checkNewPassword(password: string, which: 'master' | 'new master' = 'master'): void {
  // The field at fault, for the app: the password of a new vault, or the new one of a change.
  const subject = which === 'master' ? 'password' : 'newPassword';
  if (password.length === 0) throw new AppError('BAD_INPUT', `The ${which} password must not be empty.`, { subject });
  // Invisible characters count as white space: format characters (zero-width space, BOM, word joiner), every
  // space separator, and the blank Braille and Hangul filler letters a paste can carry.
  if (password.replace(/[\s\p{Cf}\p{Zs}\u2800\u3164\u115f\u1160\uffa0]/gu, '') === '')
    throw new AppError('BAD_INPUT', `The ${which} password must not be only spaces or other white space.`, {
      subject,
    });
}

export async function createVault(
  path: string,
  password: string,
  opts: { clock: Clock; kdf?: KdfCost },
): Promise<Vault> {
  checkNewPassword(password);
  const sodium = await loadSodium();
  const cost = opts.kdf ?? KDF_DEFAULT;
  checkKdfParams({ alg: 'argon2id13', kdfVersion: 1, salt: new Uint8Array(16), ...cost });
  const vaultId = randomUUID();
  const vaultKey = newVaultKey(sodium);
  try {
    const header = await sealNewHeader(sodium, vaultId, password, cost, vaultKey);
    const db = createDbFile(path);
    const vault = new Vault(path, db, sodium, vaultId, subkeysOf(sodium, vaultKey), null);
    try {
      migrate(db);
      // The header and the first manifest (no rows yet) in one transaction: a vault never lacks its manifest.
      vault.write(() => {
        insertHeader(db, header, opts.clock.now().toISOString());
        markAllChanged(db);
      });
      vault.unlockedWrap = header.wrappedKey;
    } catch (e) {
      vault.lock();
      throw mapSqliteError(e);
    }
    return vault;
  } finally {
    sodium.memzero(vaultKey);
  }
}

/** The migration steps that need the vault key, for an unlocked `vault`; `resealed` tells whether migration 70 ran. */
function upgradeSteps(vault: Vault): { ctx: MigrationContext; resealed: () => boolean } {
  let resealed = false;
  // A migration rewrites rows under the same vault key: from and to are the one key set.
  const inPlace = () => {
    const keys = vault.keys();
    return { db: vault.db, sodium: vault.sodium, vaultId: vault.vaultId, from: keys, to: keys, keepUnreadable: true };
  };
  const ctx: MigrationContext = {
    rewriteManifest: () => rewriteManifestNow(vault),
    resealBlobs: () => {
      resealAll({ ...inPlace(), keepTemplateIds: true });
      rewriteManifestNow(vault);
      resealed = true;
    },
    reidTemplates: () => {
      reidTemplates(inPlace());
      rewriteManifestNow(vault);
    },
    fillBlindIndex: () => void fillBlindIndex(vault),
  };
  return { ctx, resealed: () => resealed };
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
    if (damage === null && readOnlyReason === null) sweepStaleTemps(dirname(path)); // what a killed backup, restore or write left behind
    const keys = subkeysOf(sodium, vaultKey);
    const vault = new Vault(path, db, sodium, header.vaultId, keys, damage, readOnlyReason);
    try {
      // Checked under the file's own schema first: an upgrade rewrites the manifest from the rows as they are.
      vault.integrityWarning = checkManifest(vault);
      vault.noteChecked();
      if (damage === null && readOnlyReason === null) {
        const upgrade = upgradeSteps(vault);
        migrate(db, undefined, upgrade.ctx);
        if (upgrade.resealed()) rewriteCommitFile(vault); // the side file in the new padding too
      }
      vault.unlockedWrap = header.wrappedKey;
      if (readOnlyReason === null) vault.scrubPending = finishPendingScrub(vault);
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

export type PasswordChange = {
  /** SECURITY: also draw a new vault key and re-encrypt every record under it (the old password may have leaked). */
  rotateVaultKey?: boolean;
};

/** What a password change did: records re-encrypted (0 without rotation), and any manifest warning found first. */
export type PasswordChanged = { rotated: boolean; records: number; integrityWarning: string | null };

/**
 * Re-wraps the vault key under a new password with a fresh salt; touches only the header row.
 * With `rotateVaultKey`, a new random vault key re-encrypts every record and the manifest in the
 * same transaction as the new header: a copy of the old header with the old password then opens
 * nothing written after. A kill at any moment leaves the old state or the new one, whole, the
 * commit counter beside the vault included (`.commits.next`, settled at the next open).
 */
export async function changePassword(
  path: string,
  oldPassword: string,
  newPassword: string,
  clock: Clock,
  cost?: KdfCost,
  opts: PasswordChange = {},
): Promise<PasswordChanged> {
  checkNewPassword(newPassword, 'new master');
  const sodium = await loadSodium();
  const { db, header, vaultKey, damage, readOnlyReason } = await openAndUnwrap(sodium, path, oldPassword);
  const newKey = opts.rotateVaultKey ? newVaultKey(sodium) : null;
  try {
    if (damage !== null)
      throw new AppError('VAULT_READ_ONLY', `The vault file is damaged (${damage}); the password was not changed.`);
    if (readOnlyReason !== null)
      throw new AppError(
        'VAULT_READ_ONLY',
        `The vault is open read-only (${readOnlyReason}); the password was not changed.`,
      );
    const keep = { opsLimit: header.kdf.opsLimit, memLimitBytes: header.kdf.memLimitBytes };
    const next = await sealNewHeader(sodium, header.vaultId, newPassword, cost ?? keep, newKey ?? vaultKey);
    if (!newKey) {
      try {
        db.transaction(() => updateHeaderWrap(db, next, clock.now().toISOString())).immediate();
      } catch (e) {
        throw mapSqliteError(e);
      }
      return { rotated: false, records: 0, integrityWarning: null };
    }
    return rotateInto(path, db, sodium, { header, next, vaultKey, newKey, at: clock.now().toISOString() });
  } finally {
    sodium.memzero(vaultKey);
    if (newKey) sodium.memzero(newKey);
    if (db.open) db.close();
  }
}

type Rotation = { header: SealedHeader; next: SealedHeader; vaultKey: Uint8Array; newKey: Uint8Array; at: string };

function rotateInto(path: string, db: Db, sodium: Sodium, r: Rotation): PasswordChanged {
  const from = new Vault(path, db, sodium, r.header.vaultId, subkeysOf(sodium, r.vaultKey), null, null);
  const to = new Vault(path, db, sodium, r.header.vaultId, subkeysOf(sodium, r.newKey), null, null);
  try {
    // SECURITY: checked first under the old key. A rotation re-seals every row: on a vault that fails
    // its checks it would launder a row put back from an older copy into one sealed under the new key.
    const integrityWarning = checkManifest(from);
    const behind = checkCommitCounter(from);
    if (integrityWarning !== null || behind !== null) {
      const failed = Object.entries(from.suspect).map(([t, why]) => `${t}: ${why}`);
      throw new AppError(
        'INTEGRITY_ERROR',
        `The vault key was not rotated and nothing was changed: the vault fails its checks (${[...failed, ...(behind === null ? [] : [behind])].join('; ')}). A rotation would re-seal those rows as sound. Check your keys against a backup, accept the vault as it is with a change to each table named (keyward edit or rm of a key for key records), then rotate again.`,
      );
    }
    migrate(db, undefined, upgradeSteps(from).ctx);
    // The side file under the new key is ready before the commit, adopted after it: a kill in
    // between leaves a file the next open keeps or deletes by the key in force (no false alarm).
    prepareCommitFile(from, to);
    crashPoint('rotate-next-written');
    const records = db
      .transaction(() => {
        const n = resealAll({ db, sodium, vaultId: r.header.vaultId, from: from.keys(), to: to.keys() });
        rewriteManifestNow(to);
        updateHeaderWrap(db, r.next, r.at);
        return n;
      })
      .immediate();
    crashPoint('rotate-committed');
    adoptCommitFile(to); // the counter beside the vault is sealed under the vault key too
    scrubWal(db); // SECURITY: the old ciphertexts leave the WAL too
    return { rotated: true, records, integrityWarning };
  } catch (e) {
    throw mapSqliteError(e);
  } finally {
    for (const k of [...Object.values(from.keys()), ...Object.values(to.keys())]) sodium.memzero(k);
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
