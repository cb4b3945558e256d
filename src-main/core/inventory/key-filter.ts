// Filters for listing and search-as-you-type. Searching covers name, account,
// owner, tags, notes, environment and purpose: metadata only, never the secret.
import type { KeyRecord, KeyStatus, PlatformId } from './key.types.js';

export type KeyFilter = {
  platform?: PlatformId | undefined;
  status?: KeyStatus | undefined;
  search?: string | undefined;
  tag?: string | undefined;
  owner?: string | undefined;
};

/** The lower-cased text a search looks in; callers may cache it per record. */
export function searchText(r: KeyRecord): string {
  return [r.name, r.account, r.owner, r.notes, r.environment, r.purpose, ...r.tags].join('\u0001').toLowerCase();
}

export function matchesFilter(r: KeyRecord, f: KeyFilter, text?: () => string): boolean {
  if (f.platform && r.platform !== f.platform) return false;
  if (f.status && r.status !== f.status) return false;
  if (f.tag && !r.tags.includes(f.tag)) return false;
  if (f.owner && r.owner.toLowerCase() !== f.owner.toLowerCase()) return false;
  if (f.search && !(text ? text() : searchText(r)).includes(f.search.toLowerCase())) return false;
  return true;
}
