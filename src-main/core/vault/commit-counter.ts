// Lost acknowledged writes: every write transaction counts itself in the vault (a sealed
// settings row) and, once committed, in a small sealed side file beside it
// (`vault.kw.commits` beside `vault.kw`, fsynced). A vault behind its side file lost commits it had
// acknowledged (a damaged WAL, or the file put back from an older copy): unlock says so.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { openJson, sealJson, slotAad } from '../crypto/aead.js';
import { createSettingsRepo } from '../db/settings.repo.js';
import { isAppError } from '../errors.js';
import { writeSideFile } from '../files/side-file.js';
import type { OpenVault as Vault } from './vault.types.js';

const ROW = 'vault.commits';
export const commitsPathFor = (vaultPath: string) => `${vaultPath}.commits`;

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

/** After the commit: records `n` beside the vault. A failure only weakens the next check, so it is not fatal. */
export function recordCommit(vault: Vault, n: number): boolean {
  const blob = sealJson(vault.sodium, vault.keys().settings, { n }, sideSlot(vault));
  const text = JSON.stringify({ format: 'keyward.commits', version: 1, sealed: Buffer.from(blob).toString('base64') });
  return writeSideFile(commitsPathFor(vault.path), text + '\n') === null;
}

/** After the vault key changed: the side file sealed again under the new key, with the vault's count. */
export function rewriteCommitFile(vault: Vault): void {
  recordCommit(vault, readRow(vault));
}

function readSide(vault: Vault): number | 'unreadable' | null {
  let text: string;
  try {
    text = readFileSync(commitsPathFor(vault.path), 'utf8');
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
