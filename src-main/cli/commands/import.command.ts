// keyward import FILE: preview what a file holds (platform, hint, duplicates), then
// store it in one transaction. SECURITY: the preview shows hints only; secrets are
// read from the file, never from argv, and never printed.
import { AppError, isAppError } from '../../core/errors.js';
import { PLATFORM_IDS, type PlatformId } from '../../core/inventory/key.types.js';
import {
  IMPORT_FORMATS,
  MAPPABLE_FIELDS,
  isImportFormat,
  mappableField,
  parseImport,
  readImportFile,
  refusal,
  type ColumnMapping,
  type Correction,
  type ImportItemView,
  type ImportPreview,
  type Importer,
  type ImportSummary,
} from '../../core/transfer/import/index.js';
import type { ImportFormat, ParseResult } from '../../core/transfer/import/import.types.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { json, table } from '../format.js';
import { confirm, isInteractive } from '../terminal.js';

export type ImportFlags = {
  format?: string;
  'dry-run'?: boolean;
  map?: string[];
  platform?: string;
  'include-duplicates'?: boolean;
  /** Leave out each row with a problem (named in the output) and import the others. */
  'leave-out-invalid'?: boolean;
  set?: string[];
  yes?: boolean;
};

const PREVIEW_ROWS = 200;
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const PROGRESS_FROM = 1000;

function mappingFrom(pairs: string[] | undefined): ColumnMapping | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const mapping: ColumnMapping = {};
  for (const pair of pairs) {
    const at = pair.lastIndexOf('=');
    const field = mappableField(pair.slice(at + 1));
    if (at <= 0 || field === undefined) {
      throw new AppError(
        'BAD_INPUT',
        `--map takes COLUMN=FIELD with FIELD one of ${MAPPABLE_FIELDS.join(', ')} (or expires, created).`,
        { subject: 'map' },
      );
    }
    const column = pair.slice(0, at).trim();
    const earlier = mapping[column];
    // A column is one field: a second --map for it would silently drop the first.
    if (earlier !== undefined && earlier !== field)
      throw new AppError(
        'BAD_INPUT',
        `--map: the column "${column}" is mapped twice (to ${earlier} and to ${field}); map each column once.`,
        { subject: 'map' },
      );
    mapping[column] = field;
  }
  return mapping;
}

const SET_FIELDS = ['platform', 'name', 'environment', 'include'] as const;
type SetEdit = { row: string; field: (typeof SET_FIELDS)[number]; value: string };

/** `--set ROW:FIELD=VALUE` edits, checked before the vault is opened. */
function setEdits(pairs: string[] | undefined): SetEdit[] {
  return (pairs ?? []).map((pair) => {
    const m = /^(.+):(platform|name|environment|include)=(.*)$/s.exec(pair);
    const bad = (why: string) =>
      new AppError('BAD_INPUT', `--set ${why}; write ROW:FIELD=VALUE, e.g. --set "3:platform=kai".`, {
        subject: 'set',
      });
    if (!m) throw bad(`takes ROW:FIELD=VALUE with FIELD one of ${SET_FIELDS.join(', ')}`);
    const [, row, field, value] = m as unknown as [string, string, SetEdit['field'], string];
    if (field === 'platform' && !(PLATFORM_IDS as readonly string[]).includes(value))
      throw bad(`platform must be one of ${PLATFORM_IDS.join(', ')}`);
    if (field === 'include' && !/^(yes|no|true|false)$/.test(value)) throw bad('include must be yes or no');
    return { row: row.trim(), field, value };
  });
}

/** What --set needs of a preview: each row's # and place. */
type Rows = { fileName: string; items: readonly { index: number; ref: string }[] };

