// T-3: the manifest of a vault's keys. Each key record is sealed on its own, so removing
// a row, adding one, or putting back an older copy of one leaves every other record
// readable; the manifest notices. It holds a digest of every key's `id:revision`,
// sealed under the vault key (so it cannot be recomputed by someone editing the file),
// and is rewritten in the same transaction as every write. Residual: a whole file
// copied back from earlier carries its own earlier manifest; that is not detected.
import { openJson, sealJson, slotAad } from '../crypto/aead.js';
import { keyRevisions, markKeysChanged, readManifest, takeKeysChanged, writeManifest } from '../db/manifest.repo.js';
import { isAppError } from '../errors.js';
import type { Vault } from './vault.js';

type Manifest = { keys: number; digest: string };

const slot = (vault: Vault) => slotAad({ vaultId: vault.vaultId, table: 'manifest', field: 'data', recordId: '1' });

function current(vault: Vault): Manifest {
  const { rows, text } = keyRevisions(vault.db);
  const bytes = new TextEncoder().encode(`keyward-manifest-v1\n${text}`);
  return { keys: rows, digest: vault.sodium.to_hex(vault.sodium.crypto_generichash(32, bytes, null)) };
}

/** Inside a write's transaction: rewrites the manifest when the write changed key rows. */
export function updateManifestIfKeysChanged(vault: Vault, at: string): void {
  if (!takeKeysChanged(vault.db)) return;
  writeManifest(vault.db, sealJson(vault.sodium, vault.keys().records, current(vault), slot(vault)), at);
}

/** Writes the manifest of the rows as they are (a new vault, or one made before manifests). */
export function writeFreshManifest(vault: Vault): void {
  vault.write(() => markKeysChanged(vault.db));
}

/**
 * Compares the rows with the manifest. Returns a warning fit for the user, or null when
 * they match (or the file is damaged: that is reported on its own). A vault that has no
 * manifest yet (made before it existed) gets one.
 */
export function checkManifest(vault: Vault): string | null {
  // A damaged file is open read-only and already reported; its pages may not even read.
  if (vault.damage !== null) return null;
  // Both reads in one snapshot: another process committing between them would look like a mismatch.
  const { sealed, now } = vault.db.transaction(() => ({ sealed: readManifest(vault.db), now: current(vault) }))();
  if (sealed === undefined) {
    if (!vault.readOnly) writeFreshManifest(vault);
    return null;
  }
  let recorded: Manifest;
  try {
    recorded = openJson(vault.sodium, vault.keys().records, sealed, slot(vault), 'the manifest') as Manifest;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return 'The vault\u2019s manifest does not open: the file was edited outside Keyward. Check your keys against a backup.';
  }
  if (now.digest === recorded.digest) return null;
  const diff =
    now.keys < recorded.keys
      ? `${recorded.keys - now.keys} key record(s) are missing`
      : now.keys > recorded.keys
        ? `${now.keys - recorded.keys} key record(s) were added`
        : 'a key record was replaced by another copy';
  return `The vault's keys do not match its manifest (${diff}) since Keyward last wrote it: the file was edited outside Keyward, or part of it was restored from an older copy. Check your keys against a backup; the next change you make accepts the vault as it is.`;
}
