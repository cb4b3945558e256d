// SQL for the single vault_header row.
import type { SealedHeader } from '../crypto/envelope.js';
import { AppError } from '../errors.js';
import type { Db } from './connection.js';

type HeaderRow = {
  format_version: number;
  vault_id: string;
  kdf_alg: string;
  kdf_ops: number;
  kdf_mem: number;
  kdf_salt: Uint8Array;
  kdf_version: number;
  wrapped_key: Uint8Array;
  kek_check: Uint8Array;
  header_hash: Uint8Array;
};

export function readHeader(db: Db): SealedHeader {
  const row = db.prepare(`SELECT * FROM vault_header WHERE singleton = 1`).get() as HeaderRow | undefined;
  if (!row) throw new AppError('NOT_A_VAULT', 'This file has no Keyward vault header.');
  return {
    formatVersion: row.format_version,
    vaultId: row.vault_id,
    kdf: {
      alg: row.kdf_alg as 'argon2id13',
      opsLimit: row.kdf_ops,
      memLimitBytes: row.kdf_mem,
      salt: new Uint8Array(row.kdf_salt),
      kdfVersion: row.kdf_version,
    },
    wrappedKey: new Uint8Array(row.wrapped_key),
    kekCheck: new Uint8Array(row.kek_check),
    headerHash: new Uint8Array(row.header_hash),
  };
}

export function insertHeader(db: Db, h: SealedHeader, nowIso: string): void {
  db.prepare(
    `INSERT INTO vault_header (singleton, format_version, vault_id, kdf_alg, kdf_ops, kdf_mem, kdf_salt, kdf_version,
       wrapped_key, kek_check, header_hash, created_at, updated_at)
     VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    h.formatVersion,
    h.vaultId,
    h.kdf.alg,
    h.kdf.opsLimit,
    h.kdf.memLimitBytes,
    h.kdf.salt,
    h.kdf.kdfVersion,
    h.wrappedKey,
    h.kekCheck,
    h.headerHash,
    nowIso,
    nowIso,
  );
}

/** Replaces the KDF parameters and the wrapped key in one statement (password change). */
export function updateHeaderWrap(db: Db, h: SealedHeader, nowIso: string): void {
  const info = db
    .prepare(
      `UPDATE vault_header SET kdf_alg = ?, kdf_ops = ?, kdf_mem = ?, kdf_salt = ?, kdf_version = ?,
       wrapped_key = ?, kek_check = ?, header_hash = ?, updated_at = ? WHERE singleton = 1`,
    )
    .run(
      h.kdf.alg,
      h.kdf.opsLimit,
      h.kdf.memLimitBytes,
      h.kdf.salt,
      h.kdf.kdfVersion,
      h.wrappedKey,
      h.kekCheck,
      h.headerHash,
      nowIso,
    );
  if (info.changes !== 1) throw new AppError('INTERNAL', 'The vault header could not be updated.');
}

/** The wrapped vault key as stored now: it changes with every password change or key rotation. */
export function readWrappedKey(db: Db): Uint8Array | undefined {
  return db.prepare(`SELECT wrapped_key FROM vault_header WHERE singleton = 1`).pluck().get() as Uint8Array | undefined;
}
