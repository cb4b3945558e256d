// The desktop app's exports and backups: host calls, because the host shows the native
// save dialog and writes the file; the renderer never names a path.
// SECURITY (I-5): each needs the master password typed again; the host checks it against
// the vault header before any dialog or write. It is optional in the schema on purpose:
// a call without it gets REAUTH_REQUIRED from the host, not a generic BAD_INPUT.
import { z } from 'zod';

/** The inventory exports that hold no secret (core/transfer/export). */
export const APP_EXPORT_FORMATS = ['html', 'json', 'csv', 'md'] as const;
export type AppExportFormat = (typeof APP_EXPORT_FORMATS)[number];

const reauth = z.string().max(1024).optional();

export const TRANSFER_HOST_CALLS = {
  /** Writes the inventory without secrets in `format` where the user chooses in a native save dialog. */
  'host.exportInventory': z.object({ format: z.enum(APP_EXPORT_FORMATS), password: reauth }).strict(),
  /** Writes a sealed backup of the whole vault (docs/BACKUP-FORMAT.md) where the user chooses. */
  'host.backupVault': z.object({ password: reauth }).strict(),
} as const;

/** A file the host wrote: its name and size, and the folder it is in (for the result line). */
export type SavedFile = { status: 'saved'; fileName: string; folder: string; bytes: number };
export type Cancelled = { status: 'cancelled' };

export type TransferHostOutputs = {
  'host.exportInventory': Cancelled | (SavedFile & { format: AppExportFormat; keys: number; damaged: number });
  'host.backupVault': Cancelled | (SavedFile & { createdAt: string });
};
