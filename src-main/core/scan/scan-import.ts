// Stores an unknown key a scan found as a new key, for `keyward scan --import-unknown` and the app's
// "Import…" alike: one duplicate rule (a secret already stored is not stored again), one history entry
// (the inventory's "created"), and the places it was found recorded on the new key as if it had been
// stored before the scan. SECURITY: the value goes only to the inventory; nothing here logs or returns it.
import type { KeyRecord, PlatformId } from '../inventory/key.types.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { Settings } from '../settings/settings.service.js';
import { addFindings } from './findings.js';
import type { ScanHit } from './scan.service.js';

/** What the user confirmed (or the CLI's defaults): the name and platform, and optional facts. */
export type FoundKeyFields = {
  name: string;
  platform: PlatformId;
  owner?: string;
  account?: string;
  environment?: string;
};

export type FoundKey = {
  value: string;
  /** Every place the scan saw this value (the first one names it in the notes). */
  hits: readonly ScanHit[];
  /** The service the catalog named (`github`), kept while the platform is the detected one. */
  service?: string;
  detectedPlatform: PlatformId;
};

export type FoundKeyOutcome =
  | { outcome: 'imported'; key: KeyRecord }
  | { outcome: 'duplicate'; holder: NonNullable<ReturnType<Inventory['holderOfSecret']>> };

/** `scannedAt`: when the scan saw it, the first and last seen of each finding recorded on the new key. */
export function importFoundKey(
  deps: { inventory: Inventory; settings: Settings },
  found: FoundKey,
  fields: FoundKeyFields,
  scannedAt: Date,
  by: 'keyward scan' | 'the app’s folder scan',
): FoundKeyOutcome {
  const holder = deps.inventory.holderOfSecret({ value: found.value });
  if (holder !== null) return { outcome: 'duplicate', holder };
  const first = found.hits[0];
  const key = deps.inventory.add(
    {
      platform: fields.platform,
      name: fields.name,
      ...(fields.owner ? { owner: fields.owner } : {}),
      ...(fields.account ? { account: fields.account } : {}),
      ...(fields.environment ? { environment: fields.environment } : {}),
      notes: first ? `Imported by ${by} from ${first.path}:${first.line}.` : `Imported by ${by}.`,
      ...(found.service && fields.platform === found.detectedPlatform ? { extra: { service: found.service } } : {}),
    },
    { value: found.value },
  );
  addFindings(deps.settings, key.id, found.hits, scannedAt);
  return { outcome: 'imported', key };
}
