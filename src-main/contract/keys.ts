// The keys domain of the contract: the key model (everything Keyward knows about one API
// key), the schemas of a key's fields and secret, and the vault and keys channels with what
// they answer. Imports only zod. Never put secret material in KeyMeta.
import { z } from 'zod';
import { KeyAttentionSchema, STATUS_TRUTHS } from './attention.js';
import { id, password, secretIn } from './schemas.js';
import { unsafeChars } from './unsafe-text.js';

export const PLATFORM_IDS = ['kai', 'kubiya', 'kognitos', 'knouds', 'kaana', 'custom'] as const;
export type PlatformId = (typeof PLATFORM_IDS)[number];

export const KEY_STATUSES = ['active', 'expired', 'revoked', 'revocation-pending'] as const;
export type KeyStatus = (typeof KEY_STATUSES)[number];

export const VERIFY_RESULTS = [
  'valid',
  'invalid',
  'revoked',
  'retired',
  'forbidden',
  'wrong-instance',
  'rate-limited',
  'unreachable',
  'platform-error',
] as const;
export type VerifyResult = (typeof VERIFY_RESULTS)[number];

export const VerificationSchema = z.strictObject({
  at: z.string(), // ISO timestamp
  result: z.enum(VERIFY_RESULTS),
  message: z.string(), // safe for display, never holds the secret
  identity: z.string().optional(), // who/what the key belongs to, as the platform told us
});
export type Verification = z.output<typeof VerificationSchema>;

export const HistoryEntrySchema = z.strictObject({
  at: z.string(), // ISO timestamp
  action: z.string(), // created, edited, secret-changed, verified, status, revealed, copied ...
  detail: z.string().optional(), // safe text: field names, never values of the secret
});
export type HistoryEntry = z.output<typeof HistoryEntrySchema>;

const nullableDay = z.string().nullable();
/** Non-secret metadata of a key. Encrypted at rest as one blob (field "meta"). */
export const KeyMetaSchema = z.strictObject({
  platform: z.enum(PLATFORM_IDS),
  name: z.string(),
  account: z.string(), // instance id, organisation or workspace
  baseUrl: z.string().optional(), // API base override (sandbox, region, simulator)
  hint: z.string(), // known prefix + last 4 characters; never the whole secret
  scopes: z.array(z.string()),
  environment: z.string(),
  owner: z.string(),
  purpose: z.string(),
  deployedTo: z.array(z.string()),
  tags: z.array(z.string()),
  notes: z.string(),
  createdAt: nullableDay, // YYYY-MM-DD, the platform's creation date
  expiresAt: nullableDay, // YYYY-MM-DD
  lastUsedAt: nullableDay, // YYYY-MM-DD
  status: z.enum(KEY_STATUSES),
  rotateEveryDays: z.number().nullable(),
  lastVerification: VerificationSchema.nullable(),
  history: z.array(HistoryEntrySchema),
  /** Platform-specific local facts (Kognitos permission level, Knouds preset ...). */
  extra: z.record(z.string(), z.string()),
});
export type KeyMeta = z.output<typeof KeyMetaSchema>;

/** A key as listed: its id, timestamps of the record, and decrypted metadata. */
export const KeyRecordSchema = KeyMetaSchema.extend({
  id: z.string(),
  recordCreatedAt: z.string(), // ISO timestamp of the vault record
  recordUpdatedAt: z.string(),
});
export type KeyRecord = z.output<typeof KeyRecordSchema>;

/** The secret. For KAI it is the instance-id + api-key pair. */
export const KeySecretSchema = z.strictObject({ value: z.string(), instanceId: z.string().optional() });
export type KeySecret = z.output<typeof KeySecretSchema>;

// Runtime validation of key input. Every bad field gets a message that names it.
function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// SECURITY: keys are only ever sent over https; plain http only to this machine
// (platform simulators and the sandbox).
export function isAllowedBaseUrl(s: string): boolean {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.protocol === 'https:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return url.protocol === 'http:' && (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
}

const date = z.string().refine(isCalendarDate, { message: 'must be a date written YYYY-MM-DD' });
// SECURITY: control characters (terminal escapes, bidirectional overrides) in a name could
// fake what a terminal or a report shows; one-line fields refuse them, multi-line fields
// (purpose, notes) allow only line breaks and tabs.
const CONTROL = unsafeChars('display');
// As above, but line breaks (line separators included) and tabs are text here.
const CONTROL_BUT_LINES = unsafeChars('display', '\t\n\r\u2028\u2029');
const text = (max: number, multiLine = false) =>
  z
    .string()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => !(multiLine ? CONTROL_BUT_LINES : CONTROL).test(s), {
      message: multiLine ? 'must not hold control characters' : 'must be one line without control characters',
    });
