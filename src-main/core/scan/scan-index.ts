// The locked-state scan index beside the vault (`VAULT.scan-index`), so a pre-commit hook can find
// stored keys while the vault is locked: a random index key, a 12-byte HMAC-SHA-256 tag of each
// stored secret and the set of their lengths; key ids and names only with --with-names.
// docs/VAULT-FORMAT.md says what it reveals. Written atomically, 0600, only when its content changes.
import { readFileSync, existsSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { writeSideFile } from '../files/side-file.js';
import type { Inventory } from '../inventory/inventory.service.js';
import {
  fromSecrets,
  matcherFrom,
  newIndexKey,
  tagWith,
  FINDABLE,
  MIN_INDEXED_LENGTH,
  type Matcher,
  type StoredRef,
} from './scan-matcher.js';

export const scanIndexPathFor = (vaultPath: string): string => `${vaultPath}.scan-index`;

const IndexSchema = z.strictObject({
  format: z.literal('keyward.scan-index'),
  version: z.literal(1),
  withNames: z.boolean(),
  key: z.string(),
  lengths: z.array(z.number().int()),
  entries: z.array(z.strictObject({ tag: z.string(), keyId: z.string().optional(), name: z.string().optional() })),
});
type IndexFile = z.output<typeof IndexSchema>;

function readIndex(path: string): IndexFile | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return IndexSchema.parse(JSON.parse(text));
  } catch (cause) {
    throw new AppError('INTEGRITY_ERROR', `The scan index ${path} is damaged: run keyward hook install again.`, {
      cause,
    });
  }
}

export const hasScanIndex = (vaultPath: string): boolean => existsSync(scanIndexPathFor(vaultPath));

/**
 * The matcher of a locked scan; NOT_FOUND (exit 2, as docs/SCAN.md says) when there is no index to
 * read: the password is not what is missing, so it is not the wrong-password status.
 */
export function lockedMatcher(vaultPath: string): { matcher: Matcher; withNames: boolean } {
  const path = scanIndexPathFor(vaultPath);
  const idx = readIndex(path);
  if (idx === null)
    throw new AppError(
      'NOT_FOUND',
      `There is no scan index beside the vault (${path}), so a locked scan cannot run: write it once, unlocked, with keyward hook install or keyward scan --write-index.`,
    );
  const entries = new Map<string, StoredRef>(
    idx.entries.map((e) => [e.tag, { ...(e.keyId ? { keyId: e.keyId } : {}), ...(e.name ? { name: e.name } : {}) }]),
  );
  return { matcher: matcherFrom(Buffer.from(idx.key, 'base64'), entries, idx.lengths), withNames: idx.withNames };
}

/**
 * Writes (or refreshes) the index from the vault's secrets. `withNames` undefined keeps the file's
 * choice. Returns null, or why it could not be written. SECURITY: secrets are hashed and dropped here.
 */
export function writeScanIndex(
  vaultPath: string,
  inventory: Inventory,
  opts: { withNames?: boolean; create?: boolean } = {},
): { problem: string | null; written: boolean; entries: number } {
  const path = scanIndexPathFor(vaultPath);
  const old = readIndexQuiet(path);
  if (old === null && !opts.create) return { problem: null, written: false, entries: 0 };
  const withNames = opts.withNames ?? old?.withNames ?? false;
  const key = old ? Buffer.from(old.key, 'base64') : newIndexKey();
  const entries: IndexFile['entries'] = [];
  const lengths = new Set<number>();
  for (const k of inventory.list().keys) {
    const value = inventory.secretFor(k.id).value.trim();
    if (value.length < MIN_INDEXED_LENGTH || !FINDABLE.test(value)) continue;
    lengths.add(value.length);
    entries.push({ tag: tagWith(key, value), ...(withNames ? { keyId: k.id, name: k.name } : {}) });
  }
  // Sorted by tag: the order tells nothing about when a key was added.
  entries.sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  const file: IndexFile = {
    format: 'keyward.scan-index',
    version: 1,
    withNames,
    key: key.toString('base64'),
    lengths: [...lengths].sort((a, b) => a - b),
    entries,
  };
  const text = JSON.stringify(file);
  let written = true;
  const problem = writeSideFile(path, text, (existing) => {
    written = existing !== text;
    return !written;
  });
  return { problem, written: problem === null && written, entries: entries.length };
}

function readIndexQuiet(path: string): IndexFile | null {
  try {
    return readIndex(path);
  } catch {
    return null; // a damaged index is rewritten with a new key
  }
}

/** The matcher of an unlocked scan, from the vault's secrets under a fresh random key. */
export function unlockedMatcher(inventory: Inventory): { matcher: Matcher; unfindable: number } {
  return fromSecrets(
    inventory.list().keys.map((k) => ({ keyId: k.id, name: k.name, value: inventory.secretFor(k.id).value })),
  );
}
