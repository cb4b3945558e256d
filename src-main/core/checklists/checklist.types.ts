// The checklist model: templates, runs, steps and the versions of a step that a
// merge compares. Types only. Nothing here may ever hold a secret or a key's hint.
import type { PlatformId } from '../inventory/key.types.js';

export const STEP_STATES = ['todo', 'doing', 'done', 'skipped'] as const;
export type StepState = (typeof STEP_STATES)[number];

/** Who changed something: a display name and the fingerprint of their signing key. */
export type Person = { name: string; fingerprint: string };

/** `deployments` expands, when a run starts, to one step per recorded deployment of the key. */
export type TemplateStep = { id: string; title: string; detail?: string; kind: 'task' | 'deployments' };

export type Template = {
  id: string; // a platform id for the built-ins (and their edited versions), else a name the user chose
  name: string;
  platform: PlatformId | null;
  steps: TemplateStep[];
  builtIn: boolean;
  updatedAt: string; // ISO instant
};

/** One version of a step's state. `change` is unique per edit; `supersedes` lists every change it replaced. */
export type StepVersion = {
  state: StepState;
  reason?: string; // required for skipped
  note: string;
  by: Person | null; // null: never changed since the run started
  at: string; // ISO instant of the change
  change: string; // unique id of this change
};

export type Step = StepVersion & {
  id: string; // stable within the run: merges match on it
  title: string;
  detail?: string;
  supersedes: string[];
  /** Concurrent versions that lost to this one (the later change wins); shown until someone ticks again. */
  conflicts: StepVersion[];
};

/** What a run shares: never a secret, a hint, notes of the key or its owner's contact. */
export type RunKeyRef = { id: string; name: string; platform: PlatformId; account: string; deployments: string[] };

export type RunBody = {
  id: string;
  title: string;
  templateId: string;
  key: RunKeyRef;
  dueDate: string | null; // YYYY-MM-DD
  createdAt: string;
  createdBy: Person;
  steps: Step[];
};

/** What only this vault knows about a run: the local key it is linked to and whether it finished here. */
export type RunLocal = { keyId: string | null; finishedAt: string | null; rolled: string | null };

export type Run = RunBody & { local: RunLocal };

export type RunSummary = {
  id: string;
  title: string;
  keyName: string;
  platform: PlatformId;
  dueDate: string | null;
  done: number;
  total: number;
  conflicts: number;
  finished: boolean;
};

/** What an import or merge changed, for the user to read. */
export type StepChange = {
  stepId: string;
  title: string;
  from: StepState | null;
  to: StepState;
  by: Person | null;
  conflict: boolean;
};

export const isClosedState = (s: StepState) => s === 'done' || s === 'skipped';
export const isFinished = (run: RunBody) => run.steps.length > 0 && run.steps.every((s) => isClosedState(s.state));
