// Filters for listing and search-as-you-type. Searching covers name, account,
// owner, tags, notes, environment and hint: metadata only, never the secret.
import type { KeyRecord, KeyStatus, PlatformId } from './key.types.js';

export type KeyFilter = {
  platform?: PlatformId | undefined;
  status?: KeyStatus | undefined;
  search?: string | undefined;
  tag?: string | undefined;
  owner?: string | undefined;
};

export function matchesFilter(r: KeyRecord, f: KeyFilter): boolean {
  if (f.platform && r.platform !== f.platform) return false;
  if (f.status && r.status !== f.status) return false;
  if (f.tag && !r.tags.includes(f.tag)) return false;
  if (f.owner && r.owner.toLowerCase() !== f.owner.toLowerCase()) return false;
  if (f.search) {
    const needle = f.search.toLowerCase();
    const hay = [r.name, r.account, r.owner, r.notes, r.environment, r.purpose, ...r.tags];
    if (!hay.some((h) => h.toLowerCase().includes(needle))) return false;
  }
  return true;
}
