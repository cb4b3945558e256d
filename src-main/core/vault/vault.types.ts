// What the vault's own modules (records, manifest, scrub, commit counter, rekey) see of an
// open vault. vault.ts's Vault class is the one implementation; a types file so that those
// modules and vault.ts, which calls them, do not import each other.
import type { Sodium } from '../crypto/sodium.js';
import type { Db } from '../db/connection.js';
import type { ManifestTable } from '../db/manifest.repo.js';

/** The subkeys derived from the vault key, one per use. */
export type VaultKeys = {
  records: Uint8Array;
  index: Uint8Array;
  settings: Uint8Array;
  manifest: Uint8Array;
  rowIds: Uint8Array;
  blind: Uint8Array;
};

export type OpenVault = {
  readonly path: string;
  readonly db: Db;
  readonly sodium: Sodium;
  readonly vaultId: string;
  readonly damage: string | null;
  readonly readOnly: boolean;
  /** The subkeys; throws VAULT_LOCKED once the vault is locked. */
  keys(): VaultKeys;
  /** The tables that failed the manifest check, and why; carried in the manifest until a change accepts each. */
  suspect: Partial<Record<ManifestTable, string>>;
  /** Runs `fn` as one write transaction (see Vault.write). */
  write<T>(fn: () => T, opts?: WriteOpts): T;
};

/** keepTimes: a read's history entry, which keeps the plaintext times and never accepts a failed check. */
export type WriteOpts = { keepTimes?: boolean; accept?: boolean };
