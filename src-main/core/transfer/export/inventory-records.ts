// Between the vault's key records and the Keyward JSON document: what an export
// keeps (everything but the secret, the hint and the history) and how an export
// read back becomes records that list, check and calendar take as they are.
import { basename } from 'node:path';
import { keyFacts } from '../../alerts/key-policy.js';
import type { ShownFields } from '../../alerts/key-state.js';
import type { HistoryEntry, KeyRecord, KeySecret } from '../../inventory/key.types.js';
import {
  INVENTORY_FORMAT,
  INVENTORY_VERSION,
  type ExportedKey,
  type InventoryDocument,
} from '../inventory-document.js';

/** The dates of a key's history the alert rules read (never the history itself). */
function activityOf(r: KeyRecord): NonNullable<ExportedKey['activity']> {
  const facts = keyFacts({ ...r, lastVerification: null }); // the verification is exported on its own
  return {
    lastUsedInKeyward: facts.lastUseIso,
    secretChangedAt: facts.secretChangedIso,
    revocationStartedAt: facts.pendingSinceIso,
  };
}

/**
 * The history an export's activity stands for: one entry per date, with the actions the
 * alert rules count, so a key read back from an export is checked as it is in the vault.
 */
function historyOf(activity: ExportedKey['activity']): HistoryEntry[] {
  if (!activity) return [];
  const detail = 'from the export';
  const entries: HistoryEntry[] = [];
  if (activity.secretChangedAt) entries.push({ at: activity.secretChangedAt, action: 'secret-changed', detail });
  if (activity.revocationStartedAt)
    entries.push({ at: activity.revocationStartedAt, action: 'revocation-pending', detail });
  if (activity.lastUsedInKeyward) entries.push({ at: activity.lastUsedInKeyward, action: 'copied', detail });
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}

/** One record as exported. SECURITY: built field by field, so a new secret-bearing field never slips in. */
export function exportedKey(r: KeyRecord, secret?: KeySecret): ExportedKey {
  const k: ExportedKey = {
    id: r.id,
    platform: r.platform,
    name: r.name,
    account: r.account,
    ...(r.baseUrl === undefined ? {} : { baseUrl: r.baseUrl }),
    scopes: [...r.scopes],
    environment: r.environment,
    owner: r.owner,
    purpose: r.purpose,
    deployedTo: [...r.deployedTo],
    tags: [...r.tags],
    notes: r.notes,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    lastUsedAt: r.lastUsedAt,
    status: r.status,
    rotateEveryDays: r.rotateEveryDays,
    lastVerification: r.lastVerification
      ? {
          at: r.lastVerification.at,
          result: r.lastVerification.result,
          message: r.lastVerification.message,
          ...(r.lastVerification.identity === undefined ? {} : { identity: r.lastVerification.identity }),
        }
      : null,
    extra: { ...r.extra },
    activity: activityOf(r),
    recordCreatedAt: r.recordCreatedAt,
    recordUpdatedAt: r.recordUpdatedAt,
  };
  if (secret !== undefined)
    k.secret = { value: secret.value, ...(secret.instanceId === undefined ? {} : { instanceId: secret.instanceId }) };
  return k;
}

/** A report label for a vault path: its base name, never the path. */
export const sourceLabel = (vaultPath: string) => basename(vaultPath).slice(0, 200);

/** The inventory document without secrets. */
export function inventoryDocument(
  keys: readonly KeyRecord[],
  opts: { now: Date; source: string; shown?: (k: KeyRecord) => ShownFields },
): InventoryDocument {
  return {
    format: INVENTORY_FORMAT,
    version: INVENTORY_VERSION,
    exportedAt: opts.now.toISOString(),
    source: opts.source,
    containsSecrets: false,
    keys: keys.map((k) => (opts.shown ? { ...exportedKey(k), ...opts.shown(k) } : exportedKey(k))),
  };
}

/** Records from an export, for list/check/calendar: no hint exists in an export, and its history is its activity. */
export function recordsOf(doc: InventoryDocument): KeyRecord[] {
  return doc.keys.map((k) => {
    const { secret: _secret, activity, statusShown: _shown, state: _state, reasons: _reasons, ...meta } = k;
    return { ...meta, hint: '', history: historyOf(activity) };
  });
}
