// Generic CSV (a spreadsheet's export): a header row, then one key per row. Columns
// map to key fields by header name, or by an explicit mapping (header or 1-based
// column number -> field) when the names are not recognised.
import { AppError } from '../../errors.js';
import { showableLabel } from './detect-rules.js';
import { readCsv } from '../csv-records.js';
import { checkHeader, fieldCountMessage, looksSemicolonSeparated, normaliseHeader } from './csv-reader.js';
import {
  MAPPABLE_FIELDS,
  mappableField,
  type Candidate,
  type ColumnMapping,
  type MappableField,
  type ParseInput,
  type ParseResult,
} from './import.types.js';
import { candidateFromRow, type MappedRow } from './row-candidate.js';

/** Header names recognised without a mapping (lower case). */
const KNOWN_HEADERS: Record<string, MappableField> = {
  name: 'name',
  title: 'name',
  label: 'name',
  'key name': 'name',
  secret: 'secret',
  key: 'secret',
  'api key': 'secret',
  api_key: 'secret',
  apikey: 'secret',
  token: 'secret',
  value: 'secret',
  password: 'secret',
  username: 'username',
  'user name': 'username',
  login: 'username',
  platform: 'platform',
  account: 'account',
  organisation: 'account',
  organization: 'account',
  'instance id': 'instanceId',
  instance_id: 'instanceId',
  environment: 'environment',
  env: 'environment',
  owner: 'owner',
  purpose: 'purpose',
  tags: 'tags',
  notes: 'notes',
  note: 'notes',
  url: 'url',
  website: 'url',
  // Firefox (timeCreated, Unix milliseconds) and Safari/Chrome password exports: a login's seed is no key.
  timecreated: 'createdAt',
  otpauth: 'ignore',
  expires: 'expiresAt',
  expiry: 'expiresAt',
  'expires at': 'expiresAt',
  expiresat: 'expiresAt',
  created: 'createdAt',
  'created at': 'createdAt',
  createdat: 'createdAt',
};

/** Resolves each column to a field; the explicit mapping wins over the known names. */
export function columnFields(
  header: string[],
  mapping: ColumnMapping | undefined,
  fileName: string,
): (MappableField | undefined)[] {
  const fields = header.map((h) => KNOWN_HEADERS[normaliseHeader(h)]);
  const mapped = new Set<number>();
  for (const [column, named] of Object.entries(mapping ?? {})) {
    const field = mappableField(String(named));
    if (field === undefined) {
      throw new AppError(
        'BAD_INPUT',
        `Unknown field "${String(named).slice(0, 40)}" in the column mapping; use one of ${MAPPABLE_FIELDS.join(', ')}.`,
        { subject: 'mapping' },
      );
    }
    const index = /^\d+$/.test(column)
      ? Number(column) - 1
      : header.findIndex((h) => normaliseHeader(h) === normaliseHeader(column));
    if (index < 0 || index >= header.length) {
      throw new AppError(
        'BAD_INPUT',
        `${fileName}: the mapping names a column "${column.slice(0, 60)}" that the header does not have.`,
        { subject: 'mapping' },
      );
    }
    // The user's mapping wins: a column recognised by its name as the same field gives way.
    if (field !== 'ignore')
      for (let i = 0; i < fields.length; i += 1) if (fields[i] === field && !mapped.has(i)) fields[i] = undefined;
    fields[index] = field;
    mapped.add(index);
  }
  return fields;
}

const PASSWORD_HEADER = /(^|[^a-z])(password|passwd|pwd|passphrase)([^a-z]|$)/i;
const KEY_HEADER = /(^|[^a-z])(api|key|token|secret|apikey)([^a-z]|$)/i;

/**
 * Why a row is a website login (a browser's or KeePassX's password CSV), or null: the row has a username and a URL
 * beside a secret whose column does not say key, token or secret, or the secret's column is called password (unless
 * the user mapped that column as the secret: then they said it holds keys).
 */
function loginOf(
  row: MappedRow,
  secretHeader: string,
  secretMapped: boolean,
): Pick<Candidate, 'passwordColumn'> | null {
  if (!KEY_HEADER.test(secretHeader) && Boolean(row.username?.trim() && row.url?.trim())) return {};
  if (!secretMapped && PASSWORD_HEADER.test(secretHeader))
    return { passwordColumn: showableLabel(secretHeader.trim(), 'password') };
  return null;
}

export function mapRow(cells: string[], fields: (MappableField | undefined)[]): MappedRow {
  const row: MappedRow = {};
  fields.forEach((f, i) => {
    if (f && f !== 'ignore' && row[f] === undefined) row[f] = cells[i] ?? '';
  });
  return row;
}

export function parseCsv({ text, fileName, mapping }: ParseInput): ParseResult {
  const first = readCsv(text, fileName);
  // A header with ";" and no ",": read it as semicolon-separated (a spreadsheet in a decimal-comma locale).
  const records = looksSemicolonSeparated(first[0]?.cells ?? []) ? readCsv(text, fileName, ';') : first;
  const [head, ...rows] = records;
  if (!head) throw new AppError('BAD_INPUT', `${fileName}: the file is empty.`, { subject: fileName });
  checkHeader(head.cells, fileName, (h) => showableLabel(h, ''));
  const fields = columnFields(head.cells, mapping, fileName);
  if (!fields.includes('secret')) {
    throw new AppError(
      'BAD_INPUT',
      `${fileName}:1: no column holds the secret. Map one by header name or column number, e.g. --map "2=secret".`,
      { subject: 'mapping' },
    );
  }
  const secretHeader = head.cells[fields.indexOf('secret')] ?? '';
  const secretMapped = Object.values(mapping ?? {}).some((f) => mappableField(String(f)) === 'secret');
  const result: ParseResult = { candidates: [], issues: [], skipped: [] };
  for (const { line, cells } of rows) {
    const ref = `${fileName}:${line}`;
    if (cells.length !== head.cells.length) {
      result.issues.push({ ref, message: fieldCountMessage(cells.length, head.cells.length) });
      continue;
    }
    const row = mapRow(cells, fields);
    if (!row.secret?.trim()) {
      result.skipped.push({ ref, reason: 'no secret in this row' });
      continue;
    }
    const c = candidateFromRow(ref, row, [], result.issues);
    const login = c && loginOf(row, secretHeader, secretMapped);
    if (c) result.candidates.push(login ? { ...c, ...login, login: true } : c);
  }
  return result;
}
