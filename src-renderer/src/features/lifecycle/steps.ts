// Where a rotation or revocation run stands, as the wizard's stepper shows it.
import type { RotationRun } from '../../../../src-main/core/lifecycle/rotation.types';

export const ROTATE_STEPS = ['New key', 'Verify', 'Deployments', 'Revoke old', 'Confirm'] as const;
export const REVOKE_STEPS = ['Revoke in the portal', 'Confirm it is dead'] as const;

const ROTATE_INDEX: Record<RotationRun['phase'], number> = {
  started: 0,
  'new-key-stored': 1,
  'new-key-verified': 2,
  'deployments-updated': 3,
  'old-revocation-pending': 4,
  'old-key-dead': 4,
  done: 5,
  cancelled: 5,
};

export function stepIndex(run: RotationRun): number {
  if (run.kind === 'revoke') return run.phase === 'done' || run.phase === 'cancelled' ? 2 : 0;
  return ROTATE_INDEX[run.phase];
}
