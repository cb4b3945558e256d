// T-3: the manifest of a vault's sealed rows. Each blob is sealed on its own, so removing
// a row, adding one, or putting back an older copy of a row or of one blob leaves every
// other record readable; the manifest notices. Per table it holds a keyed digest of
// every row's id, revision and blob identities (nonce and tag), sealed under the vault
// key, and is updated in the same transaction as every write. Residual: a whole file
// copied back from earlier carries its own earlier manifest; that is not detected.
import { openJson, sealJson, slotAad } from '../crypto/aead.js';
import {
  MANIFEST_TABLE_NAMES,
  hasManifestTable,
  keyRevisions,
  manifestLines,
  markAllChanged,
  readManifest,
  takeChanged,
  writeManifest,
  type ManifestTable,
} from '../db/manifest.repo.js';
import { schemaVersion } from '../db/migrations/index.js';
import { isAppError } from '../errors.js';
import type { OpenVault as Vault } from './vault.types.js';

type Section = { rows: number; digest: string };
/** `suspect`: the tables that failed a check, carried until a real change to each accepts it (never a read). */
type ManifestV2 = { v: 2; tables: Record<ManifestTable, Section>; suspect?: Suspect };
type Suspect = Partial<Record<ManifestTable, string>>;
/** Schema 50's manifest: the keys' `id:revision` only, unkeyed digest. Read once, at the upgrade. */
type ManifestV1 = { keys: number; digest: string };

const slot = (vault: Vault) => slotAad({ vaultId: vault.vaultId, table: 'manifest', field: 'data', recordId: '1' });
const enc = (s: string) => new TextEncoder().encode(s);

function section(vault: Vault, table: ManifestTable): Section {
  const { rows, text } = manifestLines(vault.db, table);
  const digest = vault.sodium.crypto_generichash(
    32,
    enc(`keyward-manifest-v2\n${table}\n${text}`),
    vault.keys().manifest,
  );
  return { rows, digest: vault.sodium.to_hex(digest) };
}

function currentV1(vault: Vault): ManifestV1 {
  const { rows, text } = keyRevisions(vault.db);
  const digest = vault.sodium.crypto_generichash(32, enc(`keyward-manifest-v1\n${text}`), null);
  return { keys: rows, digest: vault.sodium.to_hex(digest) };
}

function isV2(m: unknown): m is ManifestV2 {
  if (typeof m !== 'object' || m === null || (m as { v?: unknown }).v !== 2) return false;
  const tables = (m as { tables?: unknown }).tables;
  return typeof tables === 'object' && tables !== null && MANIFEST_TABLE_NAMES.every((t) => t in tables);
}

function openSealed(vault: Vault, sealed: Uint8Array): unknown {
  return openJson(vault.sodium, vault.keys().records, sealed, slot(vault), 'the manifest');
}

function write(vault: Vault, tables: Record<ManifestTable, Section>, at: string): void {
  const m: ManifestV2 = { v: 2, tables };
  if (Object.keys(vault.suspect).length > 0) m.suspect = vault.suspect;
  writeManifest(vault.db, sealJson(vault.sodium, vault.keys().records, m, slot(vault)), at);
}

/**
 * Inside a write's transaction: updates the parts of the manifest whose tables the write changed.
 * SECURITY: a table that failed the check stays failed (`suspect`) unless `accept` (a real change
 * to that table, not a read's history entry) says the user's change accepts it as it is.
 */
export function updateManifestIfChanged(vault: Vault, at: string, accept = false): void {
  const changed = takeChanged(vault.db);
  if (changed.size === 0) return;
  if (accept) for (const t of changed) delete vault.suspect[t];
  let previous: ManifestV2 | null = null;
  if (changed.size < MANIFEST_TABLE_NAMES.length) {
    const sealed = readManifest(vault.db);
    try {
      const m = sealed === undefined ? null : openSealed(vault, sealed);
      previous = isV2(m) ? m : null;
    } catch (e) {
      if (!isAppError(e)) throw e;
    }
  }
  const tables = {} as Record<ManifestTable, Section>;
  for (const t of MANIFEST_TABLE_NAMES) {
    const kept = previous?.tables[t];
    tables[t] = changed.has(t) || !kept ? section(vault, t) : kept;
  }
  write(vault, tables, at);
}

/** Writes the manifest of the rows as they are, inside the caller's transaction (migration 60). */
export function rewriteManifestNow(vault: Vault): void {
  markAllChanged(vault.db);
  updateManifestIfChanged(vault, new Date().toISOString());
}

