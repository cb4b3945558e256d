// Raw access to a vault file from outside the core, the way an attacker or a disk
// fault would change it: plain better-sqlite3 on the file, byte edits, snapshots.
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
// eslint-disable-next-line no-restricted-imports -- tests tamper with the file from outside the core, as an attacker would
import Database from 'better-sqlite3';

export type RawDb = Database.Database;

export function withRawDb<T>(path: string, fn: (db: RawDb) => T): T {
  const db = new Database(path);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

/** A SQLite database of some other application (not a vault), in rollback-journal mode. */
export function createForeignDb(path: string): void {
  withRawDb(path, (db) =>
    db.exec(`CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('hello')`),
  );
}

/** A copy of `blob` with the bits of `mask` flipped at `index`. */
export function flipped(blob: Uint8Array, index: number, mask = 0x01): Buffer {
  const out = Buffer.from(blob);
  out[index] = (out[index] ?? 0) ^ mask;
  return out;
}

export function getBlob(db: RawDb, table: string, column: string, id: string): Buffer {
  const row = db.prepare(`SELECT ${column} AS b FROM ${table} WHERE id = ?`).get(id) as { b: Buffer } | undefined;
  if (!row) throw new Error(`no row ${id} in ${table}`);
  return row.b;
}

export function setBlob(db: RawDb, table: string, column: string, id: string, value: Uint8Array): void {
  const info = db.prepare(`UPDATE ${table} SET ${column} = ? WHERE id = ?`).run(value, id);
  if (info.changes !== 1) throw new Error(`no row ${id} in ${table}`);
}

export const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Content hash and mtime of a file, to prove that nothing wrote to it. */
export function snapshot(path: string): { hash: string; mtimeMs: number; size: number } {
  const st = statSync(path);
  return { hash: sha256(readFileSync(path)), mtimeMs: st.mtimeMs, size: st.size };
}

/** SHA-256 of every row of `table`, by id, in a stable column order. */
export function rowHashes(path: string, table: string): Map<string, string> {
  return withRawDb(path, (db) => {
    const rows = db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
    const enc = (v: unknown) =>
      v instanceof Uint8Array ? `b:${Buffer.from(v).toString('hex')}` : `v:${JSON.stringify(v)}`;
    return new Map(
      rows.map((r, i) => [
        String(r.id ?? r.name ?? i),
        sha256(
          Object.keys(r)
            .sort()
            .map((k) => `${k}=${enc(r[k])}`)
            .join('\n'),
        ),
      ]),
    );
  });
}

/** Small seeded PRNG (mulberry32), so a failing random run can be replayed from its seed. */
export function rng(seed: number): { next: () => number; int: (lo: number, hi: number) => number } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)) };
}
