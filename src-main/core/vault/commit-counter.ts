// Lost acknowledged writes: every write transaction counts itself in the vault (a sealed
// settings row) and, once committed, in a small sealed side file beside it
// (`vault.kw.commits` beside `vault.kw`, fsynced). A vault behind its side file lost commits it had
// acknowledged (a damaged WAL, or the file put back from an older copy): unlock says so.
// A vault key rotation writes the side file under the new key to `vault.kw.commits.next` before
// its commit and renames it over `vault.kw.commits` after: whichever key a kill leaves in force,
// the next open keeps the file that opens under it (see settleNext).
import { readFileSync, renameSync, rmSync } from 'node:fs';
import { basename } from 'node:path';
import { openJson, sealJson, slotAad } from '../crypto/aead.js';
import { createSettingsRepo } from '../db/settings.repo.js';
import { isAppError } from '../errors.js';
import { writeSideFile } from '../files/side-file.js';
import type { OpenVault as Vault } from './vault.types.js';

const ROW = 'vault.commits';
export const commitsPathFor = (vaultPath: string) => `${vaultPath}.commits`;
/** The side file sealed under the next vault key, while a rotation commits. */
export const nextCommitsPathFor = (vaultPath: string) => `${vaultPath}.commits.next`;

type Count = { n: number };

const rowSlot = (v: Vault) => slotAad({ vaultId: v.vaultId, table: 'settings', field: 'value', recordId: ROW });
const sideSlot = (v: Vault) => slotAad({ vaultId: v.vaultId, table: 'side-file', field: 'commits', recordId: '1' });

function readRow(vault: Vault): number {
  const blob = createSettingsRepo(vault.db).get(ROW);
  if (!blob) return 0;
  const c = openJson(vault.sodium, vault.keys().settings, blob, rowSlot(vault), 'the commit counter') as Count;
  return Number.isSafeInteger(c.n) ? c.n : 0;
}

/** Inside a write's transaction: counts it. Returns the new count. */
export function countCommit(vault: Vault, at: string): number {
  let n: number;
  try {
    n = readRow(vault) + 1;
  } catch (e) {
    if (!isAppError(e)) throw e;
    n = 1; // an unreadable counter row starts again (the manifest reports tampering)
  }
  const blob = sealJson(vault.sodium, vault.keys().settings, { n }, rowSlot(vault));
  createSettingsRepo(vault.db).put(ROW, blob, at);
  return n;
}

function sideText(vault: Vault, n: number): string {
  const blob = sealJson(vault.sodium, vault.keys().settings, { n }, sideSlot(vault));
  return JSON.stringify({ format: 'keyward.commits', version: 1, sealed: Buffer.from(blob).toString('base64') }) + '\n';
}

/** After the commit: records `n` beside the vault. A failure only weakens the next check, so it is not fatal. */
export function recordCommit(vault: Vault, n: number): boolean {
  return writeSideFile(commitsPathFor(vault.path), sideText(vault, n)) === null;
}

/** After the vault key changed: the side file sealed again under the new key, with the vault's count. */
export function rewriteCommitFile(vault: Vault): void {
  recordCommit(vault, readRow(vault));
}

/**
 * Before a rotation's commit: the side file under the new key (`to`) with the count read under
 * the old one (`from`; a rotation does not count itself), written to `.commits.next` (0600, fsync).
 */
export function prepareCommitFile(from: Vault, to: Vault): void {
  writeSideFile(nextCommitsPathFor(to.path), sideText(to, readRow(from)));
}

/** After a rotation's commit: `.commits.next` replaces `.commits` (or, if another open took it, a rewrite). */
export function adoptCommitFile(to: Vault): void {
  try {
    renameSync(nextCommitsPathFor(to.path), commitsPathFor(to.path));
  } catch {
    rewriteCommitFile(to);
  }
}

function readSealed(vault: Vault, path: string): number | 'unreadable' | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const doc = JSON.parse(text) as { format?: unknown; sealed?: unknown };
    if (doc.format !== 'keyward.commits' || typeof doc.sealed !== 'string') return 'unreadable';
    const blob = new Uint8Array(Buffer.from(doc.sealed, 'base64'));
    const c = openJson(vault.sodium, vault.keys().settings, blob, sideSlot(vault), 'the commit counter file') as Count;
    return Number.isSafeInteger(c.n) ? c.n : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

/**
 * A `.commits.next` left by a rotation killed around its commit: if it opens under the key in
 * force the rotation committed and it is the side file (adopted by rename); if not, the rotation
 * did not commit and it is deleted. A read-only open only reads it.
 */
function settleNext(vault: Vault): number | 'unreadable' | null | undefined {
  const next = nextCommitsPathFor(vault.path);
  const n = readSealed(vault, next);
  if (n === null) return undefined;
  if (vault.readOnly) return n === 'unreadable' ? undefined : n;
  try {
    if (n === 'unreadable') rmSync(next, { force: true });
    else renameSync(next, commitsPathFor(vault.path));
  } catch {
    // another open settled it first
  }
  return undefined;
}

function readSide(vault: Vault): number | 'unreadable' | null {
  const next = settleNext(vault);
  if (next !== undefined) return next;
  return readSealed(vault, commitsPathFor(vault.path));
}

/**
 * At unlock: compares the vault's count with the side file. Returns a warning fit for the
 * user, or null. A side file behind the vault (the last write's record was lost) is brought up to date.
 */
export function checkCommitCounter(vault: Vault): string | null {
  if (vault.damage !== null) return null; // reported on its own; its pages may not read
  // The side file first, then the vault: a count in the side file was written after its commit,
  // so the vault read afterwards holds at least that count unless writes were lost. Read the other
  // way round, another process committing in between looked like a lost commit.
  const side = readSide(vault);
  let inVault: number;
  try {
    inVault = readRow(vault);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return 'The vault\u2019s commit counter does not open: the file was edited outside Keyward.';
  }
  if (side === 'unreadable')
    return `The commit counter beside the vault (${basename(commitsPathFor(vault.path))}) does not open: it was edited, or it belongs to another vault. The next change rewrites it.`;
  if (side !== null && side > inVault) {
    const missing = side - inVault;
    return `The vault is ${missing} change(s) behind its commit counter: ${missing} acknowledged write(s) are missing (a damaged -wal file, or the vault file was put back from an older copy). Check your keys against a backup; the next change you make accepts the vault as it is.`;
  }
  if ((side === null || side < inVault) && !vault.readOnly) recordCommit(vault, inVault);
  return null;
}
