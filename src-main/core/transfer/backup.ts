// Encrypted backup of the whole vault and its restore (docs/BACKUP-FORMAT.md).
// backup: SQLite online-backup snapshot to a private temp folder beside the vault, sealed
// into one file under the vault's master password (re-entered), written by the file rule
// (core/files/safe-file.ts). restore: decrypt to a private temp folder beside the target,
// check it is a sound Keyward vault that opens with the password, then (unless verify-only)
// move it into place, keeping the vault it replaces beside it. Temp files go on every exit.
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { openBackup, sealBackup } from '../crypto/backup-seal.js';
import { vaultFileKind, withWriteLock } from '../db/connection.js';
import { snapshotDb } from '../db/snapshot.js';
import { AppError } from '../errors.js';
import { checkWriteTarget, writeFileWith } from '../files/safe-file.js';
import { sweepStaleTemps, tempPathBeside } from '../files/temp-files.js';
import { VAULT_COMPANIONS } from '../files/vault-companions.js';
import { createInventory } from '../inventory/inventory.service.js';
import type { Clock } from '../ports/clock.port.js';
import { checkVaultPassword, unlockVault, type Vault } from '../vault/vault.js';
import { backupSource, encodeBackupMeta, parseBackupMeta, type BackupMeta } from './backup-description.js';

export type { BackupMeta } from './backup-description.js';

export type BackupReport = { out: string; bytes: number; databaseBytes: number; createdAt: string };
export type RestoreReport = BackupMeta & {
  keys: number;
  damagedKeys: number;
  /** Where the vault went (null with verify-only). */
  restoredTo: string | null;
  /** Where the vault it replaced was kept (null when there was none). */
  replacedKeptAt: string | null;
};

/**
 * A private (0700) temporary folder beside `near` (the vault, or the restore target): a
 * decrypted copy never leaves the vault's file system. Removed by `cleanup`; a killed
 * process's folder is swept at the next start (core/files/temp-files.ts).
 */
