// Encrypted backup of the whole vault and its restore (docs/BACKUP-FORMAT.md).
// backup: SQLite online-backup snapshot to a private temp file, sealed into one file
// under the vault's master password (re-entered), written atomically. restore:
// decrypt to a private temp folder, check it is a sound Keyward vault that opens
// with the password, then (unless verify-only) move it into place atomically,
// keeping any vault it replaces beside it. Temp files are removed even on failure.
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { openBackup, sealBackup } from '../crypto/backup-seal.js';
import { snapshotDb } from '../db/snapshot.js';
import { AppError } from '../errors.js';
import { createInventory } from '../inventory/inventory.service.js';
import type { Clock } from '../ports/clock.port.js';
import { checkVaultPassword, unlockVault, type Vault } from '../vault/vault.js';
import { sourceLabel } from './export/inventory-records.js';

const BackupMetaSchema = z
  .object({
    format: z.literal('keyward.backup'),
    version: z.literal(1),
    createdAt: z.string().max(40),
    source: z.string().max(200),
    vaultId: z.string().max(100),
    databaseBytes: z.number().int().min(0),
  })
  .strict();
export type BackupMeta = z.output<typeof BackupMetaSchema>;

export type BackupReport = { out: string; bytes: number; databaseBytes: number; createdAt: string };
export type RestoreReport = BackupMeta & {
  keys: number;
  damagedKeys: number;
  /** Where the vault went (null with verify-only). */
  restoredTo: string | null;
  /** Where the vault it replaced was kept (null when there was none). */
  replacedKeptAt: string | null;
};

function privateTempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-backup-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

const tempBeside = (path: string, tag: string) => `${path}.${tag}-${randomBytes(4).toString('hex')}.tmp`;

/** Writes the sealed backup of the unlocked `vault` to `out` (which must not exist). */
export async function writeBackup(vault: Vault, password: string, out: string, clock: Clock): Promise<BackupReport> {
  if (existsSync(out)) throw new AppError('BAD_INPUT', `${out} already exists; choose another file name.`);
  if (!existsSync(dirname(out))) throw new AppError('BAD_INPUT', `The folder of ${out} does not exist.`);
  const cost = await checkVaultPassword(vault, password);
  const t = privateTempDir();
  const partial = tempBeside(out, 'partial');
  try {
    const snapshot = join(t.dir, 'snapshot.db');
    await snapshotDb(vault.db, snapshot);
    const createdAt = clock.now().toISOString();
    const meta: BackupMeta = {
      format: 'keyward.backup',
      version: 1,
      createdAt,
      source: sourceLabel(vault.path),
      vaultId: vault.vaultId,
      databaseBytes: statSync(snapshot).size,
    };
    const fd = openSync(partial, 'wx', 0o600);
    try {
      await sealBackup(fd, snapshot, new TextEncoder().encode(JSON.stringify(meta)), password, cost);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(partial, out);
    return { out, bytes: statSync(out).size, databaseBytes: meta.databaseBytes, createdAt };
  } finally {
    rmSync(partial, { force: true });
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
): Promise<T> {
  if (!existsSync(file)) throw new AppError('BAD_INPUT', `No file at ${file}.`);
  if (!statSync(file).isFile()) throw new AppError('BAD_INPUT', `${file} is not a file (a folder or a device?).`);
  const t = privateTempDir();
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
    let meta: BackupMeta;
    try {
      meta = BackupMetaSchema.parse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(opened.meta)));
    } catch (cause) {
      throw new AppError('INTEGRITY_ERROR', 'The backup authenticates but its description is not readable.', { cause });
    }
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

function keepReplaced(target: string, stamp: string): string {
  const kept = `${target}.replaced-${stamp}`;
  // The WAL and shared-memory files belong to the old file: they move with it, or
  // SQLite would apply the old WAL to the restored vault.
  // The locked-state notification schedule describes the old vault's keys: it goes too, and
  // the restored vault writes its own at its next unlock.
  for (const suffix of ['-wal', '-shm', '-journal', '.schedule.json'])
    if (existsSync(target + suffix)) renameSync(target + suffix, kept + suffix);
  renameSync(target, kept);
  return kept;
}

/**
 * Checks a backup (integrity, a Keyward vault, quick_check, opens with the password,
 * counts keys) and, unless `verifyOnly`, restores it to `target` atomically.
 */
export async function restoreBackup(
  file: string,
  password: string,
  target: string,
  opts: { verifyOnly?: boolean; force?: boolean; clock: Clock },
): Promise<RestoreReport> {
  const exists = existsSync(target);
  if (!opts.verifyOnly && exists && !opts.force)
    throw new AppError(
      'VAULT_EXISTS',
      `A vault already exists at ${target}; restore with --force to replace it (it is kept beside it).`,
    );
  return withBackupVault(file, password, ({ meta, snapshot, vault }) => {
    const { keys, damaged } = createInventory(vault, opts.clock).list();
    const counted = { ...meta, keys: keys.length, damagedKeys: damaged.length };
    if (damaged.length > 0)
      throw new AppError('VAULT_DAMAGED', `The vault inside the backup has ${damaged.length} unreadable keys.`);
    if (opts.verifyOnly) return { ...counted, restoredTo: null, replacedKeptAt: null };
    vault.lock(); // closes the file: its WAL is folded back in before the copy
    mkdirSync(dirname(target), { recursive: true, mode: 0o700 });
    const partial = tempBeside(target, 'restoring');
    try {
      copyFileSync(snapshot, partial, constants.COPYFILE_EXCL);
      chmodSync(partial, 0o600);
      fsyncPath(partial);
      const stamp = opts.clock.now().toISOString().replace(/[:.]/g, '-');
      const kept = existsSync(target) ? keepReplaced(target, stamp) : null;
      renameSync(partial, target);
      fsyncPath(dirname(target));
      return { ...counted, restoredTo: target, replacedKeptAt: kept };
    } finally {
      if (existsSync(partial)) unlinkSync(partial);
    }
  });
}