const list = z.array(text(500)).max(200);

// Field rules without defaults: a patch must change only the fields it names.
const keyFieldRules = {
  platform: z.enum(PLATFORM_IDS, { message: `must be one of ${PLATFORM_IDS.join(', ')}` }),
  name: text(200).refine((s) => s.trim().length > 0, { message: 'must not be empty' }),
  account: text(500),
  baseUrl: z
    .string()
    .refine(isAllowedBaseUrl, { message: 'must be an https URL (plain http only for loopback addresses)' }),
  scopes: list,
  environment: text(100),
  owner: text(200),
  purpose: text(1000, true),
  deployedTo: list,
  tags: list,
  notes: text(20_000, true),
  createdAt: date.nullable(),
  expiresAt: date.nullable(),
  lastUsedAt: date.nullable(),
  status: z.enum(KEY_STATUSES),
  rotateEveryDays: z.number().int().min(1).max(3650).nullable(),
  extra: z.record(z.string(), text(1000)),
};
const r = keyFieldRules;

export const KeyInputSchema = z.object({
  ...r,
  account: r.account.default(''),
  baseUrl: r.baseUrl.optional(),
  scopes: r.scopes.default([]),
  environment: r.environment.default(''),
  owner: r.owner.default(''),
  purpose: r.purpose.default(''),
  deployedTo: r.deployedTo.default([]),
  tags: r.tags.default([]),
  notes: r.notes.default(''),
  createdAt: r.createdAt.default(null),
  expiresAt: r.expiresAt.default(null),
  lastUsedAt: r.lastUsedAt.default(null),
  status: r.status.default('active'),
  rotateEveryDays: r.rotateEveryDays.default(null),
  extra: r.extra.default({}),
});
export type KeyInput = z.input<typeof KeyInputSchema>;
export type KeyFields = z.output<typeof KeyInputSchema>;

/** A change to a key: only the fields named are touched (no defaults fill the others). */
export const KeyPatchSchema = z.object(keyFieldRules).partial().strict();
export type KeyPatch = z.input<typeof KeyPatchSchema>;

export const SecretSchema = z.object({
  value: z
    .string()
    .min(1, { message: 'must not be empty' })
    .max(16_384, { message: 'is longer than 16 KiB' })
    // eslint-disable-next-line no-control-regex -- a NUL or line break in a key is an input error
    .refine((s) => !/[\r\n\u0000]/.test(s), { message: 'must be one line' }),
  instanceId: z.string().min(1).max(500).optional(),
});

/**
 * A change to many keys at once (the inventory's bulk edit): the fields given are set on every
 * key; tags are added and removed; a name pattern renames each key, where {name} is its current
 * name, {n} its place in the selection (1, 2 ...), {platform}, {environment} and {account} its own.
 */
export const BulkChangeSchema = z
  .object({
    owner: r.owner.optional(),
    account: r.account.optional(),
    environment: r.environment.optional(),
    addTags: r.tags.optional(),
    removeTags: r.tags.optional(),
    namePattern: text(200)
      .refine((s) => s.trim().length > 0, { message: 'must not be empty' })
      .optional(),
  })
  .strict();
export type BulkChange = z.input<typeof BulkChangeSchema>;

export const NEW_KEY_ISSUE_CODES = [
  'refused-secret',
  'too-short',
  'short-secret',
  'format',
  'inner-space',
  'past-expiry',
  'duplicate',
] as const;
/**
 * The key already holding a pasted secret, as a person knows it: its name, and its platform and
 * account for when another key has the same name (`nameShared`). Never its id or its secret.
 */
export const SecretHolderSchema = z.strictObject({
  name: z.string(),
  platform: z.enum(PLATFORM_IDS),
  account: z.string(),
  nameShared: z.boolean(),
});
export type SecretHolder = z.output<typeof SecretHolderSchema>;

/** One thing wrong (`refuse`: never stored) or doubtful (`warn`: stored when the user says so) about a new key. */
export const NewKeyIssueSchema = z.strictObject({
  field: z.enum(['secret', 'expiresAt']),
  level: z.enum(['refuse', 'warn']),
  code: z.enum(NEW_KEY_ISSUE_CODES),
  message: z.string(),
  /** With `duplicate`: the key that holds the secret (the app words it; see messages.ts). */
  holder: SecretHolderSchema.optional(),
});
export type NewKeyIssue = z.output<typeof NewKeyIssueSchema>;

