// Opens a vault file with the pragmas Keyward's promises rest on and checks it
// before anything is written. The only importer of better-sqlite3 (with repos here).
import {
  accessSync,
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  statfsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import { sweepStaleTemps, tempPathBeside } from '../files/temp-files.js';

export type Db = Database.Database;
const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Whether a SQLite file has Keyward's header table (a vault, not just any SQLite file). */
export function hasHeaderTable(db: Db): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'vault_header'`).get() !== undefined;
}

export type OpenResult = { db: Db; readOnly: boolean; damage: string | null; readOnlyReason: string | null };

/** Why a sound vault file cannot be written (read-only media, no write permission); null when it can. */
export function readOnlyReasonOf(path: string): string | null {
  const denied = (p: string): string | null => {
    try {
      accessSync(p, constants.W_OK);
      return null;
    } catch (e) {
      return (e as { code?: string }).code ?? 'error';
    }
  };
  const file = denied(path);
  if (file === 'EROFS') return 'it is on read-only media';
  // The owner's write bit is the user's own "read-only" switch; root ignores permissions, Keyward does not.
  if (file !== null || (statSync(path).mode & 0o200) === 0) return 'the vault file is read-only';
  const folder = denied(dirname(path));
  if (folder === 'EROFS') return 'it is on read-only media';
  if (folder !== null) return 'its folder is read-only';
  return null;
}

/** True when the file system holding `path` has no free block left. */
export function diskIsFull(path: string): boolean {
  try {
    return statfsSync(dirname(path)).bavail === 0;
  } catch {
    return false;
  }
}

/** Opens read-only; a WAL-mode file on read-only media without its -shm opens only immutable. */
function openReadOnly(path: string, readOnlyReason: string | null): Db {
  const db = new Database(path, withBinding({ readonly: true, fileMustExist: true }));
  try {
    db.prepare('SELECT 1 FROM sqlite_master LIMIT 1').get(); // SQLite opens the WAL index on the first read
    return db;
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    const cannotIndex = code === 'SQLITE_CANTOPEN' || code === 'SQLITE_FULL' || code.startsWith('SQLITE_IOERR');
    if (!cannotIndex || (readOnlyReason === null && !diskIsFull(path))) return db; // damage: quick_check names it
    db.close();
    return openPrivateCopy(path);
  }
}

/**
 * SQLite cannot build a WAL index (-shm) where it cannot write, so a vault on read-only
 * media is read from a private copy (0700 folder, 0600 files, still encrypted) in the
 * system's temp folder, removed when the connection closes or the process exits; a killed
 * process's copy is swept at the next read-only open.
 */
function openPrivateCopy(path: string): Db {
  const base = basename(path);
  sweepStaleTemps(tmpdir(), base);
  const dir = tempPathBeside(join(tmpdir(), base));
  mkdirSync(dir, { mode: 0o700 });
  const cleanup = () => rmSync(dir, { recursive: true, force: true });
  try {
    const copy = join(dir, base);
    copyFileSync(path, copy);
    if (existsSync(`${path}-wal`)) copyFileSync(`${path}-wal`, `${copy}-wal`);
    const db = new Database(copy, withBinding({ readonly: true, fileMustExist: true }));
    process.once('exit', cleanup);
    const close = db.close.bind(db);
    db.close = () => {
      close();
      cleanup();
      process.removeListener('exit', cleanup);
      return db;
    };
    return db;
  } catch (e) {
    cleanup();
    throw e;
  }
}

// The desktop shell's own build of better-sqlite3 for Electron's ABI; unset: the Node build
// in node_modules (the CLI, the tests). Set once at start-up, before any vault is opened.
let nativeBinding: string | undefined;

/** Points every connection at a better_sqlite3.node file (better-sqlite3's `nativeBinding` option). */
export function useNativeBinding(path: string | undefined): void {
  nativeBinding = path;
}

const withBinding = (options: Database.Options): Database.Options =>
  nativeBinding === undefined ? options : { ...options, nativeBinding };

/** Loads the native module on an in-memory database: the reason it cannot (missing, wrong ABI), or null. */
export function nativeBindingProblem(): string | null {
  try {
    new Database(':memory:', withBinding({})).close();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function readFileHeader(path: string): Buffer | null {
  if (statSync(path).size < 100) return null;
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(100);
    readSync(fd, buf, 0, 100, 0);
    return buf.toString('latin1', 0, 16) === SQLITE_MAGIC ? buf : null;
  } finally {
    closeSync(fd);
  }
}

// A SQLite file is a whole number of pages. A cut inside the last page can hide in
// its free space where quick_check does not look, so it is named here.
function partialPage(path: string, header: Buffer): string | null {
  const raw = header.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  const size = statSync(path).size;
  return pageSize >= 512 && size % pageSize !== 0
    ? `the file ends inside a page (${size} bytes, pages of ${pageSize}): it was cut short`
    : null;
}

// SECURITY: settings for a file that may have been tampered with (sqlite.org/security.html).
function applyDefensivePragmas(db: Db): void {
  db.pragma('trusted_schema = OFF');
  db.pragma('cell_size_check = ON');
  db.pragma('mmap_size = 0');
  db.pragma('busy_timeout = 10000');
}

/** Sets WAL + FULL + secure_delete and refuses to go on if SQLite did not take them. */
export function applyDurabilityPragmas(db: Db): void {
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  // better-sqlite3's SQLite drops WAL to synchronous=NORMAL by default; FULL is set explicitly.
  db.pragma('synchronous = FULL');
  db.pragma('secure_delete = ON');
  db.pragma('foreign_keys = ON');
  const sync = db.pragma('synchronous', { simple: true });
  const secureDelete = db.pragma('secure_delete', { simple: true });
  if (mode !== 'wal' || sync !== 2 || secureDelete !== 1) {
    throw new AppError(
      'INTERNAL',
      `SQLite refused the required settings (journal ${String(mode)}, synchronous ${String(sync)}).`,
    );
  }
}

/** Creates a new, empty database file. Refuses to touch an existing file. */
export function createDbFile(path: string): Db {
  if (existsSync(path)) throw new AppError('VAULT_EXISTS', `A file already exists at ${path}.`);
  // SECURITY: owner-only from the first byte; SQLite gives -wal and -shm the same mode.
  closeSync(openSync(path, 'wx', 0o600));
  const db = new Database(path, withBinding({ fileMustExist: true }));
  applyDefensivePragmas(db);
  applyDurabilityPragmas(db);
  return db;
}

/**
 * Opens an existing vault file. A damaged file is reopened read-only and reported
 * in `damage`; nothing is ever written over it. `accept` vets the file on the
 * read-only connection (is it a vault, not too new?) before anything may write.
 */
export function openDbFile(path: string, accept?: (db: Db) => void): OpenResult {
  if (!existsSync(path)) throw new AppError('VAULT_MISSING', `No vault at ${path}. Create one with "keyward init".`);
  const header = readFileHeader(path);
  if (!header) throw new AppError('NOT_A_VAULT', `${path} is not a Keyward vault (not a SQLite database).`);
  let readOnlyReason = readOnlyReasonOf(path);
  // SECURITY/durability: on a full disk SQLite cannot even build its WAL index; reads go on read-only.
  if (readOnlyReason === null && diskIsFull(path)) readOnlyReason = 'the disk is full';
  let db: Db;
  try {
    db = openReadOnly(path, readOnlyReason);
    applyDefensivePragmas(db);
  } catch (cause) {
    throw new AppError('VAULT_DAMAGED', `The vault at ${path} cannot be opened: it looks damaged.`, { cause });
  }
  const damage = partialPage(path, header) ?? quickCheck(db);
  try {
    // SECURITY: another app's database or a newer vault is refused before the read-write
    // open below, which would switch its journal to WAL (a write to a file that is not ours).
    refuseForeignSchemaObjects(db, path);
    accept?.(db);
  } catch (e) {
    db.close();
    throw mapSqliteError(e);
  }
  if (damage !== null) return { db, readOnly: true, damage, readOnlyReason };
  if (readOnlyReason !== null) return { db, readOnly: true, damage: null, readOnlyReason };
  db.close();
  db = new Database(path, withBinding({ fileMustExist: true }));
  applyDefensivePragmas(db);
  applyDurabilityPragmas(db);
  return { db, readOnly: false, damage: null, readOnlyReason: null };
}

/**
 * SECURITY: Keyward never creates a trigger or a view. One in the file (a crafted vault or
 * backup) could run SQL of its author's choosing on our writes or reads, so the file is
 * refused before any of Keyward's own SQL runs on it.
 */
function refuseForeignSchemaObjects(db: Db, path: string): void {
  let found: { type: string; name: string } | undefined;
  try {
    found = db.prepare(`SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') LIMIT 1`).get() as
      { type: string; name: string } | undefined;
  } catch {
    return; // an unreadable schema is damage, reported by quick_check
  }
  if (found) {
    throw new AppError(
      'INTEGRITY_ERROR',
      `The vault at ${path} holds a ${found.type} ("${found.name.slice(0, 60)}"), which Keyward never creates: the file was altered. It was not opened.`,
    );
  }
}

