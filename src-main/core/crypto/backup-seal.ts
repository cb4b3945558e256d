// The sealed backup file (docs/BACKUP-FORMAT.md): a 92-byte header (magic, version,
// Argon2id parameters and salt, secretstream header, key check) followed by
// length-prefixed chunks of crypto_secretstream_xchacha20poly1305. Chunk 1 is a
// small JSON description, the rest the SQLite snapshot; the last carries TAG_FINAL.
// Truncation, reordering, dropped or flipped bytes all fail authentication.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { AppError } from '../errors.js';
import { deriveKek } from './kdf-worker.js';
import {
  KDF_ALG,
  KDF_VERSION,
  SALT_BYTES,
  checkKdfParams,
  passwordBytes,
  type KdfCost,
  type KdfParams,
} from './kdf.js';
import { loadSodium, type Sodium } from './sodium.js';

export const BACKUP_MAGIC = 'KWBACKUP';
export const BACKUP_VERSION = 1;
export const BACKUP_HEADER_BYTES = 92;
export const BACKUP_CHUNK_BYTES = 64 * 1024;
/** The description's plaintext is at most 16 KiB; its chunk is that plus the 17-byte overhead. */
const MAX_META_BYTES = 16 * 1024;
const ALG_ARGON2ID13 = 2;
const CHECK_CONTEXT = 'keyward-backup-check-v1';

type Header = { params: KdfParams; streamHeader: Uint8Array; check: Uint8Array; bytes: Uint8Array };

function keyCheck(sodium: Sodium, key: Uint8Array): Uint8Array {
  return sodium.crypto_generichash(32, new TextEncoder().encode(CHECK_CONTEXT), key);
}

function encodeHeader(params: KdfParams, streamHeader: Uint8Array, check: Uint8Array): Uint8Array {
  const b = Buffer.alloc(BACKUP_HEADER_BYTES);
  b.write(BACKUP_MAGIC, 0, 'latin1');
  b[8] = BACKUP_VERSION;
  b[9] = ALG_ARGON2ID13;
  b[10] = params.kdfVersion;
  b[11] = 0;
  b.writeUInt32BE(params.opsLimit, 12);
  b.writeUInt32BE(params.memLimitBytes, 16);
  b.set(params.salt, 20);
  b.set(streamHeader, 36);
  b.set(check, 60);
  return new Uint8Array(b);
}

/** True when these first bytes are the magic, or all of a file that ends inside it. */
const startsLikeBackup = (b: Buffer): boolean =>
  b.subarray(0, 8).equals(Buffer.from(BACKUP_MAGIC, 'latin1').subarray(0, Math.min(b.length, 8)));

/**
 * True when the file starts with the backup magic, or is 1 to 7 bytes of its start (a
 * backup cut inside the magic, which reading then reports as truncated).
 */
