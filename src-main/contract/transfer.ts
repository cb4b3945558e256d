// The transfer domain of the contract: imports (core channels: the file is picked and read by
// the host, only its id crosses), an inventory export opened read-only, and the desktop app's
// exports and backups: host calls, because the host shows the native save dialog and writes
// the file; the renderer never names a path. Imports only zod.
import { z } from 'zod';
import { AlertSchema } from './alerts.js';
import { KeyRowSchema, PLATFORM_IDS } from './keys.js';
import { id } from './schemas.js';

export const IMPORT_FORMATS = [
  'env',
  'csv',
  'keyward',
  'bitwarden-json',
  'onepassword-csv',
  'keepassxc-csv',
  'keepass-xml',
] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** A problem with one row or entry: the import is refused while any stands. */
export const ImportIssueSchema = z.strictObject({ ref: z.string(), message: z.string() });
export type ImportIssue = z.output<typeof ImportIssueSchema>;
/** Something in the file that is not imported, and why (not an error). */
export const SkippedSchema = z.strictObject({ ref: z.string(), reason: z.string() });
export type Skipped = z.output<typeof SkippedSchema>;

/** How sure the detection of an imported value's platform is. */
export const CONFIDENCES = ['high', 'medium', 'low', 'none'] as const;
export type Confidence = (typeof CONFIDENCES)[number];
export const DuplicateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('vault'), id: z.string(), name: z.string() }),
  z.strictObject({ kind: z.literal('file'), ref: z.string() }),
]);
export type Duplicate = z.output<typeof DuplicateSchema>;

/** What a host may see of a planned item: everything but the secret. */
export const ImportItemViewSchema = z.strictObject({
  index: z.number(),
  ref: z.string(),
  name: z.string(),
  platform: z.enum(PLATFORM_IDS),
  confidence: z.enum(CONFIDENCES),
  reason: z.string(),
  service: z.string().optional(),
  environment: z.string(),
  account: z.string(),
  /** The instance-id variable paired with this key (KAI), when the file gave one. */
  pairedWith: z.string().optional(),
  /** Empty for a row left out as a password: no piece of a password is shown. */
  hint: z.string(),
  /** Set only when it is not the platform's default address: verifying the key sends it there. */
  baseUrl: z.string().optional(),
  expiresAt: z.string().nullable(),
  duplicateOf: DuplicateSchema.nullable(),
  /** Why it is left out unless included (a password, not an API key); null when it is included by default. */
  offByDefault: z.string().nullable(),
  warnings: z.array(z.string()),
  errors: z.array(z.string()),
});
export type ImportItemView = z.output<typeof ImportItemViewSchema>;
export const ImportPreviewSchema = z.strictObject({
  id: z.string(),
  fileName: z.string(),
  format: z.enum(IMPORT_FORMATS),
  items: z.array(ImportItemViewSchema),
  /** Every problem, with its place: those of the file itself and each row's (also in the row's `errors`). */
  errors: z.array(ImportIssueSchema),
  /**
   * Problems of the file itself: places the parser could not read as a key (a row with the wrong number of
   * fields, an unclosed quote). They block every import; a row's own problem leaves only that row out.
   */
  fileErrors: z.array(ImportIssueSchema),
  skipped: z.array(SkippedSchema),
  counts: z.strictObject({
    items: z.number(),
    /** Items imported unless the user leaves them out (not duplicates, not left out as passwords or logins). */
    keys: z.number(),
    /** Items left out unless included (`offByDefault`): passwords and website logins. */
    leftOut: z.number(),
    duplicates: z.number(),
    errors: z.number(),
    skipped: z.number(),
    /** Places in the file (rows, entries, variables) the preview accounts for; `byEntry` adds up to it. */
    entries: z.number(),
    /** Each place once: refused (a blocking problem), imported (a key stored by default), left out, or skipped. */
    byEntry: z.strictObject({ imported: z.number(), leftOut: z.number(), skipped: z.number(), refused: z.number() }),
  }),
});
export type ImportPreview = z.output<typeof ImportPreviewSchema>;
export const ImportProgressSchema = z.strictObject({
  phase: z.enum(['idle', 'sealing', 'writing', 'done', 'failed']),
  done: z.number(),
  total: z.number(),
});
export type ImportProgress = z.output<typeof ImportProgressSchema>;
export const ImportSummarySchema = z.strictObject({
  added: z.number(),
  duplicatesSkipped: z.number(),
  /** Rows left out: by the user, or for their problems (those are also in `invalid`). */
  excluded: z.number(),
  /** Each row left out for its problems (`leaveOutInvalid`): its place, its name and the problems, never a secret. */
  invalid: z.array(z.strictObject({ ref: z.string(), name: z.string(), problems: z.array(z.string()) })),
  keys: z.array(z.strictObject({ id: z.string(), name: z.string() })),
});
export type ImportSummary = z.output<typeof ImportSummarySchema>;

/** A file the host read for import: only its id and name reach the renderer, never its content. */
export const StagedImportFileSchema = z.strictObject({ fileId: z.string(), fileName: z.string(), size: z.number() });
export type StagedImportFile = z.output<typeof StagedImportFileSchema>;

