// Rotation and revocation runs: every arrow of the rotation flow is a saved phase,
// so a crash or a closed app resumes where it stopped (docs/ROTATION.md).

export const ROTATE_PHASES = [
  'started',
  'new-key-stored',
  'new-key-verified',
  'deployments-updated',
  'old-revocation-pending',
  'done',
  'cancelled',
] as const;
export type RunPhase = (typeof ROTATE_PHASES)[number];
export type RunKind = 'rotate' | 'revoke';

export type DeploymentStep = { place: string; state: 'todo' | 'done' | 'skipped'; at?: string; note?: string };

export type RunEvent = { at: string; event: string; detail?: string };

export type RotationRun = {
  id: string;
  kind: RunKind;
  keyId: string;
  phase: RunPhase;
  /** The replacement key, stored the moment it was shown (rotate only). */
  newKeyId?: string;
  createdVia?: 'api' | 'portal';
  deployments: DeploymentStep[];
  /** KAI: regenerating kills the old key at once; the window until every deployment is updated. */
  outage?: { startedAt: string; endedAt?: string };
  log: RunEvent[];
  createdAt: string;
  updatedAt: string;
};

/** What the user (or a host's UI) is asked to do next. */
export type NextStep =
  | { step: 'capture-new-key'; portal: PortalInstructions; warning?: string }
  | { step: 'verify-new-key' }
  | { step: 'update-deployments'; pending: string[] }
  | { step: 'revoke-in-portal'; portal: PortalInstructions }
  | { step: 'confirm-old-key-dead' }
  | { step: 'finished' };

export type PortalInstructions = {
  platform: string;
  url?: string;
  menuPath: string;
  steps: readonly string[];
  notes: readonly string[];
};
