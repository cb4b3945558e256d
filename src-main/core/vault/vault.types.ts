// What the vault's own modules (records, manifest, scrub, commit counter, rekey) see of an
// open vault. vault.ts's Vault class is the one implementation; a types file so that those
// modules and vault.ts, which calls them, do not import each other.
import type { Sodium } from '../crypto/sodium.js';
import type { Db } from '../db/connection.js';

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
  /** Runs `fn` as one write transaction (see Vault.write). */
  write<T>(fn: () => T, opts?: { keepTimes?: boolean }): T;
};