/** What the desktop app shows of an export opened read-only (never a secret: none exists in it). */
export const InventoryViewSchema = z.strictObject({
  fileName: z.string(),
  kind: z.enum(['json', 'csv']),
  source: z.string(),
  exportedAt: z.string(),
  /** Each key with the state and the status the app would show of it had it been in the vault. */
  keys: z.array(KeyRowSchema),
  alerts: z.array(AlertSchema),
});
export type InventoryView = z.output<typeof InventoryViewSchema>;

/** An inventory export shown read-only, or nothing when the user cancelled the dialog. */
export const OpenedInventorySchema = z.union([
  z.strictObject({ cancelled: z.literal(true) }),
  InventoryViewSchema.extend({ cancelled: z.literal(false) }),
]);
export type OpenedInventory = z.output<typeof OpenedInventorySchema>;

const ImportCorrectionSchema = z
  .object({
    index: z.number().int().min(0),
    platform: z.string().max(50).optional(),
    name: z.string().max(200).optional(),
    environment: z.string().max(100).optional(),
    include: z.boolean().optional(),
  })
  .strict();

export const IMPORT_CHANNELS = {
  'import.preview': z
    .object({
      fileId: id,
      format: z.string().max(40).optional(),
      mapping: z.record(z.string().max(200), z.string().max(40)).optional(),
      defaultPlatform: z.string().max(50).optional(),
    })
    .strict(),
  'import.commit': z
    .object({
      previewId: id,
      includeDuplicates: z.boolean().optional(),
      /** Leave out each row with a problem that is not included by a correction, and store the others. */
      leaveOutInvalid: z.boolean().optional(),
      corrections: z.array(ImportCorrectionSchema).max(1_000_000).optional(),
    })
    .strict(),
  /** The rows the corrections name, checked again as they would be stored (a platform chosen in the preview). */
  'import.revise': z.object({ previewId: id, corrections: z.array(ImportCorrectionSchema).min(1).max(1000) }).strict(),
  'import.progress': z.object({}).strict(),
} as const;

/** What each import channel answers: items show a hint at most, never a secret. */
export const IMPORT_OUTPUTS = {
  'import.preview': ImportPreviewSchema,
  'import.commit': ImportSummarySchema,
  'import.revise': z.strictObject({ items: z.array(ImportItemViewSchema) }),
  'import.progress': ImportProgressSchema,
} as const;

/** The inventory exports that hold no secret (core/transfer/export). */
export const APP_EXPORT_FORMATS = ['html', 'json', 'csv', 'md'] as const;
export type AppExportFormat = (typeof APP_EXPORT_FORMATS)[number];

/**
 * SECURITY (I-5): exports and backups need the master password typed again; the host checks it
 * against the vault header before any dialog or write. It is optional in the schema on purpose:
 * a call without it gets REAUTH_REQUIRED from the host, not a generic BAD_INPUT.
 */
const reauth = z.string().max(1024).optional();

export const TRANSFER_HOST_CALLS = {
  /** Asks the user for an inventory export (a native open dialog) and returns it read-only. */
  'host.openInventory': z.object({}).strict(),
  /** Opens the native file dialog and stages the chosen file in the core; answers its id, or null when cancelled. */
  'host.pickImportFile': z.object({}).strict(),
  /** Writes the inventory without secrets in `format` where the user chooses in a native save dialog. */
  'host.exportInventory': z.object({ format: z.enum(APP_EXPORT_FORMATS), password: reauth }).strict(),
  /** Writes a sealed backup of the whole vault (docs/BACKUP-FORMAT.md) where the user chooses. */
  'host.backupVault': z.object({ password: reauth }).strict(),
} as const;

/** A file the host wrote: its name and size, and the folder it is in (for the result line). */
export const SavedFileSchema = z.strictObject({
  status: z.literal('saved'),
  fileName: z.string(),
  folder: z.string(),
  bytes: z.number(),
});
export type SavedFile = z.output<typeof SavedFileSchema>;
export const CancelledSchema = z.strictObject({ status: z.literal('cancelled') });
export type Cancelled = z.output<typeof CancelledSchema>;

/** What each transfer host call answers: names, counts and folders, never a secret or a path's content. */
export const TRANSFER_HOST_OUTPUTS = {
  'host.openInventory': OpenedInventorySchema,
  'host.pickImportFile': StagedImportFileSchema.nullable(),
  'host.exportInventory': z.union([
    CancelledSchema,
    SavedFileSchema.extend({ format: z.enum(APP_EXPORT_FORMATS), keys: z.number(), damaged: z.number() }),
  ]),
  'host.backupVault': z.union([CancelledSchema, SavedFileSchema.extend({ createdAt: z.string() })]),
} as const;
export type TransferHostOutputs = {
  [H in keyof typeof TRANSFER_HOST_OUTPUTS]: z.output<(typeof TRANSFER_HOST_OUTPUTS)[H]>;
};
