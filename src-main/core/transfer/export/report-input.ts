// What the Markdown and HTML reports are made of: the document (no secrets), its
// records, the alerts the vault's own rules found (core/alerts, never re-derived
// here) and the summary counts.
import { ATTENTION_STATE_LABEL, type AttentionState, type StatusTruth } from '../../../contract/attention.js';
import type { Alert } from '../../alerts/alert.types.js';
import type { KeyRecord } from '../../inventory/key.types.js';
import type { InventoryDocument } from '../inventory-document.js';
import { summarise, type InventorySummary } from './summary.js';
import { recordsOf } from './inventory-records.js';

/** What the app showed of a key when it was exported: its status as told and its state. */
export type ReportShown = { statusShown: StatusTruth; state: AttentionState };

export type ReportInput = {
  doc: InventoryDocument;
  keys: KeyRecord[];
  alerts: Alert[];
  summary: InventorySummary;
  /** By key id; a document written without them shows the recorded status and no state. */
  shown: ReadonlyMap<string, ReportShown>;
  /** Keys to act on now or soon (the app's badge); null when the document does not say what the app showed. */
  needAction: number | null;
};

export function reportInput(
  doc: InventoryDocument,
  alerts: readonly Alert[],
  now: Date,
  timeZone?: string,
): ReportInput {
  const keys = recordsOf(doc);
  const shown = new Map<string, ReportShown>();
  for (const k of doc.keys)
    if (k.statusShown !== undefined && k.state !== undefined)
      shown.set(k.id, { statusShown: k.statusShown, state: k.state });
  const summary = summarise(keys, now, timeZone, (k) => shown.get(k.id)?.statusShown ?? k.status);
  const needAction =
    shown.size === 0 ? null : [...shown.values()].filter((x) => x.state === 'act-now' || x.state === 'due-soon').length;
  return { doc, keys, alerts: [...alerts], summary, shown, needAction };
}

/** One line per value: reports show a list as comma-separated text. */
export const listText = (items: readonly string[]) => items.join(', ');

export const TABLE_COLUMNS = [
  'State',
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

/**
 * The table's cells for one key, in TABLE_COLUMNS order (plain text, escaped by the caller): the
 * status as the app tells it (an expired key still recorded active reads expired), its state.
 */
export function tableCells(k: KeyRecord, shown?: ReportShown): string[] {
  const v = k.lastVerification;
  return [
    shown ? ATTENTION_STATE_LABEL[shown.state] : '',
    k.name,
    k.platform,
    k.account,
    k.environment,
    k.owner,
    shown?.statusShown ?? k.status,
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
