// Step-level merge, property style with a seeded PRNG: replicas of one run edit steps
// and exchange copies at random; merging is commutative and idempotent, every replica
// converges to the same steps, no change is lost, and a conflict keeps the later change.
import { describe, expect, it } from 'vitest';
import type { Person, RunBody, Step, StepState } from '../../../src-main/core/checklists/checklist.types.js';
import { mergeRuns, mergeStep, tickStep } from '../../../src-main/core/checklists/merge.js';
import { prng } from '../../helpers/prng.js';

const STATES: StepState[] = ['todo', 'doing', 'done', 'skipped'];
const person = (i: number): Person => ({ name: `p${i}`, fingerprint: `f${i}` });

function baseRun(steps: number): RunBody {
  const at = '2026-11-25T09:00:00.000Z';
  return {
    id: 'run-1',
    title: 'Rotate',
    templateId: 'custom',
    key: { id: 'k', name: 'k', platform: 'custom', account: '', deployments: [] },
    dueDate: null,
    createdAt: at,
    createdBy: person(0),
    steps: Array.from({ length: steps }, (_, i): Step => ({
      id: `s${i}`,
      title: `Step ${i}`,
      state: 'todo',
      note: '',
      by: null,
      at,
      change: `init-s${i}`,
      supersedes: [],
      conflicts: [],
    })),
  };
}

type World = { replicas: RunBody[]; changes: Set<string>; clockMs: number };

function simulate(seed: number, replicas = 3, steps = 4, rounds = 40): World {
  const rnd = prng(seed);
  const world: World = {
    replicas: Array.from({ length: replicas }, () => baseRun(steps)),
    changes: new Set(),
    clockMs: Date.parse('2026-11-25T09:00:00Z'),
  };
  let n = 0;
  for (let r = 0; r < rounds; r++) {
    const who = Math.floor(rnd() * replicas);
    const run = world.replicas[who] as RunBody;
    if (rnd() < 0.6) {
      const i = Math.floor(rnd() * steps);
      // Some ticks share a timestamp with others, to exercise the tie-break.
      world.clockMs += rnd() < 0.2 ? 0 : Math.floor(rnd() * 60_000) + 1;
      const state = STATES[Math.floor(rnd() * STATES.length)] as StepState;
      const change = `c${String(n++).padStart(4, '0')}`;
      world.changes.add(change);
      const steps2 = [...run.steps];
      steps2[i] = tickStep(
        run.steps[i] as Step,
        { state, reason: 'r', note: rnd() < 0.3 ? `note ${n}` : '' },
        person(who),
        new Date(world.clockMs).toISOString(),
        change,
      );
      world.replicas[who] = { ...run, steps: steps2 };
    } else {
      const other = Math.floor(rnd() * replicas);
      world.replicas[who] = mergeRuns(run, world.replicas[other] as RunBody).body;
    }
  }
  return world;
}

const strip = (r: RunBody) => r.steps;

describe('merge properties (seeded)', () => {
  for (const seed of [1, 2, 3, 7, 42, 1234, 99991, 20261125]) {
    it(`seed ${seed}: commutative, idempotent, convergent, nothing lost`, () => {
      const w = simulate(seed);
      const [a, b, c] = w.replicas as [RunBody, RunBody, RunBody];
      expect(strip(mergeRuns(a, b).body)).toEqual(strip(mergeRuns(b, a).body));
      expect(strip(mergeRuns(a, a).body)).toEqual(strip(a));
      const ab = mergeRuns(a, b).body;
      expect(strip(mergeRuns(ab, b).body)).toEqual(strip(ab));
      expect(strip(mergeRuns(mergeRuns(a, b).body, c).body)).toEqual(strip(mergeRuns(a, mergeRuns(b, c).body).body));
      // Gossip until quiet: everyone ends with the same steps.
      let rs = [a, b, c];
      for (let round = 0; round < 3; round++) rs = rs.map((r) => rs.reduce((acc, o) => mergeRuns(acc, o).body, r));
      for (const r of rs) expect(strip(r)).toEqual(strip(rs[0] as RunBody));
      // Every change made anywhere is the current version of its step or superseded by it.
      const final = rs[0] as RunBody;
      const seen = new Set(
        final.steps.flatMap((s) => [s.change, ...s.supersedes, ...s.conflicts.map((c) => c.change)]),
      );
      for (const ch of w.changes) expect(seen.has(ch), ch).toBe(true);
      for (const s of final.steps) {
        for (const x of s.conflicts) expect(x.at <= s.at).toBe(true); // the later change wins
        expect(seen.size).toBeGreaterThan(0);
      }
    });
  }
});

describe('mergeStep', () => {
  const base = baseRun(1).steps[0] as Step;
  const a = tickStep(base, { state: 'done', note: '' }, person(1), '2026-11-25T10:00:00.000Z', 'ca');
  const b = tickStep(base, { state: 'skipped', reason: 'gone', note: '' }, person(2), '2026-11-25T11:00:00.000Z', 'cb');

  it('a change that saw the other wins without a conflict', () => {
    const later = tickStep(a, { state: 'doing' }, person(2), '2026-11-25T09:30:00.000Z', 'cc');
    expect(mergeStep(a, later)).toMatchObject({ state: 'doing', change: 'cc', conflicts: [] });
    expect(mergeStep(later, a)).toMatchObject({ state: 'doing', change: 'cc', conflicts: [] });
  });

  it('concurrent changes: the later wins, the other is a visible conflict', () => {
    const m = mergeStep(a, b);
    expect(m).toMatchObject({ state: 'skipped', reason: 'gone', change: 'cb' });
    expect(m.conflicts).toEqual([expect.objectContaining({ state: 'done', change: 'ca', by: person(1) })]);
    expect(mergeStep(b, a)).toEqual(m);
  });

  it('three concurrent changes: the latest wins, both others are shown; a new tick settles them', () => {
    const c = tickStep(base, { state: 'doing' }, person(3), '2026-11-25T10:30:00.000Z', 'cc');
    const m = mergeStep(mergeStep(a, c), b);
    expect(m.change).toBe('cb');
    expect(m.conflicts.map((x) => x.change)).toEqual(['ca', 'cc']);
    const settled = tickStep(m, { state: 'done' }, person(1), '2026-11-25T12:00:00.000Z', 'cd');
    expect(mergeStep(settled, c)).toMatchObject({ change: 'cd', conflicts: [] });
  });

  it('keeps a step only one side has', () => {
    const one = baseRun(1);
    const two = baseRun(2);
    expect(mergeRuns(one, two).body.steps.map((s) => s.id)).toEqual(['s0', 's1']);
    expect(mergeRuns(two, one).body.steps.map((s) => s.id)).toEqual(['s0', 's1']);
  });
});
