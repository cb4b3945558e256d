// The rotations domain of the contract: creating a key through its platform's flow, and
// rotation and revocation runs, where every arrow of the rotation flow is a saved phase,
// so a crash or a closed app resumes where it stopped (docs/ROTATION.md). Imports only zod.
import { z } from 'zod';
import { KeyInputSchema, type KeyRecord, type KeyStatus, type Verification } from './keys.js';
import { day, expiresInDays, id, secretIn } from './schemas.js';

export const ROTATE_PHASES = [
  'started',
  'new-key-stored',
  'new-key-verified',
  'deployments-updated',
  'old-revocation-pending',
  /** The platform refused the old key; the new one is checked again before the run is done. */
  'old-key-dead',
  'done',
  'cancelled',
] as const;
export type RunPhase = (typeof ROTATE_PHASES)[number];
export type RunKind = 'rotate' | 'revoke';
/**
 * overlap: new key made beside the old one, old revoked last (most platforms).
 * replace-at-once: one portal action makes the new key and kills the old one (KAI Regenerate).
 * revoke-first: the platform's key cap is reached, so the old key is deleted before the new one is made.
 */
export type RunSequence = 'overlap' | 'replace-at-once' | 'revoke-first';

export type DeploymentStep = { place: string; state: 'todo' | 'done' | 'skipped'; at?: string; note?: string };

export type RunEvent = { at: string; event: string; detail?: string };

export type RotationRun = {
  id: string;
  kind: RunKind;
  keyId: string;
  phase: RunPhase;
  /** Absent on runs saved before sequences existed: the platform's own sequence. */
  sequence?: RunSequence;
  /** The replacement key, stored the moment it was shown (rotate only). */
  newKeyId?: string;
  createdVia?: 'api' | 'portal';
  deployments: DeploymentStep[];
  /** KAI: regenerating kills the old key at once; the window until every deployment is updated. */
  outage?: { startedAt: string; endedAt?: string };
  /** The old key as it was when the new one was stored: what a cancel puts back. */
  before?: { name: string; status: KeyStatus; deployedTo: string[] };
  /** The phase a cancelled run was at when it was cancelled (what its stepper shows as done). */
  cancelledFrom?: RunPhase;
  /** The new key verified valid and took the old one's name, deployments and references. */
  promoted?: boolean;
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
  /** `automatic`: the old key is already dead by the sequence itself; Keyward only checks it (no portal step). */
  | { step: 'confirm-old-key-dead'; automatic: boolean }
  | { step: 'reverify-new-key' }
  | { step: 'finished' };

/** The run's sequence as both hosts show it: the platform's step labels and where the run stands. */
export type RunSteps = { labels: readonly string[]; at: number };

/** What depends on a key, shown before a revocation or rotation changes anything. */
export type Dependants = {
  deployments: string[];
  environment: string;
  lastUsedAt: string | null;
  openChecklists: { id: string; title: string }[];
};

/** Everything a host shows before the user confirms: nothing is written to build it. */
export type RunPlan = {
  kind: RunKind;
  keyId: string;
  keyName: string;
  platform: string;
  sequence: RunSequence;
  steps: readonly string[];
  dependants: Dependants;
  /** Revoke of a production key or a key with deployments: the user types the key's name. */
  typeNameToConfirm: boolean;
  /** Why the user must confirm before anything starts (outage of a replace-at-once or revoke-first run). */
  outageWarning?: string;
  /** The platform's key cap is reached: the choices a rotation has. */
  cap?: KeyCapChoice;
  openRunId?: string;
};

export type KeyCapChoice = {
  message: string;
  /** Keys Keyward knows that still count against the cap but look unneeded (revoked, unused, expired). */
  candidates: { id: string; name: string; why: string }[];
  revokeFirstOutage: string;
};

export type PortalInstructions = {
  platform: string;
  url?: string;
  menuPath: string;
  steps: readonly string[];
  notes: readonly string[];
};

/** How a platform's keys expire: what the create and rotate flows ask for. */
export type ExpiryPolicy =
  | { kind: 'none'; note: string }
  | { kind: 'optional-date'; note: string }
  | { kind: 'choices'; days: readonly number[]; required: boolean; note: string };

/** What a host shows before the user goes to the portal. */
export type CreatePlan = {
  portal: PortalInstructions;
  /** Whether the platform would accept another key for this account; `message` says why not. */
  limit: {
    allowed: boolean;
    message?: string;
    warnings: string[];
    remaining?: number;
  };
  expiry: ExpiryPolicy | null;
  accountLabel: string;
  /** The platform's account tiers, cheapest first (Knouds, Kaana); empty when it has none. */
  tiers: readonly string[];
};

/** A key just created through its platform's flow: stored first, then verified (null for a custom key). */
export type CreatedKeyView = { key: KeyRecord; verification: Verification | null; warnings: string[] };

/** A rotation or revocation run and what the user is asked to do next. */
export type RunView = {
  run: RotationRun;
  next: NextStep;
  steps: RunSteps;
  /** Why a cancel is refused now (the old key already died in the portal), or null when it may go on. */
  cancelRefusal: string | null;
};

const kind = z.enum(['rotate', 'revoke']);

export const ROTATION_CHANNELS = {
  'keys.verify': z.object({ id }).strict(),
  'keys.createPlan': z
    .object({
      platform: z.string().min(1).max(50),
      account: z.string().max(500).optional(),
      tier: z.string().max(100).optional(),
    })
    .strict(),
  'keys.create': z
    .object({ fields: KeyInputSchema.describe('key'), secret: secretIn, expiresInDays: expiresInDays.optional() })
    .strict(),
  'rotations.plan': z.object({ keyId: id, kind }).strict(),
  'rotations.start': z
    .object({
      keyId: id,
      kind,
      confirmName: z.string().max(500).optional(),
      sequence: z.enum(['overlap', 'replace-at-once', 'revoke-first']).optional(),
    })
    .strict(),
  'rotations.open': z.object({ keyId: id }).strict(),
  'rotations.storeNewKey': z
    .object({
      runId: id,
      secret: secretIn,
      expiresAt: day.nullable().optional(),
      expiresInDays: expiresInDays.optional(),
    })
    .strict(),
  'rotations.verifyNewKey': z.object({ runId: id }).strict(),
  'rotations.tickDeployment': z
    .object({ runId: id, place: z.string().min(1).max(500), state: z.enum(['done', 'skipped']) })
    .strict(),
  'rotations.beginRevocation': z.object({ runId: id }).strict(),
  'rotations.confirmOldKeyDead': z.object({ runId: id }).strict(),
  'rotations.reverifyNewKey': z.object({ runId: id }).strict(),
  'rotations.cancel': z.object({ runId: id }).strict(),
  'rotations.markOutageStarted': z.object({ runId: id }).strict(),
} as const;

export type RotationOutputs = {
  'keys.verify': Verification;
  'keys.createPlan': CreatePlan;
  'keys.create': CreatedKeyView;
  'rotations.plan': RunPlan;
  'rotations.start': RunView;
  'rotations.open': RunView | null;
  'rotations.storeNewKey': RunView;
  'rotations.verifyNewKey': RunView & { verification: Verification };
  'rotations.tickDeployment': RunView;
  'rotations.beginRevocation': RunView;
  'rotations.confirmOldKeyDead': RunView & {
    verification: Verification;
    confirmed: boolean;
    newKeyVerification: Verification | null;
  };
  'rotations.reverifyNewKey': RunView & { verification: Verification };
  'rotations.cancel': RunView;
  'rotations.markOutageStarted': RunView;
};
