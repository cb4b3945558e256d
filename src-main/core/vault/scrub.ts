// Finishing a deletion's scrub: the deleted cells are zeroed in the file (secure_delete),
// but their old pages stay in the WAL until a checkpoint empties it, which a reader in
// another process can hold off. An unfinished scrub is recorded and finished at the next open.
import { scrubWal } from '../db/connection.js';
import { clearPendingScrub, hasPendingScrub, markPendingScrub } from '../db/scrub.repo.js';
import type { OpenVault as Vault } from './vault.types.js';

export type ScrubOutcome = { scrubPending: boolean };

/** After a delete has committed: empties the WAL, or records that the scrub is pending. */
export function scrubAfterDelete(vault: Vault, at: string): ScrubOutcome {
  if (scrubWal(vault.db)) return { scrubPending: false };
  vault.write(() => markPendingScrub(vault.db, at));
  return { scrubPending: true };
}

/** At unlock: finishes a scrub a reader held off last time. Returns whether one is still pending. */
export function finishPendingScrub(vault: Vault): boolean {
  if (vault.readOnly || !hasPendingScrub(vault.db)) return false;
  if (!scrubWal(vault.db)) return true;
  vault.write(() => clearPendingScrub(vault.db));
  scrubWal(vault.db, { attempts: 1 }); // the record's own deletion leaves the WAL too
  return false;
}
