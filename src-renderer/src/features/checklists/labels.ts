// Words of the checklists screen: step states, who changed a step and when, and what
// finishing a run did to its key.
import type { StepState, StepVersion } from '../../../../src-main/contract/checklists';
import { formatDate, formatDateTime } from '../../lib/dates';

export const STATE_LABEL: Record<StepState, string> = {
  todo: 'To do',
  doing: 'Doing',
  done: 'Done',
  skipped: 'Skipped',
};
export const STATE_ORDER: readonly StepState[] = ['todo', 'doing', 'done', 'skipped'];

/** "Ana · Mar 3, 2027, 10:20 AM", or null for a step nobody has touched. */
export function whoAndWhen(v: Pick<StepVersion, 'by' | 'at'>): string | null {
  return v.by ? `${v.by.name} · ${formatDateTime(v.at)}` : null;
}

/** What finishing did to the key, from the core's history detail ("...; expiry A -> B; next rotation C"). */
export function rolledParts(detail: string): {
  expiry: { from: string; to: string } | null;
  lines: string[];
  notReplaced: boolean;
} {
  const parts = detail
    .split(';')
    .slice(1)
    .map((p) => p.trim())
    .filter(Boolean);
  const m = /^expiry (\d{4}-\d{2}-\d{2}) -> (\d{4}-\d{2}-\d{2})$/.exec(parts[0] ?? '');
  const lines = (m ? parts.slice(1) : parts).map((p) =>
    p.replace(/^next rotation (\d{4}-\d{2}-\d{2})$/, (_, d: string) => `Next rotation ${formatDate(d)}`),
  );
  // Finishing changes no date when the secret was not replaced in this vault during the run.
  const notReplaced = detail.includes('the secret was not replaced in this vault');
  return { expiry: m ? { from: m[1] ?? '', to: m[2] ?? '' } : null, lines, notReplaced };
}