function quickCheck(db: Db): string | null {
  try {
    const rows = db.pragma('quick_check') as { quick_check: string }[];
    const first = rows[0]?.quick_check ?? 'no answer';
    return first === 'ok' ? null : first;
  } catch (e) {
    return e instanceof Error ? e.message : 'quick_check failed';
  }
}

/** Full integrity check, for tests and "keyward doctor"-style diagnostics. */
export function integrityCheck(db: Db): string {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  return rows.map((r) => r.integrity_check).join('; ');
}

/**
 * Removes deleted pages from the WAL as well as the main file (secure_delete alone does not).
 * A reader's open snapshot keeps the WAL's frames alive, so the checkpoint is retried a
 * bounded number of times, each waiting briefly. Returns true when the WAL was emptied.
 */
export function scrubWal(db: Db, opts: { attempts?: number; waitMs?: number } = {}): boolean {
  const attempts = opts.attempts ?? 8;
  const waitMs = opts.waitMs ?? 250;
  const saved = Number(db.pragma('busy_timeout', { simple: true }));
  db.pragma(`busy_timeout = ${waitMs}`);
  try {
    for (let i = 0; i < attempts; i++) {
      const r = (db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[])[0];
      if (r?.busy === 0) return true;
      if (i < attempts - 1) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs);
    }
    return false;
  } finally {
    db.pragma(`busy_timeout = ${saved}`);
  }
}

