// The inventory as CSV (RFC 4180, UTF-8, CRLF, one row per key, fixed columns) and
// the reading back of exactly what it writes, on the one RFC 4180 reader (../csv-records.ts).
// Spreadsheet formula injection is defused: a cell starting with = + - @ TAB CR or ' gets
// a leading ' (shown as text by spreadsheets); reading removes exactly one leading ' from
// every cell. Lists are one item per line inside the cell (a line break or \ in an item is
// written \n, \r or \\); `extra` is a JSON object. Never a secret or a hint.
import { AppError } from '../../errors.js';
import { readCsv } from '../csv-records.js';
import {
  ExportedKeySchema,
  INVENTORY_FORMAT,
  INVENTORY_VERSION,
  InventoryDocumentSchema,
  type ExportedKey,
  type InventoryDocument,
} from '../inventory-document.js';

/** The columns, in order (docs/EXPORT-FORMATS.md). */
export const CSV_COLUMNS = [
  'id',
  'platform',
  'name',
  'account',
  'base_url',
  'environment',
  'owner',
  'purpose',
  'scopes',
  'deployed_to',
  'tags',
  'notes',
  'created_at',
  'expires_at',
  'last_used_at',
  'status',
  'rotate_every_days',
  'last_verified_at',
  'last_verification_result',
  'last_verification_message',
  'last_verification_identity',
  'extra',
  'record_created_at',
  'record_updated_at',
  'last_used_in_keyward',
  'secret_changed_at',
  'revocation_started_at',
  'status_shown',
  'state',
  'reasons',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
/**
 * What the app showed of each key when it was exported (informative: reading back computes it
 * again); an export written before these columns existed ends at revocation_started_at.
 */
const SHOWN_COLUMNS = ['status_shown', 'state', 'reasons'] as const;
export const CSV_RECORD_COLUMNS = CSV_COLUMNS.slice(0, CSV_COLUMNS.length - SHOWN_COLUMNS.length);

const FORMULA_START = /^[=+\-@\t\r']/;

/** One cell: formula-safe, quoted when it holds a comma, quote or line break. */
export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const escItem = (s: string) => s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
const unescItem = (s: string) =>
  s.replace(/\\(\\|n|r)/g, (_m, c: string) => (c === 'n' ? '\n' : c === 'r' ? '\r' : '\\'));
const listCell = (items: readonly string[]) => items.map(escItem).join('\n');
const listOf = (cell: string) => (cell === '' ? [] : cell.split('\n').map(unescItem));

function row(k: ExportedKey): Record<Column, string> {
  const v = k.lastVerification;
  return {
    id: k.id,
    platform: k.platform,
    name: k.name,
    account: k.account,
    base_url: k.baseUrl ?? '',
    environment: k.environment,
    owner: k.owner,
    purpose: k.purpose,
    scopes: listCell(k.scopes),
    deployed_to: listCell(k.deployedTo),
    tags: listCell(k.tags),
    notes: k.notes,
    created_at: k.createdAt ?? '',
    expires_at: k.expiresAt ?? '',
    last_used_at: k.lastUsedAt ?? '',
    status: k.status,
    rotate_every_days: k.rotateEveryDays === null ? '' : String(k.rotateEveryDays),
    last_verified_at: v?.at ?? '',
    last_verification_result: v?.result ?? '',
    last_verification_message: v?.message ?? '',
    last_verification_identity: v?.identity ?? '',
    extra: Object.keys(k.extra).length === 0 ? '' : JSON.stringify(k.extra),
    record_created_at: k.recordCreatedAt,
    record_updated_at: k.recordUpdatedAt,
    last_used_in_keyward: k.activity?.lastUsedInKeyward ?? '',
    secret_changed_at: k.activity?.secretChangedAt ?? '',
    revocation_started_at: k.activity?.revocationStartedAt ?? '',
    status_shown: k.statusShown ?? '',
    state: k.state ?? '',
    reasons: listCell((k.reasons ?? []).map((r) => r.kind)),
  };
}

/** The CSV text of an inventory document without secrets. */
export function formatCsv(doc: InventoryDocument): string {
  if (doc.containsSecrets) throw new AppError('INTERNAL', 'The CSV export never holds secrets.');
  const lines = [CSV_COLUMNS.join(',')];
  for (const k of doc.keys) {
    const r = row(k);
    lines.push(CSV_COLUMNS.map((c) => csvCell(r[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

const unformula = (s: string) => (s.startsWith("'") ? s.slice(1) : s);
const orNull = (s: string) => (s === '' ? null : s);

function keyFrom(cells: Record<Column, string>, line: number): ExportedKey {
  const where = `CSV line ${line}`;
  let extra: unknown = {};
  if (cells.extra !== '') {
    try {
      extra = JSON.parse(cells.extra);
    } catch {
      throw new AppError('BAD_INPUT', `${where}: the extra column is not a JSON object.`, { subject: 'extra' });
    }
  }
  const rotate = cells.rotate_every_days;
  if (rotate !== '' && !/^\d{1,4}$/.test(rotate))
    throw new AppError('BAD_INPUT', `${where}: rotate_every_days is not a whole number.`, { subject: 'rotate' });
  const candidate = {
    id: cells.id,
    platform: cells.platform,
    name: cells.name,
    account: cells.account,
    ...(cells.base_url === '' ? {} : { baseUrl: cells.base_url }),
    scopes: listOf(cells.scopes),
    environment: cells.environment,
    owner: cells.owner,
    purpose: cells.purpose,
    deployedTo: listOf(cells.deployed_to),
    tags: listOf(cells.tags),
    notes: cells.notes,
    createdAt: orNull(cells.created_at),
    expiresAt: orNull(cells.expires_at),
    lastUsedAt: orNull(cells.last_used_at),
    status: cells.status,
    rotateEveryDays: rotate === '' ? null : Number(rotate),
    lastVerification:
      cells.last_verified_at === ''
        ? null
        : {
            at: cells.last_verified_at,
            result: cells.last_verification_result,
            message: cells.last_verification_message,
            ...(cells.last_verification_identity === '' ? {} : { identity: cells.last_verification_identity }),
          },
    extra,
    activity: {
      lastUsedInKeyward: orNull(cells.last_used_in_keyward),
      secretChangedAt: orNull(cells.secret_changed_at),
      revocationStartedAt: orNull(cells.revocation_started_at),
    },
    recordCreatedAt: cells.record_created_at,
    recordUpdatedAt: cells.record_updated_at,
  };
  const parsed = ExportedKeySchema.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join('.') || 'row';
    throw new AppError('BAD_INPUT', `${where}: ${field} ${issue?.message ?? 'is invalid'}.`, { subject: field });
  }
  return parsed.data;
}

/** Reads a Keyward CSV export back into the inventory document it came from. */
export function parseCsv(text: string, opts: { source: string; exportedAt: string }): InventoryDocument {
  const [header, ...rows] = readCsv(text, (line) => `CSV line ${line}`);
  const columns =
    header?.cells.join(',') === CSV_COLUMNS.join(',')
      ? CSV_COLUMNS
      : header?.cells.join(',') === CSV_RECORD_COLUMNS.join(',')
        ? CSV_RECORD_COLUMNS
        : null;
  if (header === undefined || columns === null)
    throw new AppError(
      'BAD_INPUT',
      'CSV line 1: not a Keyward inventory export (the header must be the documented columns).',
      { subject: 'header' },
    );
  const keys = rows.map(({ line: at, cells }) => {
    if (cells.length !== columns.length)
      throw new AppError('BAD_INPUT', `CSV line ${at}: ${cells.length} cells, expected ${columns.length}.`);
    const named = Object.fromEntries(columns.map((c, i) => [c, unformula(cells[i] ?? '')])) as Record<Column, string>;
    return keyFrom(named, at);
  });
  return InventoryDocumentSchema.parse({
    format: INVENTORY_FORMAT,
    version: INVENTORY_VERSION,
    exportedAt: opts.exportedAt,
    source: opts.source,
    containsSecrets: false,
    keys,
  });
}
