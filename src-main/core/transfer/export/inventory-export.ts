// The inventory exports that promise no secret: Keyward JSON, CSV, Markdown and the
// self-contained HTML report; and the plaintext export of secrets, which exists only
// behind the master password re-entered.
import type { Alert } from '../../alerts/alert.types.js';
import { shownFields, type KeyAttention } from '../../alerts/key-state.js';
import type { Session } from '../../app/session.js';
import { AppError, isAppError } from '../../errors.js';
import type { KeyRecord, KeySecret } from '../../inventory/key.types.js';
import { checkVaultPassword } from '../../vault/vault.js';
import { INVENTORY_FORMAT, INVENTORY_VERSION, type InventoryDocument } from '../inventory-document.js';
import { formatCsv } from './csv.js';
import { formatHtmlReport } from './html-report.js';
import { exportedKey, inventoryDocument, sourceLabel } from './inventory-records.js';
import { formatMarkdown } from './markdown.js';
import { reportInput } from './report-input.js';
import { makeRedactor, redactDeep } from './export-redactor.js';

const FINE: KeyAttention = { state: 'fine', reasons: [], action: 'none' };

export const EXPORT_FORMATS = ['json', 'csv', 'md', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export function isExportFormat(s: string): s is ExportFormat {
  return (EXPORT_FORMATS as readonly string[]).includes(s);
}

/** Renders a document without secrets; `alerts` are those the vault's rules found (reports show them). */
export function renderExport(
  format: ExportFormat,
  doc: InventoryDocument,
  alerts: readonly Alert[],
  now: Date,
  timeZone?: string,
): string {
  if (doc.containsSecrets) throw new AppError('INTERNAL', 'An inventory export never holds secrets.');
  switch (format) {
    case 'json':
      return JSON.stringify(doc, null, 2) + '\n';
    case 'csv':
      return formatCsv(doc);
    case 'md':
      return formatMarkdown(reportInput(doc, alerts, now, timeZone));
    case 'html':
      return formatHtmlReport(reportInput(doc, alerts, now, timeZone));
  }
}

/** `redacted`: places where a stored secret or hint had been typed into a field, written as [redacted]. */
export type ExportResult = { text: string; keys: number; damaged: number; redacted: number };

/** The vault's secrets for the redactor; a record whose secret cannot be opened is skipped. */
export function storedSecrets(session: Session, keys: readonly KeyRecord[]): KeySecret[] {
  const out: KeySecret[] = [];
  for (const k of keys) {
    try {
      out.push(session.inventory.secretFor(k.id));
    } catch (e) {
      if (!isAppError(e)) throw e;
    }
  }
  return out;
}

/** The inventory of an unlocked vault in `format`, with every alert (snoozed ones included: an audit sees all). */
export function exportInventory(session: Session, format: ExportFormat): ExportResult {
  const now = session.clock.now();
  const { keys, damaged } = session.inventory.list();
  const redactor = makeRedactor(
    storedSecrets(session, keys),
    keys.map((k) => k.hint),
  );
  // Each key with what the app shows of it (the same computation as the badge): an expired key
  // still recorded active is exported as expired beside its recorded status, with its state.
  // Snoozed and acknowledged alerts count, as the reports list them (an audit sees all), so the
  // file says what `inspect` of it says; the export carries no snooze.
  const { byKey } = session.alerts.attention({ includeHidden: true });
  const shown = (k: KeyRecord) => shownFields(k, byKey.get(k.id) ?? FINE, now);
  const doc = redactDeep(inventoryDocument(keys, { now, source: sourceLabel(session.vault.path), shown }), redactor);
  const alerts =
    format === 'md' || format === 'html' ? redactDeep(session.alerts.list({ includeHidden: true }), redactor) : [];
  const text = renderExport(format, doc, alerts, now);
  return { text, keys: keys.length, damaged: damaged.length, redacted: redactor.count() };
}

/**
 * The whole inventory WITH secrets (Keyward JSON, containsSecrets true). Only after
 * `password` is checked against the vault header: being unlocked is not enough.
 */
export async function exportWithSecrets(session: Session, password: string): Promise<ExportResult> {
  await checkVaultPassword(session.vault, password);
  const now = session.clock.now();
  const { keys, damaged } = session.inventory.list();
  const doc: InventoryDocument = {
    format: INVENTORY_FORMAT,
    version: INVENTORY_VERSION,
    exportedAt: now.toISOString(),
    source: sourceLabel(session.vault.path),
    containsSecrets: true,
    keys: keys.map((k: KeyRecord) => exportedKey(k, session.inventory.secretFor(k.id))),
  };
  return { text: JSON.stringify(doc, null, 2) + '\n', keys: keys.length, damaged: damaged.length, redacted: 0 };
}