/** Maps SQLite's disk-full and I/O failures to errors a user can act on. */
export function mapSqliteError(e: unknown): unknown {
  const code = (e as { code?: unknown }).code;
  if (code === 'SQLITE_FULL')
    return new AppError('DISK_FULL', 'The disk is full: nothing was changed. Free some space and try again.', {
      cause: e,
    });
  if (code === 'SQLITE_READONLY')
    return new AppError('VAULT_READ_ONLY', 'The vault is read-only: nothing was changed.', { cause: e });
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return new AppError('VAULT_DAMAGED', 'The vault file is damaged: nothing was changed.', { cause: e });
  if (code === 'SQLITE_BUSY')
    return new AppError('INTERNAL', 'The vault is busy in another process; try again.', { cause: e });
  return e;
}

/**
 * What is at `path`, for a restore that would replace it: 'vault' (a SQLite file holding
 * Keyward's header table, or one too damaged to list its tables), 'sqlite' (another
 * program's database) or 'other'. Opened read-only; nothing is written.
 */
export function vaultFileKind(path: string): 'vault' | 'sqlite' | 'other' {
  if (readFileHeader(path) === null) return 'other';
  let db: Db | undefined;
  try {
    db = openReadOnly(path, readOnlyReasonOf(path));
    applyDefensivePragmas(db);
    return hasHeaderTable(db) ? 'vault' : 'sqlite';
  } catch {
    return 'vault'; // a damaged vault is what a restore is for
  } finally {
    db?.close();
  }
}

/**
 * Runs `fn` while holding the write lock of the vault at `path` (waiting for a write in
 * progress in another process), then releases it. A restore swaps the file inside: every
 * other process's next write takes this lock, then sees the file changed (Vault.write).
 * A file too damaged to lock is swapped without it (Keyward never writes a damaged vault).
 */
export function withWriteLock<T>(path: string, fn: () => T): T {
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: true });
    applyDefensivePragmas(db);
    db.exec('BEGIN IMMEDIATE');
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'SQLITE_BUSY') throw mapSqliteError(e);
    return fn();
  }
  try {
    return fn();
  } finally {
    db.exec('ROLLBACK');
    db.close();
  }
}
