// Import for an unlocked vault: preview a file (parse, detect, find duplicates),
// then commit: seal in chunks that yield to the event loop and report progress,
// and store everything in ONE transaction, so nothing is written unless all succeed.
// SECURITY: the secrets stay in this service; previews and errors never carry one.
import { randomUUID } from 'node:crypto';
import type { ImportProgress, ImportSummary } from '../../../contract/transfer.js';
import { AppError, isAppError } from '../../errors.js';
import type { Inventory } from '../../inventory/inventory.service.js';
import type { KeyRecord, KeySecret } from '../../inventory/key.types.js';
import { secretTag } from '../../vault/records.js';
import type { Vault } from '../../vault/vault.js';
import { PARSERS, sniffFormat } from './formats.js';
import { readImportFile, type ImportText } from './import-file.js';
import {
  itemView,
  makePlan,
  revisedItem,
  rowOutcome,
  toView,
  type Correction,
  type ImportDefaults,
  type ImportItemView,
  type ImportPlan,
  type ImportPreview,
  type InvalidRow,
  type PlannedItem,
} from './import-plan.js';
import { streamImport, type StreamedImport, type StreamOptions } from './import-stream.js';
import type { ColumnMapping, ImportFormat, ParseResult } from './import.types.js';

export type PreviewOptions = { format?: ImportFormat; mapping?: ColumnMapping; defaults?: ImportDefaults };
/**
 * `leaveOutInvalid`: a row with a problem that the user did not include by hand is left out and named in the
 * summary, and the others are stored; without it, any such row refuses the import. A problem of the file itself
 * (a place the parser could not read as a key) refuses it either way.
 */
export type CommitOptions = {
  includeDuplicates?: boolean;
  leaveOutInvalid?: boolean;
  corrections?: Correction[];
  /** Checked between batches and before the one write: aborted, nothing is imported. */
  signal?: AbortSignal;
};
export type { ImportProgress, ImportSummary };

const CHUNK = 500;
const MAX_LISTED_ERRORS = 20;
const yieldToLoop = () => new Promise<void>((ok) => setImmediate(ok));
const stopIfAborted = (signal: AbortSignal | undefined): void => {
  if (!signal?.aborted) return;
  const why: unknown = signal.reason;
  throw why instanceof AppError ? why : new AppError('CANCELLED', 'The import was cancelled; nothing was imported.');
};

/** Parses with the chosen or sniffed format; any non-AppError from a parser is a bug, reported as BAD_INPUT-free INTERNAL. */
export function parseImport(
  input: ImportText,
  options: PreviewOptions = {},
): { format: ImportFormat; parsed: ParseResult } {
  const format = options.format ?? sniffFormat(input.fileName, input.text);
  checkRowLimit(input, format);
  const parsed = PARSERS[format]({
    text: input.text,
    fileName: input.fileName,
    ...(options.mapping ? { mapping: options.mapping } : {}),
  });
  if (parsed.candidates.length > MAX_IMPORT_ROWS)
    throw new AppError(
      'BAD_INPUT',
      `${input.fileName}: ${parsed.candidates.length} keys, over the import limit of ${MAX_IMPORT_ROWS.toLocaleString('en-US')} keys per file; split the file.`,
      { subject: input.fileName },
    );
  return { format, parsed };
}

/** At most this many keys per import file (a 100,000-key file imports in seconds, in well under 1 GB). */
export const MAX_IMPORT_ROWS = 100_000;
const LINE_FORMATS: readonly ImportFormat[] = ['env', 'csv', 'onepassword-csv', 'keepassxc-csv'];

/**
 * Refuses a line-based file that cannot fit the row limit before parsing it (parsing a
 * million rows would cost gigabytes): more than two lines per allowed row (multi-line cells leave room).
 */
function checkRowLimit(input: ImportText, format: ImportFormat): void {
  if (!LINE_FORMATS.includes(format)) return;
  let lines = 0;
  for (let at = input.text.indexOf('\n'); at !== -1; at = input.text.indexOf('\n', at + 1)) lines++;
  if (lines > MAX_IMPORT_ROWS * 2)
    throw new AppError(
      'BAD_INPUT',
      `${input.fileName}: ${lines.toLocaleString('en-US')} lines, over the import limit of ${MAX_IMPORT_ROWS.toLocaleString('en-US')} rows (${(MAX_IMPORT_ROWS * 2).toLocaleString('en-US')} lines) per file; split the file. Nothing was read further.`,
      { subject: input.fileName },
    );
}