export function isBackupFile(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(8);
    const n = readSync(fd, b, 0, 8, 0);
    return n > 0 && startsLikeBackup(b.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

function decodeHeader(b: Buffer): Header {
  // A file that ends inside the magic (an empty one too) is a truncated backup, as 8-91 bytes are.
  if (!startsLikeBackup(b))
    throw new AppError('BAD_INPUT', 'This is not a Keyward backup (its first bytes are not the backup magic).');
  if (b.length < BACKUP_HEADER_BYTES)
    throw new AppError(
      'INTEGRITY_ERROR',
      `The backup is truncated: it is cut short inside its header (${b.length} of ${BACKUP_HEADER_BYTES} bytes).`,
    );
  if (b[8] !== BACKUP_VERSION)
    throw new AppError(
      'VAULT_TOO_NEW',
      `This backup has format version ${String(b[8])}; this Keyward reads version 1.`,
    );
  if (b[11] !== 0)
    throw new AppError(
      'VAULT_TOO_NEW',
      `This backup sets its reserved header byte (${String(b[11])}); version 1 backups leave it 0.`,
    );
  if (b[9] !== ALG_ARGON2ID13) throw new AppError('KDF_PARAMS_REFUSED', 'The backup names an unknown key derivation.');
  const params: KdfParams = {
    alg: KDF_ALG,
    kdfVersion: b[10] ?? 0,
    opsLimit: b.readUInt32BE(12),
    memLimitBytes: b.readUInt32BE(16),
    salt: new Uint8Array(b.subarray(20, 36)),
  };
  checkKdfParams(params, "The backup's"); // SECURITY: before any derivation (downgrade and DoS)
  return {
    params,
    streamHeader: new Uint8Array(b.subarray(36, 60)),
    check: new Uint8Array(b.subarray(60, 92)),
    bytes: new Uint8Array(b.subarray(0, BACKUP_HEADER_BYTES)),
  };
}

function writeAll(fd: number, data: Uint8Array): void {
  let off = 0;
  while (off < data.length) off += writeSync(fd, data, off, data.length - off);
}

function frame(fd: number, ct: Uint8Array): void {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(ct.length, 0);
  writeAll(fd, len);
  writeAll(fd, ct);
}

/**
 * Seals `meta` and then the bytes of the file `snapshotPath` into the open file `outFd`,
 * under a key derived from `password` with a fresh salt at `cost`.
 */
export async function sealBackup(
  outFd: number,
  snapshotPath: string,
  meta: Uint8Array,
  password: string,
  cost: KdfCost,
): Promise<void> {
  if (meta.length > MAX_META_BYTES) throw new AppError('INTERNAL', 'The backup description is too long.');
  const sodium = await loadSodium();
  const params: KdfParams = {
    alg: KDF_ALG,
    kdfVersion: KDF_VERSION,
    salt: sodium.randombytes_buf(SALT_BYTES),
    ...cost,
  };
  checkKdfParams(params);
  const key = await deriveKek(passwordBytes(password), params);
  const inFd = openSync(snapshotPath, 'r');
  try {
    const { state, header: streamHeader } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
    const header = encodeHeader(params, streamHeader, keyCheck(sodium, key));
    writeAll(outFd, header);
    const TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
    const TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
    frame(outFd, sodium.crypto_secretstream_xchacha20poly1305_push(state, meta, header, TAG_MESSAGE));
    // Read one chunk ahead so the last one carries TAG_FINAL.
    const buf = Buffer.alloc(BACKUP_CHUNK_BYTES);
    let pending: Uint8Array | null = null;
    for (;;) {
      const n = readSync(inFd, buf, 0, BACKUP_CHUNK_BYTES, null);
      if (n === 0) break;
      if (pending !== null)
        frame(outFd, sodium.crypto_secretstream_xchacha20poly1305_push(state, pending, header, TAG_MESSAGE));
      pending = Uint8Array.from(buf.subarray(0, n));
    }
    // A SQLite file is never empty; a reader refuses an empty final piece.
    if (pending === null) throw new AppError('INTERNAL', 'The vault snapshot is empty: nothing was backed up.');
    frame(outFd, sodium.crypto_secretstream_xchacha20poly1305_push(state, pending, header, TAG_FINAL));
  } finally {
    closeSync(inFd);
    sodium.memzero(key);
  }
}

/**
 * The layout every chunk must have, checked once it authenticates: the description is
 * TAG_MESSAGE; a snapshot piece is exactly 65536 bytes with TAG_MESSAGE, or 1 to 65536
 * bytes with TAG_FINAL (so one snapshot has one layout, and no empty final chunk).
 */
function checkChunk(index: number, tag: number, bytes: number, sodium: Sodium): void {
  const TAG_MESSAGE = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
  const TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
  const damaged = (why: string): never => {
    throw new AppError('INTEGRITY_ERROR', `The backup is damaged: chunk ${index + 1} ${why}.`);
  };
  if (index === 0) {
    if (tag === TAG_FINAL) damaged('(the description) ends the backup: it holds no database');
    if (tag !== TAG_MESSAGE) damaged(`(the description) has tag ${tag}, not TAG_MESSAGE`);
    return;
  }
  if (tag === TAG_MESSAGE) {
    if (bytes !== BACKUP_CHUNK_BYTES) damaged(`holds ${bytes} bytes; every piece but the last holds 65536`);
  } else if (tag !== TAG_FINAL) damaged(`has tag ${tag}, neither TAG_MESSAGE nor TAG_FINAL`);
}

export type OpenedBackup = { meta: Uint8Array; databaseBytes: number };

/**
 * Opens a sealed backup: checks the password, authenticates every chunk and writes
 * the snapshot to the open file `outFd`. Nothing is trusted before the final tag.
 */
export async function openBackup(path: string, password: string, outFd: number): Promise<OpenedBackup> {
  const sodium = await loadSodium();
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(BACKUP_HEADER_BYTES);
    const got = readSync(fd, head, 0, BACKUP_HEADER_BYTES, 0);
    const header = decodeHeader(head.subarray(0, got));
    const key = await deriveKek(passwordBytes(password), header.params);
    try {
      if (!sodium.memcmp(keyCheck(sodium, key), header.check))
        throw new AppError('WRONG_PASSWORD', 'Wrong password for this backup.');
      const state = sodium.crypto_secretstream_xchacha20poly1305_init_pull(header.streamHeader, key);
      const TAG_FINAL = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL;
      const ABYTES = sodium.crypto_secretstream_xchacha20poly1305_ABYTES;
      let pos = BACKUP_HEADER_BYTES;
      let index = 0;
      let meta: Uint8Array | null = null;
      let databaseBytes = 0;
      const lenBuf = Buffer.alloc(4);
      for (;;) {
        const n = readSync(fd, lenBuf, 0, 4, pos);
        if (n === 0) throw new AppError('INTEGRITY_ERROR', 'The backup is truncated: its final chunk is missing.');
        if (n !== 4) throw new AppError('INTEGRITY_ERROR', `The backup is truncated inside chunk ${index + 1}.`);
        const len = lenBuf.readUInt32BE(0);
        // SECURITY: refused before anything is allocated or decrypted (a length is not authenticated yet).
        const [min, max] = index === 0 ? [ABYTES, MAX_META_BYTES + ABYTES] : [ABYTES + 1, BACKUP_CHUNK_BYTES + ABYTES];
        if (len < min || len > max)
          throw new AppError(
            'INTEGRITY_ERROR',
            `The backup is damaged: chunk ${index + 1} has an impossible length (${len} bytes; ${min} to ${max} here).`,
          );
        const ct = Buffer.alloc(len);
        if (readSync(fd, ct, 0, len, pos + 4) !== len)
          throw new AppError('INTEGRITY_ERROR', `The backup is truncated inside chunk ${index + 1}.`);
        pos += 4 + len;
        const res = sodium.crypto_secretstream_xchacha20poly1305_pull(state, ct, header.bytes);
        if (res === false)
          throw new AppError(
            'INTEGRITY_ERROR',
            `The backup is damaged or was altered: chunk ${index + 1} fails its integrity check.`,
          );
        checkChunk(index, res.tag, res.message.length, sodium);
        if (index === 0) meta = res.message;
        else {
          writeAll(outFd, res.message);
          databaseBytes += res.message.length;
        }
        index++;
        if (res.tag === TAG_FINAL) {
          if (readSync(fd, lenBuf, 0, 1, pos) !== 0)
            throw new AppError('INTEGRITY_ERROR', 'The backup is damaged: bytes follow its final chunk.');
          return { meta: meta ?? new Uint8Array(0), databaseBytes };
        }
      }
    } finally {
      sodium.memzero(key);
    }
  } finally {
    closeSync(fd);
  }
}