/** The preview rows a --set ROW names: `#N` (the # column), the WHERE text, or it without the line or title. */
function rowsNamed(view: Rows, row: string): Rows['items'] {
  return view.items.filter((i) => {
    if (row === `#${i.index + 1}`) return true;
    const w = where(view, i.ref);
    const bare = w.replace(/ \(.*\)$/s, '');
    return [w, bare, w.replace(/^\d+: /, ''), bare.replace(/^\d+: /, '')].includes(row);
  });
}

/** The corrections the --set edits make, one per row. */
function correctionsFrom(view: Rows, edits: SetEdit[]): Correction[] {
  const byIndex = new Map<number, Correction>();
  for (const e of edits) {
    const rows = rowsNamed(view, e.row);
    if (rows.length !== 1) {
      const why =
        rows.length === 0
          ? `names no row of the preview (use the WHERE column or the # column, e.g. "#2")`
          : `names ${rows.length} rows (${rows.map((r) => `#${r.index + 1}`).join(', ')}); use the # column`;
      throw new AppError('BAD_INPUT', `--set "${e.row.slice(0, 80)}" ${why}.`, { subject: 'set' });
    }
    const index = (rows[0] as Rows['items'][number]).index;
    const c = byIndex.get(index) ?? { index };
    if (e.field === 'platform') c.platform = e.value as PlatformId;
    else if (e.field === 'include') c.include = /^(yes|true)$/.test(e.value);
    else c[e.field] = e.value;
    byIndex.set(index, c);
  }
  return [...byIndex.values()];
}

/** Why a row is left out unless included: a duplicate, or a password that is not an API key. */
function noteText(i: ImportPreview['items'][number]): string {
  const d = i.duplicateOf;
  if (d !== null) return d.kind === 'vault' ? `in vault: ${d.name}` : `same as ${d.ref}`;
  return i.offByDefault === null ? '' : `left out: ${i.offByDefault}`;
}

/** A row's place as the WHERE column shows it (and --set takes it): the ref without the file name. */
function where(view: { fileName: string }, ref: string): string {
  return ref.replace(view.fileName, '').replace(/^[:\s]+/, '') || ref;
}

/** What the preview prints: the first rows, the first few of each kind of note, and the counts. */
type Digest = {
  fileName: string;
  format: string;
  counts: ImportPreview['counts'];
  head: ImportItemView[];
  paired: ImportItemView[];
  guesses: ImportItemView[];
  warned: ImportItemView[];
  warnedCount: number;
  hasLeftOut: boolean;
  skipped: ImportPreview['skipped'];
};
const LISTED = 20;

/** Gathers a digest from preview rows seen one at a time (a streamed import keeps none of them). */
function digester(fileName: string, format: string, skipped: ImportPreview['skipped']) {
  const d: Omit<Digest, 'counts'> = {
    fileName,
    format,
    head: [],
    paired: [],
    guesses: [],
    warned: [],
    warnedCount: 0,
    hasLeftOut: false,
    skipped,
  };
  return {
    add(i: ImportItemView): void {
      if (d.head.length < PREVIEW_ROWS) d.head.push(i);
      if (i.pairedWith && d.paired.length < LISTED) d.paired.push(i);
      if (i.confidence === 'low' && d.guesses.length < LISTED) d.guesses.push(i);
      if (i.warnings.length > 0 && (d.warnedCount += 1) <= LISTED) d.warned.push(i);
      if (i.offByDefault !== null && i.duplicateOf === null) d.hasLeftOut = true;
    },
    digest: (counts: ImportPreview['counts']): Digest => ({ ...d, counts }),
  };
}

function digestOf(view: ImportPreview): Digest {
  const d = digester(view.fileName, view.format, view.skipped);
  for (const i of view.items) d.add(i);
  return d.digest(view.counts);
}

