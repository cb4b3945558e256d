// keyward export | backup | restore | inspect: the inventory for auditors (no
// secrets), the encrypted backup of the whole vault, and offline inspection of
// either without a vault or a network.
import { basename, extname } from 'node:path';
import { AppError } from '../../core/errors.js';
import { checkWriteTarget, writeFileSafely } from '../../core/files/safe-file.js';
import { matchesFilter } from '../../core/inventory/key-filter.js';
import { restoreBackup, writeBackup } from '../../core/transfer/backup.js';
import {
  EXPORT_FORMATS,
  exportInventory,
  exportWithSecrets,
  isExportFormat,
} from '../../core/transfer/export/index.js';
import { inspectFile, inspectionAlerts } from '../../core/transfer/inspect.js';
import { lockStaleAgent, makeCtx, type Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { json, keyTable, sortForList } from '../format.js';
import { masterPassword } from '../password.js';
import { confirm, isInteractive, promptHidden } from '../terminal.js';
import {
  calendarRule,
  checkAttention,
  checkQueryOf,
  printCheck,
  writeCalendar,
  type CheckFlags,
} from './alerts.command.js';
import { listFilterOf, statusWanted, type ListFlags } from './keys.command.js';
import { attentionByKey, needsAction, shownFields, statusTruth } from '../../core/alerts/key-state.js';
import { orderByState } from '../list-output.js';

/** The same command context, unlocking with a password already typed (one prompt, not two). */
function withTypedPassword(ctx: Ctx, password: string): Ctx {
  return makeCtx(
    { vaultPath: ctx.vaultPath, passwordFile: undefined, json: ctx.json, strict: ctx.strict },
    { ...ctx.io, env: { ...ctx.io.env, KEYWARD_PASSWORD: password } },
    ctx.clock,
  );
}

/** An export never replaces a file unless --force, and never a vault, a backup or a special file. */
const writeExport = (out: string, text: string, force: boolean) =>
  writeFileSafely(out, text, { force, hint: 'use --force to replace it' });

export type ExportFlags = {
  format?: string;
  out?: string;
  'with-secrets'?: boolean;
  'i-understand'?: boolean;
  force?: boolean;
};

const SECRETS_WARNING =
  'WARNING: this writes every secret in the vault IN THE CLEAR to one file. Anyone who can read that file can use\n' +
  'every key. Keep it only as long as the move to another vault takes, then delete it securely.';

export async function exportCommand(ctx: Ctx, f: ExportFlags): Promise<number> {
  if (!f.out) throw new AppError('BAD_INPUT', 'export needs --out FILE.');
  const out = f.out;
  // Without --format, the file's extension says which (a .csv gets CSV, never JSON under a .csv name).
  const byExtension = extname(out)
    .slice(1)
    .toLowerCase()
    .replace(/^markdown$/, 'md')
    .replace(/^htm$/, 'html');
  const format = f.format ?? byExtension;
  if (!isExportFormat(format)) {
    throw new AppError(
      'BAD_INPUT',
      f.format === undefined
        ? `Say which format with --format (${EXPORT_FORMATS.join(', ')}); the name ${basename(out)} does not tell.`
        : `--format takes ${EXPORT_FORMATS.join(', ')}.`,
    );
  }
  const force = f.force === true;
  checkWriteTarget(out, { force, hint: 'use --force to replace it' }); // before the password is asked
  if (f['with-secrets']) return exportSecretsCommand(ctx, format, out, f['i-understand'] === true, force);
  return ctx.withVault((session) => {
    const r = exportInventory(session, format);
    writeExport(out, r.text, force);
    ctx.out(
      ctx.json
        ? json({ out, format, keys: r.keys, damaged: r.damaged, redacted: r.redacted })
        : `Exported ${r.keys} keys (${format}) to ${out}; no secrets.`,
    );
    if (r.redacted > 0 && !ctx.json) {
      ctx.warn(
        `warning: ${r.redacted} place(s) held a stored secret or hint typed into a field (notes, purpose ...); they are written as [redacted]. Clean those fields with keyward edit.`,
      );
    }
    return r.damaged > 0 ? EXIT.damaged : EXIT.ok;
  });
}

async function exportSecretsCommand(
  ctx: Ctx,
  format: string,
  out: string,
  understood: boolean,
  force: boolean,
): Promise<number> {
  if (format !== 'json') throw new AppError('BAD_INPUT', '--with-secrets writes Keyward JSON only (--format json).');
  ctx.warn(SECRETS_WARNING);
  if (!understood) {
    if (!isInteractive(ctx.io))
      throw new AppError('BAD_INPUT', '--with-secrets needs --i-understand when not run from a terminal.');
    if (!(await confirm(ctx.io, 'Write every secret in the clear?'))) {
      ctx.warn('Nothing exported.');
      return EXIT.ok;
    }
  }
  // SECURITY: the password is typed again (or read from --password-file), never taken from the environment.
  let password: string;
  if (isInteractive(ctx.io)) password = await promptHidden(ctx.io, 'Master password again, to export secrets: ');
  else if (ctx.passwordFile !== undefined) password = await masterPassword({ ...ctx.io, env: {} }, ctx.passwordFile);
  else throw new AppError('BAD_INPUT', '--with-secrets needs the master password re-entered: use --password-file.');
  return withTypedPassword(ctx, password).withVault(async (session) => {
    const r = await exportWithSecrets(session, password);
    writeExport(out, r.text, force);
    ctx.out(
      ctx.json
        ? json({ out, keys: r.keys, containsSecrets: true })
        : `Exported ${r.keys} keys WITH SECRETS to ${out} (mode 0600).`,
    );
    return r.damaged > 0 ? EXIT.damaged : EXIT.ok;
  });
}

export async function backupCommand(ctx: Ctx, out: string | undefined): Promise<number> {
  if (!out) throw new AppError('BAD_INPUT', 'backup needs --out FILE.');
  const password = await masterPassword(ctx.io, ctx.passwordFile);
  return withTypedPassword(ctx, password).withVault(async (session) => {
    const r = await writeBackup(session.vault, password, out, ctx.clock);
    ctx.out(
      ctx.json
        ? json(r)
        : `Backed up the vault to ${out} (${r.bytes} bytes), sealed with the master password it has now.`,
    );
    return EXIT.ok;
  });
}

export async function restoreCommand(
  ctx: Ctx,
  file: string,
  f: { verify?: boolean; force?: boolean },
): Promise<number> {
  const password = await masterPassword(ctx.io, ctx.passwordFile);
  const r = await restoreBackup(file, password, ctx.vaultPath, {
    verifyOnly: f.verify === true,
    force: f.force === true,
    clock: ctx.clock,
  });
  if (r.restoredTo !== null) await lockStaleAgent(ctx, 'it held the vault this restore replaced');
  if (ctx.json) ctx.out(json(r));
  else if (r.restoredTo === null)
    ctx.out(`Backup OK: ${r.keys} keys, backup of ${r.source} made ${r.createdAt}. Nothing was written.`);
  else {
    ctx.out(`Restored ${r.keys} keys to ${r.restoredTo} (backup of ${r.createdAt}).`);
    if (r.replacedKeptAt) ctx.out(`The vault it replaced is kept at ${r.replacedKeptAt}.`);
  }
  return EXIT.ok;
}

export type InspectFlags = ListFlags & CheckFlags & { out?: string; force?: boolean; 'needs-action'?: boolean };

export async function inspectCommand(ctx: Ctx, positionals: string[], f: InspectFlags): Promise<number> {
  const [file, action = 'list', ...rest] = positionals;
  if (!file || rest.length > 0)
    throw new AppError(
      'BAD_INPUT',
      'Usage: keyward inspect FILE [list [filters] | check [flags] | calendar --out FILE.ics]',
    );
  if (!['list', 'check', 'calendar'].includes(action))
    throw new AppError('BAD_INPUT', `Unknown inspect action "${action}": use list, check or calendar.`);
  // Check every flag before a backup's password is asked for.
  const filter = action === 'list' ? listFilterOf(f) : {};
  const check = action === 'check' ? checkQueryOf(ctx, f) : null;
  if (action === 'calendar' && !f.out) throw new AppError('BAD_INPUT', 'inspect FILE calendar needs --out FILE.ics.');
  if (action === 'calendar') checkWriteTarget(f.out as string, calendarRule(f.force === true));
  const ins = await inspectFile(file, () => masterPassword(ctx.io, ctx.passwordFile), ctx.clock);
  if (action === 'calendar') return writeCalendar(ctx, ins.keys, ins.settings, f.out as string, f.force === true);
  if (check) {
    const found = inspectionAlerts(ins, check.query, ctx.clock.now());
    const attention = checkAttention(ctx, found, ins.keys, check.query.includeHidden ? null : ins.state);
    return printCheck(ctx, found, ins.keys, check.format, attention, check.by);
  }
  // The order `keyward list` uses: state (as the vault would compute it), then expiry, then name.
  const byKey = attentionByKey(
    ins.keys,
    inspectionAlerts(ins, { includeHidden: false }, ctx.clock.now()),
    ctx.clock.now(),
    {
      alertState: ins.state,
    },
  );
  const now = ctx.clock.now();
  const attentionOfKey = (id: string) =>
    byKey.get(id) ?? { state: 'fine' as const, reasons: [], action: 'none' as const };
  const keys = orderByState(sortForList(ins.keys.filter((k) => matchesFilter(k, filter))), byKey).filter(
    (k) =>
      (f['needs-action'] !== true || needsAction(attentionOfKey(k.id))) &&
      statusWanted(f, statusTruth(k, attentionOfKey(k.id), now)),
  );
  if (ctx.json) {
    const docs = new Map(ins.doc.keys.map((k) => [k.id, k]));
    // As `keyward list --json` prints them: each entry with what the app would show beside it.
    const shown = keys.flatMap((k) => {
      const d = docs.get(k.id);
      return d === undefined ? [] : [{ ...d, ...shownFields(k, attentionOfKey(k.id), now) }];
    });
    ctx.out(json({ source: ins.doc.source, exportedAt: ins.doc.exportedAt, kind: ins.kind, keys: shown }));
  } else {
    ctx.warn(`${ins.kind === 'backup' ? 'Backup' : 'Export'} of ${ins.doc.source}, ${ins.doc.exportedAt}: read-only.`);
    ctx.out(
      keys.length === 0
        ? 'No keys match.'
        : keyTable(keys, {
            hint: false,
            state: (k) => byKey.get(k.id)?.state ?? 'fine',
            status: (k) => statusTruth(k, attentionOfKey(k.id), now),
          }),
    );
  }
  return EXIT.ok;
}
