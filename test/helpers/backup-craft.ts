// Builds variants of a real backup the way someone holding its password could: the
// same header fields (or edited ones), a re-sealed description and snapshot cut into
// any pieces with any tags. Used to check that Keyward and the independent reader
// refuse exactly what docs/BACKUP-FORMAT.md refuses.
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { passwordBytes } from '../../src-main/core/crypto/kdf.js';
import { loadSodium } from '../../src-main/core/crypto/sodium.js';
import { openBackup } from '../../src-main/core/crypto/backup-seal.js';

export const TAG = { message: 0, push: 1, rekey: 2, final: 3 } as const;

export type Piece = { bytes: Uint8Array; tag: number };

export type Craft = {
  /** The description's bytes, from the original's parsed description. */
  meta?: (m: Record<string, unknown>) => string | Uint8Array;
  /** The snapshot's chunks (the default is Keyward's own: 65536-byte pieces, the last final). */
  pieces?: (snapshot: Buffer) => Piece[];
  /** The description chunk's tag (the default TAG_MESSAGE). */
  metaTag?: number;
  /** Edits the 92-byte header before sealing (it is the associated data of every chunk). */
  header?: (h: Buffer) => void;
};

/** Keyward's own layout: full 65536-byte pieces, the last (1..65536 bytes) final. */
export function standardPieces(snapshot: Buffer, size = 65536): Piece[] {
  const out: Piece[] = [];
  for (let at = 0; at < snapshot.length; at += size)
    out.push({ bytes: snapshot.subarray(at, at + size), tag: TAG.message });
  const last = out.at(-1);
  if (last) last.tag = TAG.final;
  return out;
}

export type Opened = { meta: Record<string, unknown>; metaText: string; snapshot: Buffer; header: Buffer };

/** Opens a good backup with Keyward's reader (the material the variants are made from). */
export async function openGood(file: string, password: string, dir: string): Promise<Opened> {
  const snapPath = join(dir, `craft-source-${process.pid}.db`);
  const fd = openSync(snapPath, 'w', 0o600);
  let metaBytes: Uint8Array;
  try {
    metaBytes = (await openBackup(file, password, fd)).meta;
  } finally {
    closeSync(fd);
  }
  const metaText = new TextDecoder().decode(metaBytes);
  return {
    meta: JSON.parse(metaText) as Record<string, unknown>,
    metaText,
    snapshot: readFileSync(snapPath),
    header: readFileSync(file).subarray(0, 92),
  };
}

const keys = new Map<string, Uint8Array>();

/** Writes to `out` a backup sealed under `password` (the good header's salt and Argon2 cost) as `craft` says. */
export async function craftBackup(good: Opened, password: string, out: string, craft: Craft = {}): Promise<void> {
  const sodium = await loadSodium();
  const h = Buffer.from(good.header);
  const cacheKey = `${password}\u0000${h.subarray(12, 36).toString('hex')}`;
  const key =
    keys.get(cacheKey) ??
    sodium.crypto_pwhash(
      32,
      passwordBytes(password),
      h.subarray(20, 36),
      h.readUInt32BE(12),
      h.readUInt32BE(16),
      sodium.crypto_pwhash_ALG_ARGON2ID13,
    );
  keys.set(cacheKey, key); // one Argon2 run per good backup, not one per variant
  const { state, header: streamHeader } = sodium.crypto_secretstream_xchacha20poly1305_init_push(key);
  h.set(streamHeader, 36);
  craft.header?.(h);
  const meta = craft.meta ? craft.meta({ ...good.meta }) : good.metaText;
  const metaBytes = typeof meta === 'string' ? new TextEncoder().encode(meta) : meta;
  const pieces = craft.pieces ? craft.pieces(good.snapshot) : standardPieces(good.snapshot);
  const parts: Buffer[] = [h];
  const push = (m: Uint8Array, tag: number) => {
    const ct = sodium.crypto_secretstream_xchacha20poly1305_push(state, m, h, tag);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(ct.length, 0);
    parts.push(len, Buffer.from(ct));
  };
  push(metaBytes, craft.metaTag ?? TAG.message);
  for (const p of pieces) push(p.bytes, p.tag);
  writeFileSync(out, Buffer.concat(parts), { mode: 0o600 });
}