function printPreview(ctx: Ctx, view: Digest): void {
  const rows = view.head.map((i) => [
    `#${i.index + 1}`,
    where(view, i.ref),
    i.name,
    `${i.platform}${i.service ? ` (${i.service})` : ''}`,
    i.confidence,
    i.hint,
    i.environment,
    noteText(i),
  ]);
  // Rows left out as passwords or logins are not counted among the keys.
  const leftOut = view.counts.leftOut > 0 ? `, ${view.counts.leftOut} left out (not API keys)` : '';
  ctx.out(
    `${view.fileName} (${view.format}): ${plural(view.counts.items - view.counts.leftOut, 'key')}${leftOut}, ${plural(view.counts.duplicates, 'duplicate')}`,
  );
  if (rows.length > 0) ctx.out(table(['#', 'WHERE', 'NAME', 'PLATFORM', 'CONFIDENCE', 'HINT', 'ENV', 'NOTE'], rows));
  if (view.counts.items > PREVIEW_ROWS) ctx.out(`... and ${view.counts.items - PREVIEW_ROWS} more (--json lists all)`);
  for (const i of view.paired) ctx.out(`paired #${i.index + 1} ${i.name}: instance id from ${i.pairedWith}`);
  for (const i of view.guesses)
    ctx.out(
      `guess #${i.index + 1} ${i.name}: ${i.platform} is only a guess (${i.reason}); it stays unconfirmed, and verify --all skips it, unless you --set ${where(view, i.ref)}:platform=${i.platform}`,
    );
  for (const i of view.warned) for (const w of i.warnings) ctx.out(`warning ${where(view, i.ref)}: ${w}`);
  if (view.warnedCount > LISTED)
    ctx.out(`... and ${view.warnedCount - LISTED} more rows with warnings (--json lists all)`);
  if (view.hasLeftOut) ctx.out('Rows marked "left out" are imported only with --set ROW:include=yes.');
  for (const s of view.skipped.slice(0, LISTED)) ctx.out(`skipped ${s.ref}: ${s.reason}`);
  if (view.skipped.length > LISTED) ctx.out(`... and ${view.skipped.length - LISTED} more skipped`);
}

/** With --json, a refused import also answers on stdout (the exit status is still 2; stderr keeps the text). */
export async function importCommand(ctx: Ctx, file: string, flags: ImportFlags): Promise<number> {
  const seen: { view?: ImportPreview } = {};
  try {
    return await runImport(ctx, file, flags, seen);
  } catch (e) {
    if (ctx.json && isAppError(e)) {
      const problems = seen.view?.errors ?? [];
      ctx.out(
        json({
          ok: false,
          dryRun: flags['dry-run'] === true,
          error: { code: e.code, message: e.message },
          problems,
          ...(seen.view ? { preview: seen.view } : {}),
        }),
      );
    }
    throw e;
  }
}

function parseFile(file: string, flags: ImportFlags, mapping: ColumnMapping | undefined) {
  const input = readImportFile(file);
  const { format, parsed } = parseImport(input, {
    ...(flags.format ? { format: flags.format as (typeof IMPORT_FORMATS)[number] } : {}),
    ...(mapping ? { mapping } : {}),
  });
  return { fileName: input.fileName, format, parsed };
}

