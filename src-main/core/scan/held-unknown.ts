// The unknown keys of the app's last scan result as main holds them for "Import…": each group's random
// id -> its places and value. SECURITY: the values live only here, in memory, until the vault locks or
// another scan starts; an import drops the value it stored; nothing here answers one.
import type { ScanImportItem, ScanImportOutcome, ScanResult } from '../../contract/scan.js';
import { AppError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { Settings } from '../settings/settings.service.js';
import { importFoundKey } from './scan-import.js';
import type { HeldUnknown } from './scan-job.js';

export type HeldResult = { groups: Map<string, HeldUnknown & { value?: string }>; scannedAt: Date };

export const forgotten = (): AppError =>
  new AppError(
    'NOT_FOUND',
    'Keyward no longer holds what that scan found: the vault was locked or another scan started since.',
    { subject: 'scan-result' },
  );

/** Joins each group to its value (the scan's `onUnknownValue`, by ref). */
export function holdValues(groups: Map<string, HeldUnknown>, values: Map<string, string>, scannedAt: Date): HeldResult {
  const out: HeldResult['groups'] = new Map();
  for (const [id, g] of groups) {
    const value = values.get(g.ref);
    out.set(id, value === undefined ? g : { ...g, value });
  }
  values.clear();
  return { groups: out, scannedAt };
}

/**
 * Stores the named groups as new keys; an id that is not in this result refuses the whole call before
 * anything is stored. A group already imported answers its key again (a second click stores nothing).
 */
export function importHeld(
  deps: { inventory: Inventory; settings: Settings },
  held: HeldResult,
  result: ScanResult,
  items: readonly ScanImportItem[],
): { outcomes: ScanImportOutcome[]; result: ScanResult } {
  const shown = new Map(result.unknown.map((u) => [u.id, u]));
  for (const item of items) if (!held.groups.has(item.id) || !shown.has(item.id)) throw forgotten();
  const outcomes: ScanImportOutcome[] = [];
  const changed = new Map<string, Partial<ScanResult['unknown'][number]>>();
  for (const item of items) {
    const group = held.groups.get(item.id) as HeldUnknown & { value?: string };
    const before = shown.get(item.id)?.imported ?? changed.get(item.id)?.imported;
    if (before) {
      outcomes.push({ id: item.id, outcome: 'imported', ...before });
      continue;
    }
    if (group.value === undefined) throw forgotten();
    const { id, ...fields } = item;
    const found = {
      value: group.value,
      hits: group.hits,
      detectedPlatform: group.platform,
      ...(group.service ? { service: group.service } : {}),
    };
    const r = importFoundKey(deps, found, fields, held.scannedAt, 'the app’s folder scan');
    if (r.outcome === 'imported') {
      delete group.value;
      const imported = { keyId: r.key.id, keyName: r.key.name };
      changed.set(id, { imported });
      outcomes.push({ id, outcome: 'imported', ...imported });
    } else {
      const { id: _holderId, ...holder } = r.holder;
      changed.set(id, { heldBy: holder });
      outcomes.push({ id, outcome: 'duplicate', holder });
    }
  }
  const unknown = result.unknown.map((u) => {
    const c = changed.get(u.id);
    return c ? { ...u, ...c } : u;
  });
  return { outcomes, result: { ...result, unknown } };
}