/** What the vault channels answer: where the vault is and in what state. */
export const VaultStatusSchema = z.strictObject({
  exists: z.boolean(),
  unlocked: z.boolean(),
  path: z.string(),
  readOnly: z.boolean(),
  damage: z.string().nullable(),
  /** The key rows do not match the vault's manifest (edited outside Keyward); null when they do. */
  integrityWarning: z.string().nullable(),
  /** The vault is behind its commit counter: acknowledged writes are missing; null when not. */
  commitWarning: z.string().nullable(),
  /** Why a sound vault is open read-only (read-only media or file, a full disk); null when writable. */
  readOnlyReason: z.string().nullable(),
});
export type VaultStatus = z.output<typeof VaultStatusSchema>;
/**
 * A key as the inventory shows it: the record, its attention (state, reasons most urgent
 * first, next action) and the status badge that tells the truth (an expired or refused key
 * is never "active"). Computed by core/alerts/key-state.ts; snoozed alerts left out.
 */
export const KeyRowSchema = KeyRecordSchema.extend({
  attention: KeyAttentionSchema,
  statusTruth: z.enum(STATUS_TRUTHS),
});
export type KeyRow = z.output<typeof KeyRowSchema>;

export const KeyListingSchema = z.strictObject({
  keys: z.array(KeyRowSchema),
  damaged: z.array(z.strictObject({ id: z.string(), message: z.string() })),
});
export type KeyListing = z.output<typeof KeyListingSchema>;

// Named `key`, `change` and `secret` so a bad field is reported as the core always did:
// "Invalid key: name must not be empty." with the field as its subject (see dispatch).
const keyFields = KeyInputSchema.describe('key');
const keyChange = KeyPatchSchema.describe('change');
const keySecret = SecretSchema.describe('secret');

export const VAULT_CHANNELS = {
  'vault.status': z.object({}).strict(),
  'vault.create': z.object({ password }).strict(),
  'vault.unlock': z.object({ password }).strict(),
  'vault.lock': z.object({}).strict(),
  'vault.changePassword': z
    .object({ oldPassword: password, newPassword: password, rotateVaultKey: z.boolean().optional() })
    .strict(),
} as const;

/** What each vault channel answers. */
export const VAULT_OUTPUTS = {
  'vault.status': VaultStatusSchema,
  'vault.create': VaultStatusSchema,
  'vault.unlock': VaultStatusSchema,
  'vault.lock': VaultStatusSchema,
  'vault.changePassword': z.strictObject({ changed: z.literal(true), rotated: z.boolean() }),
} as const;

export const KEY_CHANNELS = {
  'keys.list': z
    .object({
      platform: z.string().optional(),
      status: z.string().optional(),
      search: z.string().max(500).optional(),
      tag: z.string().optional(),
      owner: z.string().optional(),
    })
    .strict(),
  'keys.get': z.object({ id }).strict(),
  'keys.add': z.object({ fields: keyFields, secret: keySecret }).strict(),
  'keys.edit': z.object({ id, patch: keyChange, secret: secretIn.optional() }).strict(),
  /** The checks of a key about to be added by hand (keys.add refuses what they refuse). */
  'keys.checkNew': z
    .object({
      fields: z.object({ platform: r.platform, expiresAt: r.expiresAt.optional() }).strict().describe('key'),
      secret: keySecret,
    })
    .strict(),
  /** One change to many keys, in one transaction: all are changed, or none. */
  'keys.bulkEdit': z
    .object({ ids: z.array(id).min(1).max(100_000), change: BulkChangeSchema.describe('change') })
    .strict(),
  'keys.remove': z.object({ id }).strict(),
  'keys.reveal': z.object({ id }).strict(),
} as const;

/** What each keys channel answers; only keys.reveal carries a secret. */
export const KEY_OUTPUTS = {
  'keys.list': KeyListingSchema,
  'keys.get': KeyRowSchema,
  'keys.add': KeyRecordSchema,
  'keys.edit': KeyRecordSchema,
  'keys.checkNew': z.strictObject({ issues: z.array(NewKeyIssueSchema) }),
  'keys.bulkEdit': z.strictObject({ keys: z.array(KeyRecordSchema) }),
  'keys.remove': z.strictObject({ removed: z.string() }),
  'keys.reveal': KeySecretSchema,
} as const;
