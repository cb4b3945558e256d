// A confirmed import (the CLI's --yes) without a preview kept: rows are planned, checked, sealed and inserted in
// batches inside ONE transaction, so the memory holds one batch of planned and sealed rows, never the whole file's.
// Each row is planned, found a duplicate (of the vault or of an earlier row) and chosen exactly as a preview and
// its commit would; a row with a problem is left out and named when the caller says so (`leaveOutInvalid`), else
// it rolls everything back and the caller previews to name every problem. A real failure rolls everything back.
// SECURITY: the rows handed to `onRow` are preview rows (hints, never a secret).
import type { ImportProgress, ImportSummary } from '../../../contract/transfer.js';
import { AppError, isAppError } from '../../errors.js';
import type { Inventory } from '../../inventory/inventory.service.js';
import type { KeySecret } from '../../inventory/key.types.js';
import type { Vault } from '../../vault/vault.js';
import {
  fileProblems,
  itemView,
  planner,
  previewCounter,
  revisedItem,
  rowOutcome,
  type Correction,
  type ImportDefaults,
  type ImportItemView,
  type ImportPreview,
} from './import-plan.js';
import type { ImportFormat, ParseResult } from './import.types.js';

export type StreamOptions = {
  defaults?: ImportDefaults;
  includeDuplicates?: boolean;
  /** Leave out (and name in the summary) each row with a problem the user did not include by hand. */
  leaveOutInvalid?: boolean;
  corrections?: Correction[];
  /** Each preview row, in file order, as the preview would show it after the corrections. */
  onRow?: (row: ImportItemView) => void;
  /** After each stored batch (the transaction is still open). */
  onProgress?: (progress: ImportProgress) => void;
};
export type StreamedImport = { summary: ImportSummary; counts: ImportPreview['counts'] };

const BATCH = 1000;
/** Thrown inside the transaction to roll it back when a row has a problem that is not left out. */
const REFUSED = Symbol('refused');

/** Stores a parsed file in one transaction; null when a problem blocks it (then nothing was written). */
export function streamImport(
  deps: { vault: Vault; inventory: Inventory; tagOf: (s: KeySecret) => string },
  file: { fileName: string; format: ImportFormat; parsed: ParseResult },
  options: StreamOptions = {},
): StreamedImport | null {
  const { vault, inventory, tagOf } = deps;
  const { parsed } = file;
  if (fileProblems(parsed).length > 0) return null;
  const defaults = options.defaults ?? {};
  const choice = {
    includeDuplicates: options.includeDuplicates === true,
    leaveOutInvalid: options.leaveOutInvalid === true,
  };
  const fixes = new Map((options.corrections ?? []).map((c) => [c.index, c]));
  let plan: ReturnType<typeof planner> | null = null;
  const counter = previewCounter();
  const detail = `imported from ${file.fileName} (${file.format})`;
  const now = new Date();
  let at: string | undefined; // the inventory's time of the first batch, given to every later one
  const total = parsed.candidates.length;
  const keys: ImportSummary['keys'] = [];
  let duplicatesSkipped = 0;
  let excluded = 0;
  const invalid: ImportSummary['invalid'] = [];
  let batch: ReturnType<Inventory['prepare']>[] = [];
  const flush = (done: number) => {
    if (batch.length > 0)
      for (const r of inventory.insertPrepared(batch, at)) {
        at ??= r.recordCreatedAt;
        keys.push({ id: r.id, name: r.name });
      }
    batch = [];
    options.onProgress?.({ phase: 'sealing', done, total });
  };
  try {
    vault.write(() => {
      // The stored keys are read under the write lock: another import that committed meanwhile (two at once) is
      // seen, so its keys are duplicates here, not stored twice.
      const planned = (plan ??= planner(parsed, tagOf, inventory.keysBySecretTag(), defaults));
      parsed.candidates.forEach((c, index) => {
        const item = planned(c, index);
        const fix = fixes.get(index);
        const outcome = rowOutcome(item, defaults, fix, choice);
        if (outcome.kind === 'refused') throw REFUSED;
        const row = itemView(revisedItem(item, defaults, fix), now);
        counter.add(row);
        options.onRow?.(row);
        if (outcome.kind === 'duplicate') duplicatesSkipped += 1;
        else if (outcome.kind === 'excluded') excluded += 1;
        else if (outcome.kind === 'invalid') {
          excluded += 1;
          invalid.push(outcome.row);
        } else {
          batch.push(inventory.prepare(outcome.item.input, outcome.item.secret, { detail }));
          if (batch.length >= BATCH) flush(index + 1);
        }
      });
      flush(total);
    });
  } catch (e) {
    inventory.invalidate(); // the rows it cached were rolled back
    if (e === REFUSED) return null;
    if (isAppError(e)) throw e;
    throw new AppError('INTERNAL', 'The import failed; nothing was imported.', { cause: e });
  }
  return {
    summary: { added: keys.length, duplicatesSkipped, excluded, invalid, keys },
    // Counted as a preview of the file counts them: a row left out for its problems is one of its errors.
    counts: counter.counts(
      invalid.flatMap((r) => r.problems.map((message) => ({ ref: r.ref, message }))),
      parsed.skipped,
    ),
  };
}