async function runImport(ctx: Ctx, file: string, flags: ImportFlags, seen: { view?: ImportPreview }): Promise<number> {
  if (flags.format !== undefined && !isImportFormat(flags.format)) {
    throw new AppError('BAD_INPUT', `--format must be one of ${IMPORT_FORMATS.join(', ')}.`, { subject: 'format' });
  }
  if (flags.platform !== undefined && !(PLATFORM_IDS as readonly string[]).includes(flags.platform)) {
    throw new AppError('BAD_INPUT', `--platform must be one of ${PLATFORM_IDS.join(', ')}.`, { subject: 'platform' });
  }
  const dryRun = flags['dry-run'] === true;
  if (!dryRun && flags.yes !== true && !isInteractive(ctx.io)) {
    throw new AppError('BAD_INPUT', 'import needs --yes (or --dry-run) when not run from a terminal.');
  }
  const mapping = mappingFrom(flags.map);
  const edits = setEdits(flags.set);
  // Parse before asking for the password: a bad file costs no unlock.
  // The file's text is not kept past the parse (at 100k entries it is tens of MB beside the planned rows).
  const { fileName, format, parsed } = parseFile(file, flags, mapping);
  return ctx.withVault(async ({ imports }) => {
    if (flags.yes === true && !dryRun) {
      const code = importConfirmed(ctx, imports, { fileName, format, parsed }, flags, edits);
      if (code !== false) return code;
    }
    const defaults = flags.platform ? { platform: flags.platform as PlatformId } : {};
    const first = imports.previewParsed(fileName, format, parsed, defaults);
    seen.view = first;
    const corrections = correctionsFrom(first, edits);
    const view = corrections.length > 0 ? imports.revise(first.id, corrections) : first;
    seen.view = view;
    if (!ctx.json) printPreview(ctx, digestOf(view));
    const includeDuplicates = flags['include-duplicates'] === true;
    const leaveOutInvalid = flags['leave-out-invalid'] === true;
    const included = new Map(corrections.map((c) => [c.index, c.include]));
    const chosen = view.items.filter(
      (i) => included.get(i.index) ?? (i.offByDefault === null && (includeDuplicates || i.duplicateOf === null)),
    );
    // A row with a problem blocks unless it is left out: by --leave-out-invalid, when not included by hand.
    const invalid = chosen.filter((i) => i.errors.length > 0 && included.get(i.index) !== true);
    const toAdd = chosen.length - invalid.length;
    const byHand = chosen.filter((i) => i.errors.length > 0 && included.get(i.index) === true);
    const blocking = leaveOutInvalid
      ? [...view.fileErrors, ...byHand.flatMap((i) => i.errors.map((message) => ({ ref: i.ref, message })))]
      : view.errors;
    if (blocking.length > 0) {
      const e = refusal(view.fileName, blocking);
      // Only rows' own problems can be left out, and not a row included by hand: the flag would not help then.
      // Nor when it would import nothing: every row has a problem.
      if (leaveOutInvalid || view.fileErrors.length > 0 || byHand.length > 0 || invalid.length === 0 || toAdd === 0)
        throw e;
      throw new AppError(
        'BAD_INPUT',
        `${e.message}\n--leave-out-invalid imports the other ${plural(toAdd, 'key')} and leaves ${invalid.length === 1 ? 'this row' : `these ${invalid.length} rows`} out.`,
        { subject: e.subject ?? view.fileName },
      );
    }
    const leftOut = invalid.map((i) => ({ ref: i.ref, name: i.name, problems: i.errors }));
    if (dryRun) {
      if (ctx.json) ctx.out(json({ dryRun: true, preview: view }));
      else {
        const also = leftOut.length > 0 ? `; ${plural(leftOut.length, 'row')} with a problem would be left out` : '';
        ctx.out(`Dry run: ${plural(toAdd, 'key')} would be imported${also}; nothing was written.`);
        printInvalid(ctx, leftOut);
      }
      return leftOut.length > 0 ? EXIT.alerts : EXIT.ok;
    }
    const asked = `Import ${plural(toAdd, 'key')} into the vault${leftOut.length > 0 ? `, leaving out ${plural(leftOut.length, 'row')} with a problem` : ''}?`;
    if (flags.yes !== true && !(await confirm(ctx.io, asked))) {
      ctx.warn('Nothing imported.');
      return EXIT.ok;
    }
    const timer =
      toAdd >= PROGRESS_FROM
        ? setInterval(() => {
            const p = imports.progress();
            ctx.warn(`import: ${p.phase} ${p.done}/${p.total}`);
          }, 500)
        : undefined;
    try {
      const summary = await imports.commit(view.id, {
        includeDuplicates,
        leaveOutInvalid,
        corrections,
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}), // in the agent: the client went away, or it locks
      });
      if (timer) ctx.warn(`import: done ${summary.added}/${summary.added}`);
      printImported(ctx, view.fileName, view.counts, summary);
      return leftOutCode(summary);
    } finally {
      if (timer) clearInterval(timer);
    }
  });
}

