// Step-level merge of two copies of one run. Pure. Each step version carries a unique
// change id and the ids it superseded: a version that saw the other wins outright;
// two concurrent versions keep the later one and record the other as a visible conflict.
// Commutative and idempotent (test/unit/checklists/merge.test.ts); never drops a step.
import type { Person, RunBody, Step, StepChange, StepState, StepVersion } from './checklist.types.js';

const sortedUnion = (...lists: (readonly string[])[]) => [...new Set(lists.flat())].sort();

const later = (a: StepVersion, b: StepVersion) => (a.at !== b.at ? a.at > b.at : a.change > b.change);

export const sameResult = (a: StepVersion, b: StepVersion) =>
  a.state === b.state && (a.reason ?? '') === (b.reason ?? '') && a.note === b.note;

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

/** Conflicts that still tell the user something: one per change, not the winner, not the winner's result. */
function normalise(winner: StepVersion, conflicts: readonly StepVersion[]): StepVersion[] {
  const byChange = new Map<string, StepVersion>();
  for (const c of conflicts) if (c.change !== winner.change && !sameResult(c, winner)) byChange.set(c.change, c);
  return [...byChange.values()]
    .map(versionOf)
    .sort((a, b) => (a.at !== b.at ? (a.at < b.at ? -1 : 1) : a.change < b.change ? -1 : 1));
}

export function mergeStep(a: Step, b: Step): Step {
  if (a.change === b.change) {
    return {
      ...a,
      supersedes: sortedUnion(a.supersedes, b.supersedes),
      conflicts: normalise(a, [...a.conflicts, ...b.conflicts]),
    };
  }
  const aSawB = a.supersedes.includes(b.change);
  const bSawA = b.supersedes.includes(a.change);
  if (aSawB !== bSawA) {
    const [win, lose] = aSawB ? [a, b] : [b, a];
    return {
      ...win,
      supersedes: sortedUnion(win.supersedes, lose.supersedes),
      conflicts: normalise(win, win.conflicts),
    };
  }
  const [win, lose] = later(a, b) ? [a, b] : [b, a];
  return {
    ...win,
    supersedes: sortedUnion(a.supersedes, b.supersedes, [lose.change]).filter((c) => c !== win.change),
    conflicts: normalise(win, [...a.conflicts, ...b.conflicts, versionOf(lose)]),
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
