// `list --sort FIELD[:desc] --fields a,b,c --format table|json|csv`: which columns, in
// which order, in which form. SECURITY: metadata fields only; there is no secret field.
import { AppError } from '../core/errors.js';
import type { KeyRecord } from '../core/inventory/key.types.js';
import type { KeyAttention } from '../core/alerts/key-state.js';
import { attentionRank } from '../core/alerts/key-state.js';
import { lastUsedShown } from '../core/alerts/key-policy.js';
import { csvCell } from '../core/transfer/export/csv.js';
import { json, shortId, table } from './format.js';
import { KEY_STATUSES } from '../core/inventory/key.types.js';
import { STATUS_TRUTHS } from '../contract/attention.js';

/** What `list --status` takes: the statuses the STATUS column shows, and the stored ones (revocation-pending = revoking). */
export const LIST_STATUSES: readonly string[] = [...new Set<string>([...STATUS_TRUTHS, ...KEY_STATUSES])];

type Field = { header: string; value: (k: KeyRecord) => string | number | null; short?: (k: KeyRecord) => string };

const list = (xs: string[]) => xs.join(',');

/** Each listed key's attention (core/alerts/key-state.ts), set by `list` before rendering; absent = fine. */
let attentionOfKeys: ReadonlyMap<string, KeyAttention> = new Map();
/** The status that tells the truth (statusTruth), the same as the default table's STATUS column. */
let truthOf: (k: KeyRecord) => string = (k) => k.status;
export function useAttention(a: ReadonlyMap<string, KeyAttention>, truth?: (k: KeyRecord) => string): void {
  attentionOfKeys = a;
  if (truth) truthOf = truth;
}
const reasonsOf = (k: KeyRecord) => attentionOfKeys.get(k.id)?.reasons ?? [];
const stateOf = (k: KeyRecord) => attentionOfKeys.get(k.id)?.state ?? 'fine';

/**
 * The default order of `list`: by state (act now, due soon, housekeeping, fine), then
 * soonest expiry (none last), then the name order; stable.
 */
export function orderByState<T extends KeyRecord>(
  keys: readonly T[],
  attention: ReadonlyMap<string, KeyAttention>,
): T[] {
  const rank = (k: T) => attentionRank(attention.get(k.id)?.state ?? 'fine');
  return keys
    .map((k, i) => ({ k, i }))
    .sort(
      (a, b) => rank(a.k) - rank(b.k) || (a.k.expiresAt ?? '9999').localeCompare(b.k.expiresAt ?? '9999') || a.i - b.i,
    )
    .map((x) => x.k);
}

export const LIST_FIELDS: Record<string, Field> = {
  state: { header: 'STATE', value: (k) => stateOf(k) },
  id: { header: 'ID', value: (k) => k.id, short: (k) => shortId(k.id) },
  platform: { header: 'PLATFORM', value: (k) => k.platform },
  name: { header: 'NAME', value: (k) => k.name },
  account: { header: 'ACCOUNT', value: (k) => k.account },
  hint: { header: 'HINT', value: (k) => k.hint },
  env: { header: 'ENV', value: (k) => k.environment },
  owner: { header: 'OWNER', value: (k) => k.owner },
  status: { header: 'STATUS', value: (k) => truthOf(k) },
  expires: { header: 'EXPIRES', value: (k) => k.expiresAt },
  created: { header: 'CREATED', value: (k) => k.createdAt },
  'last-used': { header: 'LAST USED', value: (k) => lastUsedShown(k) },
  'rotate-every': { header: 'ROTATE EVERY', value: (k) => k.rotateEveryDays },
  'last-verified': { header: 'LAST VERIFIED', value: (k) => k.lastVerification?.at ?? null },
  verification: { header: 'VERIFICATION', value: (k) => k.lastVerification?.result ?? null },
  scopes: { header: 'SCOPES', value: (k) => list(k.scopes) },
  tags: { header: 'TAGS', value: (k) => list(k.tags) },
  purpose: { header: 'PURPOSE', value: (k) => k.purpose },
  'deployed-to': { header: 'DEPLOYED TO', value: (k) => k.deployedTo.join('; ') },
  notes: { header: 'NOTES', value: (k) => k.notes },
  updated: { header: 'UPDATED', value: (k) => k.recordUpdatedAt },
  reasons: {
    header: 'REASONS',
    value: (k) =>
      reasonsOf(k)
        .map((r) => r.kind)
        .join(','),
  },
};
export const DEFAULT_FIELDS = ['id', 'platform', 'name', 'account', 'hint', 'env', 'owner', 'status', 'expires'];
/** JSON and CSV carry the state and the reasons by default: a script should not need a second call. */
export const DEFAULT_DATA_FIELDS = ['state', ...DEFAULT_FIELDS, 'reasons'];
export const LIST_FORMATS = ['table', 'json', 'csv'] as const;
export type ListFormat = (typeof LIST_FORMATS)[number];

