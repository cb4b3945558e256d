// Matches candidates against stored keys by keyed hash: the matcher holds only a random index key,
// short HMAC tags of the stored secrets and their lengths, never a value. The same shape serves the
// unlocked scan (tags made from the vault's secrets in memory) and the locked one (the index file).
import { createHmac, randomBytes } from 'node:crypto';
import { GLUE, TOKEN_RE } from './key-catalog.js';

export const TAG_BYTES = 12;
/** Shorter secrets are not indexed: an 8-character run matches too much that is not a key. */
export const MIN_INDEXED_LENGTH = 8;
/** Secrets made only of these characters can be found (every documented API key format is). */
export const FINDABLE = /^[A-Za-z0-9_\-.+/=~]+$/;

export type StoredRef = { keyId?: string; name?: string };

export type Matcher = {
  lengths: readonly number[];
  tagOf(value: string): string;
  lookup(tag: string): StoredRef | undefined;
  size: number;
};

export function tagWith(indexKey: Uint8Array, value: string): string {
  return createHmac('sha256', indexKey).update(value, 'utf8').digest().subarray(0, TAG_BYTES).toString('base64');
}

/** An unknown value's ref: URL-safe, so it can be typed back on a command line. */
export function refWith(refKey: Uint8Array, value: string): string {
  return createHmac('sha256', refKey).update(value, 'utf8').digest().toString('base64url');
}

export function newIndexKey(): Buffer {
  return randomBytes(32);
}

/** A matcher over tags already computed (the locked index) or over secrets (see fromSecrets). */
export function matcherFrom(indexKey: Uint8Array, entries: Map<string, StoredRef>, lengths: Iterable<number>): Matcher {
  const ls = [...new Set(lengths)].sort((a, b) => a - b);
  return {
    lengths: ls,
    tagOf: (v) => tagWith(indexKey, v),
    lookup: (t) => entries.get(t),
    size: entries.size,
  };
}

/** SECURITY: the values are hashed here and not kept; only tags and lengths remain. */
export function fromSecrets(
  secrets: Iterable<{ keyId: string; name: string; value: string }>,
  indexKey: Uint8Array = newIndexKey(),
): { matcher: Matcher; unfindable: number } {
  const entries = new Map<string, StoredRef>();
  const lengths: number[] = [];
  let unfindable = 0;
  for (const s of secrets) {
    const v = s.value.trim();
    if (v.length < MIN_INDEXED_LENGTH || !FINDABLE.test(v)) {
      unfindable++;
      continue;
    }
    const tag = tagWith(indexKey, v);
    if (!entries.has(tag)) entries.set(tag, { keyId: s.keyId, name: s.name });
    lengths.push(v.length);
  }
  return { matcher: matcherFrom(indexKey, entries, lengths), unfindable };
}

export type TokenAt = { text: string; column: number };

/** Every run of key characters on a line, however long the line (no cap). */
export function tokensOf(line: string, minLength: number): TokenAt[] {
  const out: TokenAt[] = [];
  for (const m of line.matchAll(TOKEN_RE)) if (m[0].length >= minLength) out.push({ text: m[0], column: m.index });
  return out;
}

export type StoredSpan = { start: number; end: number; ref: StoredRef };

/**
 * Stored keys inside one token: the whole token, or a piece of it that starts at its beginning or
 * after a glue character (`+`, `.`, `-`, ...) and ends at its end or before one, of a stored length.
 */
export function storedSpans(token: string, m: Matcher): StoredSpan[] {
  const hits: StoredSpan[] = [];
  const n = token.length;
  const min = m.lengths[0];
  if (min === undefined || n < min) return hits;
  for (let start = 0; start <= n - min; start++) {
    if (start > 0 && !GLUE.has(token[start - 1] as string)) continue;
    for (const len of m.lengths) {
      const end = start + len;
      if (end > n) break;
      if (end < n && !GLUE.has(token[end] as string)) continue;
      const ref = m.lookup(m.tagOf(token.slice(start, end)));
      if (ref) {
        hits.push({ start, end, ref });
        start = end - 1;
        break;
      }
    }
  }
  return hits;
}

export function storedIn(token: string, m: Matcher): StoredRef[] {
  return storedSpans(token, m).map((s) => s.ref);
}

/** A token with its glue characters trimmed at both ends (for catalog formats). */
export const trimGlue = (t: string): string => t.replace(/^[+.\-/=~]+/, '').replace(/[+.\-/=~]+$/, '');
