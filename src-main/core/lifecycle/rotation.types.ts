// The run model is declared in the contract (contract/rotations.ts): the renderer reads it
// from there, the core from here.
export {
  ROTATE_PHASES,
  type Dependants,
  type DeploymentStep,
  type KeyCapChoice,
  type NextStep,
  type PortalInstructions,
  type RotationRun,
  type RunEvent,
  type RunKind,
  type RunPhase,
  type RunPlan,
  type RunSequence,
  type RunSteps,
} from '../../contract/rotations.js';
