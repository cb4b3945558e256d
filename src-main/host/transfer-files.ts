// Host calls that write the vault's contents to a file the user picks: the inventory
// without secrets (HTML report, JSON, CSV, Markdown) and the sealed backup. Shared by the
// Electron shell and the e2e bridge; no `electron` import: the dialog comes in as a port.
// SECURITY (I-5): nothing happens, not even the save dialog, before the master password
// typed again is checked against the vault header here, in the host, through the same
// throttle as unlocking. The password is used for that check (and to seal a backup) and
// kept nowhere. Files are written 0600 through a temporary file beside the target and a
// rename, so a replaced file does not keep looser permissions; a file is replaced only
// when the user confirmed it in the native dialog.
import { existsSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { Envelope } from '../contract/channels.js';
import type { AppExportFormat, TRANSFER_HOST_CALLS, TransferHostOutputs } from '../contract/transfer.js';
import type { Core } from '../core/app/create-core.js';
import type { HandlerMap } from '../core/app/dispatch.js';
import type { Session } from '../core/app/session.js';
import { AppError, isAppError, type ErrorCode } from '../core/errors.js';
import { writeFileSafely } from '../core/files/safe-file.js';
import { VAULT_COMPANIONS } from '../core/files/vault-companions.js';
import { writeBackup } from '../core/transfer/backup.js';
import { exportInventory } from '../core/transfer/export/index.js';
import { checkVaultPassword } from '../core/vault/vault.js';
import type { FileDialogs, SaveKind } from './file-dialogs.js';

type TransferFileCall = keyof Pick<typeof TRANSFER_HOST_CALLS, 'host.exportInventory' | 'host.backupVault'>;

/** Runs a password check one at a time, slowing down repeated wrong ones (the host's unlock throttle). */
export type PasswordAttempt = (check: () => Promise<Envelope<unknown>>) => Promise<Envelope<unknown>>;

const EXPORT_FILE: Record<AppExportFormat, { kind: SaveKind; stem: string; ext: string; what: string }> = {
  html: { kind: 'report-html', stem: 'keyward-report', ext: '.html', what: 'the inventory report (HTML)' },
  json: { kind: 'inventory-json', stem: 'keyward-inventory', ext: '.json', what: 'the inventory (Keyward JSON)' },
  csv: { kind: 'inventory-csv', stem: 'keyward-inventory', ext: '.csv', what: 'the inventory (CSV)' },
  md: { kind: 'inventory-md', stem: 'keyward-inventory', ext: '.md', what: 'the inventory (Markdown)' },
};
export const BACKUP_EXTENSION = '.kwb';

/** The local calendar day, YYYY-MM-DD, for default file names. */
function localDay(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/**
 * Where to write what the dialog answered. A name typed without an extension gets the
 * format's; the dialog did not ask about that other name, so an existing file there is refused.
 */
function targetOf(chosen: string, ext: string): { path: string; confirmed: boolean } {
  if (extname(basename(chosen)) !== '') return { path: chosen, confirmed: true };
  const path = chosen + ext;
  if (existsSync(path))
    throw new AppError('BAD_INPUT', `${basename(path)} already exists; nothing was written. Choose another name.`, {
      subject: path,
    });
  return { path, confirmed: false };
}

/** SECURITY: a confirmed replace still must not be the vault itself or one of its companions. */
function refuseVaultFile(path: string, vaultPath: string): void {
  const target = resolve(path);
  if (['', ...VAULT_COMPANIONS].some((s) => resolve(vaultPath + s) === target))
    throw new AppError('BAD_INPUT', `${basename(path)} is the vault file itself; choose another name.`, {
      subject: path,
    });
}

export function createTransferFiles(core: Core, dialogs: FileDialogs, attempt: PasswordAttempt) {
  /** The unlocked session, once `password` is checked against its vault header (I-5). */
  async function reauthenticate(password: string | undefined): Promise<Session> {
    if (password === undefined || password === '')
      throw new AppError(
        'REAUTH_REQUIRED',
        'Type the master password again: exports and backups need it even while the vault is unlocked. Nothing was written.',
      );
    const session = core.session();
    const reply = await attempt(async () => {
      try {
        await checkVaultPassword(session.vault, password);
        return { ok: true, value: null };
      } catch (e) {
        if (!isAppError(e)) throw e;
        const message =
          e.code === 'WRONG_PASSWORD'
            ? 'That is not the master password of this vault; nothing was written.'
            : e.message;
        return { ok: false, error: { code: e.code, message } };
      }
    });
    if (!reply.ok) throw new AppError(reply.error.code as ErrorCode, reply.error.message);
    return session;
  }

  /** The dialog may stay open for minutes: the vault must still be the one unlocked when the password was checked. */
  function stillOpen(session: Session): void {
    if (core.session() !== session)
      throw new AppError('VAULT_LOCKED', 'The vault was locked while the save dialog was open; nothing was written.');
  }

  async function exportTo(
    format: AppExportFormat,
    password: string | undefined,
  ): Promise<TransferHostOutputs['host.exportInventory']> {
    const session = await reauthenticate(password);
    const f = EXPORT_FILE[format];
    const chosen = await dialogs.saveFile({
      title: `Export ${f.what}: no secrets`,
      defaultName: `${f.stem}-${localDay(core.clock.now())}${f.ext}`,
      kind: f.kind,
    });
    if (chosen === null) return { status: 'cancelled' };
    stillOpen(session);
    const { path, confirmed } = targetOf(chosen, f.ext);
    refuseVaultFile(path, session.vault.path);
    const r = exportInventory(session, format);
    writeFileSafely(path, r.text, { force: confirmed, hint: 'choose another name' });
    return { status: 'saved', ...saved(path), format, keys: r.keys, damaged: r.damaged };
  }

  async function backupTo(password: string | undefined): Promise<TransferHostOutputs['host.backupVault']> {
    const session = await reauthenticate(password);
    const chosen = await dialogs.saveFile({
      title: 'Back up the whole vault (sealed with the master password)',
      defaultName: `keyward-backup-${localDay(core.clock.now())}${BACKUP_EXTENSION}`,
      kind: 'backup',
    });
    if (chosen === null) return { status: 'cancelled' };
    stillOpen(session);
    const { path, confirmed } = targetOf(chosen, BACKUP_EXTENSION);
    refuseVaultFile(path, session.vault.path);
    // A fresh 0600 file beside the target, flushed, then renamed over it (core/files/safe-file.ts).
    const r = await writeBackup(session.vault, password ?? '', path, core.clock, { force: confirmed });
    return { status: 'saved', ...saved(path), createdAt: r.createdAt };
  }

  const saved = (path: string) => ({ fileName: basename(path), folder: dirname(path), bytes: statSync(path).size });

  const handlers: HandlerMap<TransferFileCall> = {
    'host.exportInventory': ({ format, password }) => exportTo(format, password),
    'host.backupVault': ({ password }) => backupTo(password),
  };
  return { handlers };
}