function fieldNamed(name: string, flag: string): Field {
  const f = LIST_FIELDS[name];
  if (!f)
    throw new AppError(
      'BAD_INPUT',
      `${flag}: unknown field "${name}"; fields: ${Object.keys(LIST_FIELDS).join(', ')}.`,
    );
  return f;
}

export function fieldsOf(flag: string | undefined, defaults: string[] = DEFAULT_FIELDS): string[] {
  if (flag === undefined) return defaults;
  const names = flag
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (names.length === 0) throw new AppError('BAD_INPUT', '--fields needs at least one field name.');
  for (const n of names) fieldNamed(n, '--fields');
  return names;
}

export function formatOf(flag: string | undefined): ListFormat {
  if (flag === undefined) return 'table';
  if (!(LIST_FORMATS as readonly string[]).includes(flag))
    throw new AppError('BAD_INPUT', `--format must be one of ${LIST_FORMATS.join(', ')}.`);
  return flag as ListFormat;
}

/** Sorted by one field, ascending (`:desc` for descending); empty values last either way; stable. */
export function sortKeys(keys: KeyRecord[], flag: string | undefined): KeyRecord[] {
  if (flag === undefined) return keys;
  const [name = '', dir = 'asc'] = flag.split(':');
  const f = fieldNamed(name, '--sort');
  if (name === 'state') {
    if (dir !== 'asc' && dir !== 'desc')
      throw new AppError('BAD_INPUT', '--sort takes FIELD, FIELD:asc or FIELD:desc.');
    const sorted = orderByState(keys, attentionOfKeys);
    return dir === 'desc' ? sorted.reverse() : sorted;
  }
  if (dir !== 'asc' && dir !== 'desc') throw new AppError('BAD_INPUT', '--sort takes FIELD, FIELD:asc or FIELD:desc.');
  const sign = dir === 'desc' ? -1 : 1;
  const empty = (v: string | number | null) => v === null || v === '';
  return keys
    .map((k, i) => ({ k, i, v: f.value(k) }))
    .sort((a, b) => {
      if (empty(a.v) || empty(b.v)) return empty(a.v) === empty(b.v) ? a.i - b.i : empty(a.v) ? 1 : -1;
      const c =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v), 'en', { sensitivity: 'base', numeric: true });
      return c === 0 ? a.i - b.i : sign * c;
    })
    .map((x) => x.k);
}

export function renderKeys(keys: KeyRecord[], fields: string[], format: ListFormat): string {
  const cols = fields.map((n) => [n, fieldNamed(n, '--fields')] as const);
  if (format === 'json')
    return json(
      keys.map((k) =>
        Object.fromEntries(
          cols.map(([n, f]) => [
            n,
            // In JSON the reasons are objects (kind, state, message), most urgent first.
            n === 'reasons' ? reasonsOf(k).map(({ kind, state, message }) => ({ kind, state, message })) : f.value(k),
          ]),
        ),
      ),
    );
  if (format === 'csv') {
    // In CSV the reasons are their sentences, most urgent first, joined by " | ".
    const cell = (n: string, f: Field, k: KeyRecord) =>
      n === 'reasons'
        ? reasonsOf(k)
            .map((r) => r.message)
            .join(' | ')
        : String(f.value(k) ?? '');
    const rows = [fields, ...keys.map((k) => cols.map(([n, f]) => cell(n, f, k)))];
    // Lines end in \n: output goes through terminalSafe, which would show a CR as \u000d.
    return rows.map((r) => r.map(csvCell).join(',')).join('\n');
  }
  return table(
    cols.map(([, f]) => f.header),
    keys.map((k) => cols.map(([, f]) => (f.short ? f.short(k) : String(f.value(k) ?? '-')))),
  );
}
