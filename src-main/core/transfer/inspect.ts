// Offline inspection: reads an inventory export (Keyward JSON or CSV) or a sealed
// backup (with its password) into records, and answers list, check and calendar
// with the same core code a vault uses. No vault, no network.
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Alert, AlertSettings, AlertState } from '../alerts/alert.types.js';
import { DEFAULT_ALERT_SETTINGS, EMPTY_ALERT_STATE } from '../alerts/alert.types.js';
import { applyAlertState, computeAlerts, sortAlerts } from '../alerts/compute-alerts.js';
import { checkOverrides } from '../alerts/key-policy.js';
import { attentionByKey, statusTruth } from '../alerts/key-state.js';
import { createAlerts } from '../alerts/alerts.service.js';
import { createInventory } from '../inventory/inventory.service.js';
import { createSettings } from '../settings/settings.service.js';
import type { InventoryView } from '../../contract/transfer.js';
import { isBackupFile } from '../crypto/backup-seal.js';
import { AppError } from '../errors.js';
import type { KeyRecord } from '../inventory/key.types.js';
import type { Clock } from '../ports/clock.port.js';
import { withBackupVault } from './backup.js';
import { CSV_RECORD_COLUMNS, parseCsv } from './export/csv.js';
import { inventoryDocument, recordsOf } from './export/inventory-records.js';
import { InventoryDocumentSchema, type InventoryDocument } from './inventory-document.js';

export type InspectKind = 'json' | 'csv' | 'backup';

export type Inspection = {
  kind: InspectKind;
  /** The inventory without secrets (a JSON export that held secrets is stripped of them). */
  doc: InventoryDocument;
  keys: KeyRecord[];
  /** The vault's alert settings for a backup; the defaults for an export (it carries none). */
  settings: AlertSettings;
  state: AlertState;
  duplicateGroups: string[][];
};

const MAX_EXPORT_BYTES = 256 * 1024 * 1024;

/** Parses a Keyward JSON inventory document; errors name the field. */
export function parseInventoryJson(text: string): InventoryDocument {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    throw new AppError('BAD_INPUT', `Not valid JSON: ${(cause as Error).message}.`, { cause });
  }
  const r = InventoryDocumentSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const field = issue?.path.join('.') || 'document';
    throw new AppError('BAD_INPUT', `Not a Keyward inventory document: ${field} ${issue?.message ?? 'is invalid'}.`, {
      subject: field,
    });
  }
  return r.data;
}

/** A document's secrets dropped (for inspection, which never shows one). */
export function withoutSecrets(doc: InventoryDocument): InventoryDocument {
  return doc.containsSecrets
    ? { ...doc, containsSecrets: false, keys: doc.keys.map(({ secret: _s, ...k }) => k) }
    : doc;
}

function fromExport(kind: 'json' | 'csv', doc: InventoryDocument): Inspection {
  const clean = withoutSecrets(doc);
  return {
    kind,
    doc: clean,
    keys: recordsOf(clean),
    settings: DEFAULT_ALERT_SETTINGS,
    state: EMPTY_ALERT_STATE,
    duplicateGroups: [],
  };
}

/** Reads an export (JSON or CSV, told apart by content) without any password. */
export function readInventoryExport(path: string, opts: { refuseSecrets?: boolean } = {}): Inspection {
  const size = statSync(path).size;
  if (size > MAX_EXPORT_BYTES) throw new AppError('BAD_INPUT', `${path} is larger than an inventory export can be.`);
  const text = readFileSync(path, 'utf8');
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('{')) {
    const doc = parseInventoryJson(body);
    if (doc.containsSecrets && opts.refuseSecrets)
      throw new AppError(
        'BAD_INPUT',
        `${basename(path)} holds secrets in the clear: Keyward shows only inventories without secrets. Import it into a vault instead, then delete it.`,
        { subject: 'containsSecrets' },
      );
    return fromExport('json', doc);
  }
  if (body.startsWith(CSV_RECORD_COLUMNS.join(',')))
    return fromExport(
      'csv',
      parseCsv(body, { source: basename(path).slice(0, 200), exportedAt: statSync(path).mtime.toISOString() }),
    );
  throw new AppError('BAD_INPUT', `${path} is neither a Keyward inventory export (JSON or CSV) nor a Keyward backup.`, {
    subject: path,
  });
}

