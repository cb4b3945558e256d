// What every importer yields: candidates with a reference to where they came from
// (file:line or entry N), fields for the key, and context used only for detection.
// SECURITY: a candidate's secret stays in the core; views for hosts leave it out.
import type { ImportIssue, Skipped } from '../../../contract/transfer.js';
import type { KeySecret, PlatformId } from '../../inventory/key.types.js';

export { IMPORT_FORMATS, type ImportFormat, type ImportIssue, type Skipped } from '../../../contract/transfer.js';

/** The fields of a key an importer can fill (everything optional: detection and defaults fill the rest). */
export type CandidateFields = {
  platform?: PlatformId;
  account?: string;
  baseUrl?: string;
  scopes?: string[];
  environment?: string;
  owner?: string;
  purpose?: string;
  deployedTo?: string[];
  tags?: string[];
  notes?: string;
  createdAt?: string | null;
  expiresAt?: string | null;
  lastUsedAt?: string | null;
  status?: 'active' | 'expired' | 'revoked' | 'revocation-pending';
  rotateEveryDays?: number | null;
  extra?: Record<string, string>;
};

export type Candidate = {
  /** Where it came from: `file:line` or `file: entry N (title)`; never holds the secret. */
  ref: string;
  name: string;
  secret: KeySecret;
  fields: CandidateFields;
  /** Names and URLs around the value (variable name, field name, login URL, group): detection context only. */
  context: string[];
  warnings: string[];
  /**
   * The password of a website login (a username and a URL with it, or a column called password): left out of the
   * import unless its value has a known key shape or the user includes it.
   */
  login?: boolean;
  /** The header of the password column that made this a login (a generic CSV), named as the reason. */
  passwordColumn?: string;
  /** The login URL the source gave: the base URL when it is the platform's default address, else kept in notes. */
  url?: string;
  /** The variable whose instance id was paired with this key (KAI_INSTANCE_ID), shown in the preview. */
  pairedWith?: string;
};

export type ParseResult = { candidates: Candidate[]; issues: ImportIssue[]; skipped: Skipped[] };

/** CSV column mapping: column header (or 1-based index) -> key field. */
export const MAPPABLE_FIELDS = [
  'name',
  'secret',
  'platform',
  'account',
  'username',
  'instanceId',
  'environment',
  'owner',
  'purpose',
  'tags',
  'notes',
  'url',
  'expiresAt',
  'createdAt',
  'ignore',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Other spellings of the fields accepted in a mapping (docs/IMPORT.md lists the column names `expires`, `created`). */
const FIELD_ALIASES: Record<string, MappableField> = {
  expires: 'expiresAt',
  expiry: 'expiresAt',
  'expires-at': 'expiresAt',
  expires_at: 'expiresAt',
  created: 'createdAt',
  'created-at': 'createdAt',
  created_at: 'createdAt',
  'instance-id': 'instanceId',
  instance_id: 'instanceId',
  key: 'secret',
  title: 'name',
};

/** The field a mapping names (any case, or an alias such as `expires`), or undefined. */
export function mappableField(name: string): MappableField | undefined {
  const n = name.trim().toLowerCase();
  return MAPPABLE_FIELDS.find((f) => f.toLowerCase() === n) ?? FIELD_ALIASES[n];
}
export type ColumnMapping = Record<string, MappableField>;

export type ParseInput = { text: string; fileName: string; mapping?: ColumnMapping };
export type Parser = (input: ParseInput) => ParseResult;