/** Writes the manifest of the rows as they are, in its own transaction. */
export function writeFreshManifest(vault: Vault): void {
  vault.write(() => markAllChanged(vault.db), { accept: false });
}

const NOUN: Record<ManifestTable, string> = {
  keys: 'key record',
  settings: 'setting',
  rotations: 'rotation run',
  checklist_templates: 'checklist template',
  checklist_runs: 'checklist run',
};

function difference(table: ManifestTable, now: number, recorded: number): string {
  const noun = NOUN[table];
  if (now < recorded) return `${recorded - now} ${noun}(s) are missing`;
  if (now > recorded) return `${now - recorded} ${noun}(s) were added`;
  return `a ${noun} was replaced: an older copy of it put back, or a row from elsewhere`;
}

const mismatch = (diff: string) =>
  `The vault's records do not match its manifest (${diff}): the file was edited outside Keyward, or part of it was restored from an older copy. Until you accept it, no secret of a key is revealed while the key records fail, and every unlock warns again. Check your keys against a backup; then a change to the table that failed (keyward edit, add or rm for key records) accepts it as it is (a reveal, read or run never does).`;

/** The failures the manifest carries from an earlier check (kept only if well formed). */
function carried(m: ManifestV2): Suspect {
  const out: Suspect = {};
  if (typeof m.suspect !== 'object' || m.suspect === null) return out;
  for (const t of MANIFEST_TABLE_NAMES) {
    const why = (m.suspect as Record<string, unknown>)[t];
    if (typeof why === 'string') out[t] = why;
  }
  return out;
}

const UNREADABLE =
  'The vault\u2019s manifest does not open: the file was edited outside Keyward. Check your keys against a backup.';

type Found = { sealed: Uint8Array | undefined; warning: string | null; suspect: Suspect };

// Reads the manifest and the rows it describes in one snapshot: another process committing
// between the two reads would look like a mismatch.
function compare(vault: Vault, schema: number): Found {
  const sealed = readManifest(vault.db);
  if (sealed === undefined) return { sealed, warning: null, suspect: {} };
  let recorded: unknown;
  try {
    recorded = openSealed(vault, sealed);
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { sealed, warning: UNREADABLE, suspect: { keys: 'the manifest does not open' } };
  }
  if (isV2(recorded)) {
    const suspect = carried(recorded);
    for (const t of MANIFEST_TABLE_NAMES) {
      const now = section(vault, t);
      const was = recorded.tables[t];
      if (now.digest !== was.digest) suspect[t] = difference(t, now.rows, was.rows);
    }
    const diffs = Object.values(suspect);
    return { sealed, warning: diffs.length === 0 ? null : mismatch(diffs.join('; ')), suspect };
  }
  // SECURITY: the schema-50 form is accepted only from a schema-50 file (no downgrade to the weaker check).
  const v1 = recorded as Partial<ManifestV1>;
  if (schema >= 60 || typeof v1.digest !== 'string' || typeof v1.keys !== 'number')
    return { sealed, warning: UNREADABLE, suspect: { keys: 'the manifest does not open' } };
  const now = currentV1(vault);
  if (now.digest === v1.digest) return { sealed, warning: null, suspect: {} };
  const diff = difference('keys', now.keys, v1.keys);
  return { sealed, warning: mismatch(diff), suspect: { keys: diff } };
}

/**
 * Compares the rows with the manifest, before any migration runs. Returns a warning fit
 * for the user, or null when they match (or the file is damaged: that is reported on its
 * own). A vault made before manifests gets one from migration 50/60.
 */
export function checkManifest(vault: Vault): string | null {
  // A damaged file is open read-only and already reported; its pages may not even read.
  if (vault.damage !== null) return null;
  const schema = schemaVersion(vault.db);
  if (schema < 50 || !hasManifestTable(vault.db)) return null;
  const found = vault.db.transaction(() => compare(vault, schema))();
  vault.suspect = found.suspect;
  if (found.sealed !== undefined) return found.warning;
  // A schema-50 vault created and killed before its first manifest gets one; from 60 on the
  // manifest is written with the header, so its absence means it was deleted.
  if (schema >= 60) {
    vault.suspect = { keys: 'the manifest itself is missing' };
    if (!vault.readOnly) writeFreshManifest(vault);
    return mismatch('the manifest itself is missing');
  }
  return null;
}