/**
 * Reads `path`: an export directly, a backup with the password `askPassword` gives
 * (asked only for a backup). Nothing is written but a private temp copy of a
 * backup's vault, removed before this returns.
 */
export async function inspectFile(path: string, askPassword: () => Promise<string>, clock: Clock): Promise<Inspection> {
  let isBackup: boolean;
  try {
    isBackup = isBackupFile(path);
  } catch (cause) {
    throw new AppError('BAD_INPUT', `Cannot read ${path}.`, { cause, subject: path });
  }
  if (!isBackup) return readInventoryExport(path);
  const password = await askPassword();
  return withBackupVault(
    path,
    password,
    ({ meta, vault }) => {
      // Only the services a reading needs: the app layer above stays out of transfer.
      const inventory = createInventory(vault, clock);
      const alerts = createAlerts({ inventory, settings: createSettings(vault, clock), clock });
      const listed = inventory.list().keys;
      const doc = inventoryDocument(listed, { now: new Date(meta.createdAt), source: meta.source });
      return {
        kind: 'backup' as const,
        doc,
        // With their history (it dates uses and rotations for the rules), never a hint.
        keys: listed.map((k) => ({ ...k, hint: '' })),
        settings: alerts.settings(),
        state: alerts.state(),
        duplicateGroups: inventory.duplicateGroups(),
      };
    },
    path, // its private copy goes beside the backup (or the system's temp folder if that is read-only)
  );
}

export type InspectAlertQuery = { withinDays?: number; unusedForDays?: number; includeHidden?: boolean };

/** The alerts `keyward check` would give for these records, sorted for display. */
export function inspectionAlerts(ins: Inspection, q: InspectAlertQuery, now: Date): Alert[] {
  const settings = checkOverrides(ins.settings, { withinDays: q.withinDays, unusedForDays: q.unusedForDays });
  const all = computeAlerts(ins.keys, { settings, now, duplicateGroups: ins.duplicateGroups });
  return sortAlerts(q.includeHidden ? all : applyAlertState(all, ins.state, now));
}

export type { InventoryView };

/** Opens an export for the read-only view; refuses a backup and a document holding secrets. */
export function openInventoryView(path: string, now: Date): InventoryView {
  let isBackup: boolean;
  try {
    isBackup = isBackupFile(path);
  } catch (cause) {
    throw new AppError('BAD_INPUT', `Cannot read ${basename(path)}.`, { cause, subject: path });
  }
  if (isBackup)
    throw new AppError(
      'BAD_INPUT',
      `${basename(path)} is a Keyward backup, not an inventory export: open an export (JSON or CSV) here. A backup opens only with its password, when it is restored.`,
    );
  const ins = readInventoryExport(path, { refuseSecrets: true });
  // As `keyward inspect FILE list` tells them: each key's state, and the status it would show.
  const byKey = attentionByKey(ins.keys, inspectionAlerts(ins, { includeHidden: false }, now), now, {
    alertState: ins.state,
  });
  const fine = { state: 'fine' as const, reasons: [], action: 'none' as const };
  return {
    fileName: basename(path),
    kind: ins.kind === 'csv' ? 'csv' : 'json',
    source: ins.doc.source,
    exportedAt: ins.doc.exportedAt,
    keys: ins.keys.map((k) => {
      const attention = byKey.get(k.id) ?? fine;
      return { ...k, attention, statusTruth: statusTruth(k, attention, now) };
    }),
    alerts: inspectionAlerts(ins, { includeHidden: true }, now),
  };
}