/** The message listing blocking problems (place: reason), capped so a bad 100k-line file stays readable. */
export function refusal(fileName: string, errors: { ref: string; message: string }[]): AppError {
  const shown = errors.slice(0, MAX_LISTED_ERRORS).map((e) => `  ${e.ref}: ${e.message}`);
  const more = errors.length > MAX_LISTED_ERRORS ? [`  ... and ${errors.length - MAX_LISTED_ERRORS} more`] : [];
  return new AppError(
    'BAD_INPUT',
    [
      `${fileName}: ${errors.length} problem${errors.length === 1 ? '' : 's'}; nothing was imported.`,
      ...shown,
      ...more,
    ].join('\n'),
    { subject: errors[0]?.ref ?? fileName },
  );
}

export function createImporter(deps: { vault: Vault; inventory: Inventory }) {
  const { vault, inventory } = deps;
  const staged = new Map<string, ImportText>();
  let plan: ImportPlan | null = null;
  let defaults: ImportDefaults = {};
  let progress: ImportProgress = { phase: 'idle', done: 0, total: 0 };
  const tagOf = (s: KeySecret) => secretTag(vault, s);

  /** Plans an import of an already parsed file (the CLI parses before asking for the password). */
  function previewParsed(fileName: string, format: ImportFormat, parsed: ParseResult, opts: ImportDefaults = {}) {
    defaults = opts;
    plan = makePlan(randomUUID(), fileName, format, parsed, tagOf, inventory.keysBySecretTag(), defaults);
    progress = { phase: 'idle', done: 0, total: 0 };
    return toView(plan);
  }

  function preview(input: ImportText, options: PreviewOptions = {}): ImportPreview {
    const { format, parsed } = parseImport(input, options);
    return previewParsed(input.fileName, format, parsed, options.defaults);
  }

  /** The items to store after the user's corrections and choices, the rows left out for problems, and what blocks. */
  function selection(p: ImportPlan, options: CommitOptions) {
    const fixes = new Map((options.corrections ?? []).map((c) => [c.index, c]));
    const choice = {
      includeDuplicates: options.includeDuplicates === true,
      leaveOutInvalid: options.leaveOutInvalid === true,
    };
    let duplicates = 0;
    let excluded = 0;
    const chosen: PlannedItem[] = [];
    const invalid: InvalidRow[] = [];
    const errors = [...p.issues];
    for (const item of p.items) {
      const outcome = rowOutcome(item, defaults, fixes.get(item.index), choice);
      if (outcome.kind === 'duplicate') duplicates += 1;
      else if (outcome.kind === 'excluded') excluded += 1;
      else if (outcome.kind === 'store') chosen.push(outcome.item);
      else if (outcome.kind === 'invalid') {
        excluded += 1;
        invalid.push(outcome.row);
      } else errors.push(...outcome.errors.map((message) => ({ ref: item.ref, message })));
    }
    return { chosen, duplicates, excluded, invalid, errors };
  }

  /**
   * The preview as it will be stored after `corrections` (the CLI's --set), without changing the plan: corrected
   * rows are rebuilt and validated again; an excluded row's problems no longer block.
   */
  function revise(previewId: string, corrections: Correction[]): ImportPreview {
    const p = plan;
    if (!p || p.id !== previewId)
      throw new AppError('NOT_FOUND', 'That import preview is gone; open the file again.', { subject: 'preview' });
    const fixes = new Map(corrections.map((c) => [c.index, c]));
    const items = p.items.map((item) => revisedItem(item, defaults, fixes.get(item.index)));
    return toView({ ...p, items });
  }

  /** The rows `corrections` name, as the preview shows them after those corrections (the app's platform choice). */
  function reviseRows(previewId: string, corrections: Correction[]): ImportItemView[] {
    const p = plan;
    if (!p || p.id !== previewId)
      throw new AppError('NOT_FOUND', 'That import preview is gone; open the file again.', { subject: 'preview' });
    const now = new Date();
    return corrections.flatMap((fix) => {
      const item = p.items[fix.index];
      return item ? [itemView(revisedItem(item, defaults, fix), now)] : [];
    });
  }

  async function commit(previewId: string, options: CommitOptions = {}): Promise<ImportSummary> {
    const p = plan;
    if (!p || p.id !== previewId)
      throw new AppError('NOT_FOUND', 'That import preview is gone; open the file again.', { subject: 'preview' });
    if (progress.phase === 'sealing' || progress.phase === 'writing')
      throw new AppError('BAD_INPUT', 'An import is already running.');
    const { chosen, duplicates, excluded, invalid, errors } = selection(p, options);
    if (errors.length > 0) throw refusal(p.fileName, errors);
    progress = { phase: 'sealing', done: 0, total: chosen.length };
    try {
      const prepared: ReturnType<Inventory['prepare']>[] = [];
      const detail = `imported from ${p.fileName} (${p.format})`;
      for (let i = 0; i < chosen.length; i += CHUNK) {
        for (const item of chosen.slice(i, i + CHUNK))
          prepared.push(inventory.prepare(item.input, item.secret, { detail }));
        progress = { ...progress, done: prepared.length };
        await yieldToLoop();
        stopIfAborted(options.signal);
      }
      progress = { ...progress, phase: 'writing' };
      await yieldToLoop();
      stopIfAborted(options.signal);
      const records: KeyRecord[] = prepared.length > 0 ? inventory.insertPrepared(prepared) : [];
      progress = { ...progress, phase: 'done' };
      plan = null;
      return {
        added: records.length,
        duplicatesSkipped: duplicates,
        excluded,
        invalid,
        keys: records.map((r) => ({ id: r.id, name: r.name })),
      };
    } catch (e) {
      progress = { ...progress, phase: 'failed' };
      if (isAppError(e)) throw e;
      throw new AppError('INTERNAL', 'The import failed; nothing was imported.', { cause: e });
    }
  }

  /**
   * Stores an already parsed file without a preview (the CLI's --yes): planned, sealed and inserted in batches in
   * one transaction. Null when a row has a problem: nothing was written, and a preview names every problem.
   */
  function importParsed(
    fileName: string,
    format: ImportFormat,
    parsed: ParseResult,
    options: StreamOptions = {},
  ): StreamedImport | null {
    if (progress.phase === 'sealing' || progress.phase === 'writing')
      throw new AppError('BAD_INPUT', 'An import is already running.');
    plan = null;
    progress = { phase: 'sealing', done: 0, total: parsed.candidates.length };
    try {
      const done = streamImport(
        { vault, inventory, tagOf },
        { fileName, format, parsed },
        {
          ...options,
          onProgress: (p) => {
            progress = p;
            options.onProgress?.(p);
          },
        },
      );
      progress = done
        ? { phase: 'done', done: done.summary.added, total: done.summary.added }
        : { ...progress, phase: 'failed' };
      return done;
    } catch (e) {
      progress = { ...progress, phase: 'failed' };
      throw e;
    }
  }

  return {
    preview,
    previewParsed,
    importParsed,
    revise,
    reviseRows,
    commit,
    progress: (): ImportProgress => progress,
    /** Reads a file picked by the host (the native dialog) and keeps it for preview under an id. */
    stage(path: string): { fileId: string; fileName: string; size: number } {
      const input = readImportFile(path);
      staged.clear();
      const fileId = randomUUID();
      staged.set(fileId, input);
      return { fileId, fileName: input.fileName, size: input.text.length };
    },
    previewStaged(fileId: string, options: PreviewOptions = {}): ImportPreview {
      const input = staged.get(fileId);
      if (!input) throw new AppError('NOT_FOUND', 'That file is no longer open; pick it again.', { subject: 'file' });
      return preview(input, options);
    },
    /** Forgets staged files and the plan (and with them the secrets they hold). */
    clear(): void {
      staged.clear();
      plan = null;
      progress = { phase: 'idle', done: 0, total: 0 };
    },
  };
}
export type Importer = ReturnType<typeof createImporter>;