/**
 * Exit 1 when rows were left out for a problem: stored, but those keys still need the user (a script's
 * `keyward import .env --yes --leave-out-invalid && rm .env` stops there), as `check` exits 1 for a key needing action.
 */
const leftOutCode = (summary: ImportSummary): number => (summary.invalid.length > 0 ? EXIT.alerts : EXIT.ok);

function printImported(ctx: Ctx, fileName: string, counts: ImportPreview['counts'], summary: ImportSummary): void {
  if (ctx.json)
    ctx.out(
      json({
        dryRun: false,
        counts,
        summary: { ...summary, keys: summary.keys.length > 1000 ? undefined : summary.keys },
      }),
    );
  else {
    const dupes =
      summary.duplicatesSkipped > 0
        ? `; skipped ${plural(summary.duplicatesSkipped, 'duplicate')} (--include-duplicates imports them)`
        : '';
    const invalid =
      summary.invalid.length > 0 ? `; left out ${plural(summary.invalid.length, 'row')} with a problem:` : '.';
    ctx.out(`Imported ${plural(summary.added, 'key')} from ${fileName}${dupes}${invalid}`);
    printInvalid(ctx, summary.invalid);
  }
}

/** Each row left out for its problems: its place, its name and what is wrong (never its value). */
function printInvalid(ctx: Ctx, rows: ImportSummary['invalid']): void {
  for (const r of rows.slice(0, LISTED)) ctx.out(`  ${r.ref} ${r.name}: ${r.problems.join('; ')}`);
  if (rows.length > LISTED) ctx.out(`  ... and ${rows.length - LISTED} more (--json lists all)`);
}

/**
 * --yes: the file is stored as it is planned, in batches inside one transaction, and the preview is printed from
 * what was kept of it (its first rows and notes, its counts). False when it cannot be: a --set that names no row
 * or a problem that is not left out (nothing was written); the full preview then says what is wrong, as without
 * --yes. With --leave-out-invalid, a row with a problem is left out and named, unless included by --set.
 */
function importConfirmed(
  ctx: Ctx,
  imports: Importer,
  file: { fileName: string; format: ImportFormat; parsed: ParseResult },
  flags: ImportFlags,
  edits: SetEdit[],
): number | false {
  const { fileName, format, parsed } = file;
  let corrections: Correction[];
  try {
    const rows = { fileName, items: parsed.candidates.map((c, index) => ({ index, ref: c.ref })) };
    corrections = edits.length > 0 ? correctionsFrom(rows, edits) : [];
  } catch {
    return false;
  }
  const digest = digester(fileName, format, parsed.skipped);
  const shows = parsed.candidates.length >= PROGRESS_FROM;
  let shown = performance.now();
  const done = imports.importParsed(fileName, format, parsed, {
    ...(flags.platform ? { defaults: { platform: flags.platform as PlatformId } } : {}),
    includeDuplicates: flags['include-duplicates'] === true,
    leaveOutInvalid: flags['leave-out-invalid'] === true,
    corrections,
    onRow: ctx.json ? undefined : (row) => digest.add(row),
    onProgress: (p) => {
      if (!shows || performance.now() - shown < 500) return;
      shown = performance.now();
      ctx.warn(`import: ${p.phase} ${p.done}/${p.total}`);
    },
  });
  if (!done) return false;
  if (shows) ctx.warn(`import: done ${done.summary.added}/${done.summary.added}`);
  if (!ctx.json) printPreview(ctx, digest.digest(done.counts));
  printImported(ctx, fileName, done.counts, done.summary);
  return leftOutCode(done.summary);
}
