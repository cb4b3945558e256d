// The transfer domain of the contract: imports (core channels: the file is picked and read by
// the host, only its id crosses), an inventory export opened read-only, and the desktop app's
// exports and backups: host calls, because the host shows the native save dialog and writes
// the file; the renderer never names a path. Imports only zod.
import { z } from 'zod';
import type { Alert } from './alerts.js';
import type { KeyRecord, PlatformId } from './keys.js';
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
export type ImportIssue = { ref: string; message: string };
/** Something in the file that is not imported, and why (not an error). */
export type Skipped = { ref: string; reason: string };

/** How sure the detection of an imported value's platform is. */
export type Confidence = 'high' | 'medium' | 'low' | 'none';
export type Duplicate = { kind: 'vault'; id: string; name: string } | { kind: 'file'; ref: string };

/** What a host may see of a planned item: everything but the secret. */
export type ImportItemView = {
  index: number;
  ref: string;
  name: string;
  platform: PlatformId;
  confidence: Confidence;
  reason: string;
  service?: string;
  environment: string;
  account: string;
  /** The instance-id variable paired with this key (KAI), when the file gave one. */
  pairedWith?: string;
  /** Empty for a row left out as a password: no piece of a password is shown. */
  hint: string;
  /** Set only when it is not the platform's default address: verifying the key sends it there. */
  baseUrl?: string;
  expiresAt: string | null;
  duplicateOf: Duplicate | null;
  /** Why it is left out unless included (a password, not an API key); null when it is included by default. */
  offByDefault: string | null;
  warnings: string[];
  errors: string[];
};
export type ImportPreview = {
  id: string;
  fileName: string;
  format: ImportFormat;
  items: ImportItemView[];
  /** Problems that block the import (every bad row or entry, with its place). */
  errors: ImportIssue[];
  skipped: Skipped[];
  counts: {
    items: number;
    /** Items imported unless the user leaves them out (not duplicates, not left out as passwords or logins). */
    keys: number;
    /** Items left out unless included (`offByDefault`): passwords and website logins. */
    leftOut: number;
    duplicates: number;
    errors: number;
    skipped: number;
    /** Places in the file (rows, entries, variables) the preview accounts for; `byEntry` adds up to it. */
    entries: number;
    /** Each place once: refused (a blocking problem), imported (a key stored by default), left out, or skipped. */
    byEntry: { imported: number; leftOut: number; skipped: number; refused: number };
  };
};
export type ImportProgress = { phase: 'idle' | 'sealing' | 'writing' | 'done' | 'failed'; done: number; total: number };
export type ImportSummary = {
  added: number;
  duplicatesSkipped: number;
  excluded: number;
  keys: { id: string; name: string }[];
};

/** A file the host read for import: only its id and name reach the renderer, never its content. */
export type StagedImportFile = { fileId: string; fileName: string; size: number };

/** What the desktop app shows of an export opened read-only (never a secret: none exists in it). */
export type InventoryView = {
  fileName: string;
  kind: 'json' | 'csv';
  source: string;
  exportedAt: string;
  keys: KeyRecord[];
  alerts: Alert[];
};

/** An inventory export shown read-only, or nothing when the user cancelled the dialog. */
export type OpenedInventory = { cancelled: true } | ({ cancelled: false } & InventoryView);

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
      corrections: z
        .array(
          z
            .object({
              index: z.number().int().min(0),
              platform: z.string().max(50).optional(),
              name: z.string().max(200).optional(),
              environment: z.string().max(100).optional(),
              include: z.boolean().optional(),
            })
            .strict(),
        )
        .max(1_000_000)
        .optional(),
    })
    .strict(),
  'import.progress': z.object({}).strict(),
} as const;

export type ImportOutputs = {
  'import.preview': ImportPreview;
  'import.commit': ImportSummary;
  'import.progress': ImportProgress;
};

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
export type SavedFile = { status: 'saved'; fileName: string; folder: string; bytes: number };
export type Cancelled = { status: 'cancelled' };

export type TransferHostOutputs = {
  'host.openInventory': OpenedInventory;
  'host.pickImportFile': StagedImportFile | null;
  'host.exportInventory': Cancelled | (SavedFile & { format: AppExportFormat; keys: number; damaged: number });
  'host.backupVault': Cancelled | (SavedFile & { createdAt: string });
};
