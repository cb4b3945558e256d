// What the Markdown and HTML reports are made of: the document (no secrets), its
// records, the alerts the vault's own rules found (core/alerts, never re-derived
// here) and the summary counts.
import type { Alert } from '../../alerts/alert.types.js';
import type { KeyRecord } from '../../inventory/key.types.js';
import type { InventoryDocument } from '../inventory-document.js';
import { summarise, type InventorySummary } from './summary.js';
import { recordsOf } from './inventory-records.js';

export type ReportInput = {
  doc: InventoryDocument;
  keys: KeyRecord[];
  alerts: Alert[];
  summary: InventorySummary;
};

export function reportInput(
  doc: InventoryDocument,
  alerts: readonly Alert[],
  now: Date,
  timeZone?: string,
): ReportInput {
  const keys = recordsOf(doc);
  return { doc, keys, alerts: [...alerts], summary: summarise(keys, now, timeZone) };
}

/** One line per value: reports show a list as comma-separated text. */
export const listText = (items: readonly string[]) => items.join(', ');

export const TABLE_COLUMNS = [
  'Name',
  'Platform',
  'Account',
  'Environment',
  'Owner',
  'Status',
  'Expires',
  'Last used',
  'Rotate every',
  'Last verified',
  'Scopes',
  'Deployed to',
  'Tags',
  'Purpose',
  'Id',
] as const;

/** The table's cells for one key, in TABLE_COLUMNS order (plain text, escaped by the caller). */
export function tableCells(k: KeyRecord): string[] {
  const v = k.lastVerification;
  return [
    k.name,
    k.platform,
    k.account,
    k.environment,
    k.owner,
    k.status,
    k.expiresAt ?? '',
    k.lastUsedAt ?? '',
    k.rotateEveryDays === null ? '' : `${k.rotateEveryDays} days`,
    v ? `${v.at.slice(0, 10)} ${v.result}` : '',
    listText(k.scopes),
    listText(k.deployedTo),
    listText(k.tags),
    k.purpose,
    k.id,
  ];
}
