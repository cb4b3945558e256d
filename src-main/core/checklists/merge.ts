// Step-level merge of two copies of one run. Pure. Each step version carries a unique
// change id; a tick supersedes every version it saw. A version that saw the other wins
// outright; concurrent versions keep the later one and show the others as conflicts.
// Commutative and idempotent (test/unit/checklists/merge.test.ts); never drops a step.
import type { Person, RunBody, Step, StepChange, StepState, StepVersion } from './checklist.types.js';

const sortedUnion = (...lists: (readonly string[])[]) => [...new Set(lists.flat())].sort();

const byTime = (a: StepVersion, b: StepVersion) =>
  a.at !== b.at ? (a.at < b.at ? -1 : 1) : a.change < b.change ? -1 : a.change > b.change ? 1 : 0;

export function versionOf(s: StepVersion): StepVersion {
  return {
    state: s.state,
    ...(s.reason !== undefined ? { reason: s.reason } : {}),
    note: s.note,
    by: s.by,
    at: s.at,
    change: s.change,
  };
}

/**
 * A multi-value register: `supersedes` only grows (a tick adds what it saw), and the
 * step's versions are every known version no tick has superseded. The latest of them
 * is the step's state; the others are its conflicts. Unions and a filter, so the
 * merge is commutative, associative and idempotent.
 */
export function mergeStep(a: Step, b: Step): Step {
  const supersedes = sortedUnion(a.supersedes, b.supersedes);
  const dominated = new Set(supersedes);
  const heads = new Map<string, StepVersion>();
  for (const v of [a, b, ...a.conflicts, ...b.conflicts])
    if (!dominated.has(v.change)) heads.set(v.change, versionOf(v));
  const sorted = [...heads.values()].sort(byTime);
  const win = sorted.pop() ?? versionOf(byTime(a, b) >= 0 ? a : b);
  return {
    id: a.id,
    title: a.title,
    ...(a.detail !== undefined ? { detail: a.detail } : {}),
    ...win,
    supersedes,
    conflicts: sorted,
  };
}

/** A new version of a step by `by` at `at`: it supersedes the current one and settles its conflicts. */
export function tickStep(
  step: Step,
  next: { state: StepState; reason?: string; note?: string },
  by: Person,
  at: string,
  change: string,
): Step {
  return {
    id: step.id,
    title: step.title,
    ...(step.detail !== undefined ? { detail: step.detail } : {}),
    state: next.state,
    ...(next.state === 'skipped' ? { reason: next.reason ?? step.reason ?? '' } : {}),
    note: next.note ?? step.note,
    by,
    at,
    change,
    supersedes: sortedUnion(
      step.supersedes,
      [step.change],
      step.conflicts.map((c) => c.change),
    ),
    conflicts: [],
  };
}

export type MergeResult = { body: RunBody; changes: StepChange[] };

/** Merges `theirs` into `ours`; `changes` lists what differs from ours afterwards. */
export function mergeRuns(ours: RunBody, theirs: RunBody): MergeResult {
  const theirSteps = new Map(theirs.steps.map((s) => [s.id, s]));
  const ourIds = new Set(ours.steps.map((s) => s.id));
  const changes: StepChange[] = [];
  const steps = ours.steps.map((mine) => {
    const other = theirSteps.get(mine.id);
    if (other === undefined) return mine;
    const merged = mergeStep(mine, other);
    const isNewConflict = merged.conflicts.some((c) => !mine.conflicts.some((m) => m.change === c.change));
    if (merged.change !== mine.change || isNewConflict)
      changes.push({
        stepId: merged.id,
        title: merged.title,
        from: mine.state,
        to: merged.state,
        by: merged.by,
        conflict: isNewConflict,
      });
    return merged;
  });
  for (const s of theirs.steps) {
    if (ourIds.has(s.id)) continue;
    steps.push(s); // a step only one side knows is kept, never dropped
    changes.push({ stepId: s.id, title: s.title, from: null, to: s.state, by: s.by, conflict: false });
  }
  return { body: { ...ours, steps }, changes };
}
