// The checklist model (templates, runs, steps and the versions of a step that a merge
// compares) is declared in the contract (contract/checklists.ts); the core reads it from
// here. Nothing here may ever hold a secret or a key's hint.
import type { RunBody, StepState } from '../../contract/checklists.js';

export {
  STEP_STATES,
  type Person,
  type Run,
  type RunBody,
  type RunKeyRef,
  type RunLocal,
  type RunSummary,
  type Step,
  type StepChange,
  type StepState,
  type StepVersion,
  type Template,
  type TemplateStep,
} from '../../contract/checklists.js';

export const isClosedState = (s: StepState) => s === 'done' || s === 'skipped';
export const isFinished = (run: RunBody) => run.steps.length > 0 && run.steps.every((s) => isClosedState(s.state));