export function privateTempDir(near: string): { dir: string; cleanup: () => void } {
  let dir = tempPathBeside(near);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    // a read-only folder (a backup on a read-only stick): the system's temp folder instead
    sweepStaleTemps(tmpdir(), basename(near));
    dir = tempPathBeside(join(tmpdir(), basename(near)));
    mkdirSync(dir, { mode: 0o700 });
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes the sealed backup of the unlocked `vault` to `out` (refused if it exists, unless `force`). */
export async function writeBackup(
  vault: Vault,
  password: string,
  out: string,
  clock: Clock,
  opts: { force?: boolean } = {},
): Promise<BackupReport> {
  if (!existsSync(dirname(out))) throw new AppError('BAD_INPUT', `The folder of ${out} does not exist.`);
  checkWriteTarget(out, { force: opts.force === true, hint: 'choose another file name' }); // before the password
  const cost = await checkVaultPassword(vault, password);
  const t = privateTempDir(vault.path);
  try {
    const snapshot = join(t.dir, 'snapshot.db');
    await snapshotDb(vault.db, snapshot);
    const createdAt = clock.now().toISOString();
    const meta: BackupMeta = {
      format: 'keyward.backup',
      version: 1,
      createdAt,
      source: backupSource(vault.path),
      vaultId: vault.vaultId,
      databaseBytes: statSync(snapshot).size,
    };
    const metaBytes = encodeBackupMeta(meta);
    await writeFileWith(out, (fd) => sealBackup(fd, snapshot, metaBytes, password, cost), {
      force: opts.force === true,
      hint: 'choose another file name',
    });
    return { out, bytes: statSync(out).size, databaseBytes: meta.databaseBytes, createdAt };
  } finally {
    t.cleanup();
  }
}

type Decrypted = { meta: BackupMeta; snapshot: string; vault: Vault };

/**
 * Decrypts `file` into a private temp folder and unlocks the snapshot; `fn` gets
 * the unlocked vault. The folder is removed afterwards, whatever happens.
 */
export async function withBackupVault<T>(
  file: string,
  password: string,
  fn: (d: Decrypted) => Promise<T> | T,
  near: string,
): Promise<T> {
  if (!existsSync(file)) throw new AppError('BAD_INPUT', `No file at ${file}.`);
  if (!statSync(file).isFile()) throw new AppError('BAD_INPUT', `${file} is not a file (a folder or a device?).`);
  const t = privateTempDir(near);
  try {
    const snapshot = join(t.dir, 'vault.db');
    const fd = openSync(snapshot, 'wx', 0o600);
    let opened;
    try {
      opened = await openBackup(file, password, fd);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const meta = parseBackupMeta(opened.meta);
    if (meta.databaseBytes !== opened.databaseBytes)
      throw new AppError('INTEGRITY_ERROR', 'The backup holds a database of another size than it announces.');
    let vault: Vault;
    try {
      vault = await unlockVault(snapshot, password);
    } catch (e) {
      if (e instanceof AppError && e.code === 'WRONG_PASSWORD')
        throw new AppError('INTEGRITY_ERROR', 'The vault inside the backup does not open with the backup password.');
      throw e;
    }
    try {
      if (vault.damage !== null)
        throw new AppError('VAULT_DAMAGED', `The vault inside the backup is damaged (${vault.damage}).`);
      if (vault.vaultId !== meta.vaultId)
        throw new AppError('INTEGRITY_ERROR', 'The vault inside the backup is not the one the backup names.');
      return await fn({ meta, snapshot, vault });
    } finally {
      vault.lock();
    }
  } finally {
    t.cleanup();
  }
}

/** The companions of a vault file, which move with it. */
const COMPANIONS = VAULT_COMPANIONS;

/**
 * SECURITY: restore replaces only a regular file that is a Keyward vault; a link, a folder,
 * a device or another program's file at the target is refused before anything is decrypted.
 */
function checkRestoreTarget(target: string, force: boolean): boolean {
  const what = (p: string) => {
    try {
      return lstatSync(p);
    } catch {
      return null;
    }
  };
  const s = what(target);
  if (s !== null) {
    if (!s.isFile())
      throw new AppError(
        'BAD_INPUT',
        `${target} is not a regular file (a link, a folder or a device); restore replaces only a Keyward vault file. Nothing was changed.`,
        { subject: target },
      );
    const kind = vaultFileKind(target);
    if (kind !== 'vault')
      throw new AppError(
        'BAD_INPUT',
        `${target} is not a Keyward vault; restore replaces only a vault. Nothing was changed.`,
        { subject: target },
      );
    if (!force)
      throw new AppError(
        'VAULT_EXISTS',
        `A vault already exists at ${target}; restore with --force to replace it (it is kept beside it).`,
      );
  }
  for (const suffix of COMPANIONS) {
    const c = what(target + suffix);
    if (c !== null && (!c.isFile() || s === null))
      throw new AppError(
        'BAD_INPUT',
        `${target + suffix} is in the way (${c.isFile() ? 'a vault companion without its vault' : 'not a regular file'}); nothing was changed.`,
        { subject: target + suffix },
      );
  }
  return s !== null;
}

function keepReplaced(target: string, stamp: string): string {
  const kept = `${target}.replaced-${stamp}`;
  // The WAL and shared-memory files belong to the old file: they move with it, or
  // SQLite would apply the old WAL to the restored vault.
  // The locked-state notification schedule and the commit counter describe the old vault:
  // they go too, and the restored vault writes its own at its next unlock.
  for (const suffix of COMPANIONS) if (existsSync(target + suffix)) renameSync(target + suffix, kept + suffix);
  renameSync(target, kept);
  return kept;
}

/** Puts `file` at `target`, which must be free (a new vault appearing meanwhile is not replaced). */
function placeNew(file: string, target: string): void {
  try {
    linkSync(file, target);
    unlinkSync(file);
  } catch (e) {
    if ((e as { code?: string }).code === 'EEXIST')
      throw new AppError('VAULT_EXISTS', `A new vault appeared at ${target} during the restore; nothing was replaced.`);
    renameSync(file, target);
  }
}

/**
 * Checks a backup (integrity, a Keyward vault, quick_check, opens with the password,
 * counts keys) and, unless `verifyOnly`, restores it to `target`. The old vault is swapped
 * out under its write lock, so no other process's acknowledged write lands in it afterwards.
 */
export async function restoreBackup(
  file: string,
  password: string,
  target: string,
  opts: { verifyOnly?: boolean; force?: boolean; clock: Clock },
): Promise<RestoreReport> {
  if (!opts.verifyOnly) {
    checkRestoreTarget(target, opts.force === true);
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    sweepStaleTemps(dirname(target));
  }
  const near = existsSync(dirname(target)) ? target : file;
  return withBackupVault(
    file,
    password,
    ({ meta, snapshot, vault }) => {
      const { keys, damaged } = createInventory(vault, opts.clock).list();
      const counted = { ...meta, keys: keys.length, damagedKeys: damaged.length };
      if (damaged.length > 0)
        throw new AppError('VAULT_DAMAGED', `The vault inside the backup has ${damaged.length} unreadable keys.`);
      if (opts.verifyOnly) return { ...counted, restoredTo: null, replacedKeptAt: null };
      vault.lock(); // closes the file: its WAL is folded back in before the move
      for (const suffix of COMPANIONS) rmSync(snapshot + suffix, { force: true });
      chmodSync(snapshot, 0o600);
      fsyncPath(snapshot);
      const stamp = opts.clock.now().toISOString().replace(/[:.]/g, '-');
      const exists = checkRestoreTarget(target, opts.force === true); // again: it may have changed meanwhile
      const kept = exists ? withWriteLock(target, () => keepReplaced(target, stamp)) : null;
      placeNew(snapshot, target);
      fsyncPath(dirname(target));
      return { ...counted, restoredTo: target, replacedKeptAt: kept };
    },
    near,
  );
}

function fsyncPath(path: string): void {
  try {
    const fd = openSync(path, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // a folder that cannot be fsynced on this file system
  }
}
