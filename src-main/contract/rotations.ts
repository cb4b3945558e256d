// The rotations domain of the contract: creating a key through its platform's flow, and
// rotation and revocation runs, where every arrow of the rotation flow is a saved phase,
// so a crash or a closed app resumes where it stopped (docs/ROTATION.md). Imports only zod.
import { z } from 'zod';
import { KEY_STATUSES, KeyInputSchema, KeyRecordSchema, VerificationSchema } from './keys.js';
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
export const RUN_KINDS = ['rotate', 'revoke'] as const;
export type RunKind = (typeof RUN_KINDS)[number];
/**
 * overlap: new key made beside the old one, old revoked last (most platforms).
 * replace-at-once: one portal action makes the new key and kills the old one (KAI Regenerate).
 * revoke-first: the platform's key cap is reached, so the old key is deleted before the new one is made.
 */
export const RUN_SEQUENCES = ['overlap', 'replace-at-once', 'revoke-first'] as const;
export type RunSequence = (typeof RUN_SEQUENCES)[number];

const phase = z.enum(ROTATE_PHASES);
const texts = z.array(z.string()).readonly();

export const DeploymentStepSchema = z.strictObject({
  place: z.string(),
  state: z.enum(['todo', 'done', 'skipped']),
  at: z.string().optional(),
  note: z.string().optional(),
});
export type DeploymentStep = z.output<typeof DeploymentStepSchema>;

export const RunEventSchema = z.strictObject({ at: z.string(), event: z.string(), detail: z.string().optional() });
export type RunEvent = z.output<typeof RunEventSchema>;

export const RotationRunSchema = z.strictObject({
  id: z.string(),
  kind: z.enum(RUN_KINDS),
  keyId: z.string(),
  phase,
  /** Absent on runs saved before sequences existed: the platform's own sequence. */
  sequence: z.enum(RUN_SEQUENCES).optional(),
  /** The replacement key, stored the moment it was shown (rotate only). */
  newKeyId: z.string().optional(),
  createdVia: z.enum(['api', 'portal']).optional(),
  deployments: z.array(DeploymentStepSchema),
  /** KAI: regenerating kills the old key at once; the window until every deployment is updated. */
  outage: z.strictObject({ startedAt: z.string(), endedAt: z.string().optional() }).optional(),
  /** The old key as it was when the new one was stored: what a cancel puts back. */
  before: z
    .strictObject({ name: z.string(), status: z.enum(KEY_STATUSES), deployedTo: z.array(z.string()) })
    .optional(),
  /** The phase a cancelled run was at when it was cancelled (what its stepper shows as done). */
  cancelledFrom: phase.optional(),
  /** The new key verified valid and took the old one's name, deployments and references. */
  promoted: z.boolean().optional(),
  log: z.array(RunEventSchema),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RotationRun = z.output<typeof RotationRunSchema>;

export const PortalInstructionsSchema = z.strictObject({
  platform: z.string(),
  url: z.string().optional(),
  menuPath: z.string(),
  steps: texts,
  notes: texts,
});
export type PortalInstructions = z.output<typeof PortalInstructionsSchema>;

/** What the user (or a host's UI) is asked to do next. */
export const NextStepSchema = z.discriminatedUnion('step', [
  z.strictObject({
    step: z.literal('capture-new-key'),
    portal: PortalInstructionsSchema,
    warning: z.string().optional(),
  }),
  z.strictObject({ step: z.literal('verify-new-key') }),
  z.strictObject({ step: z.literal('update-deployments'), pending: z.array(z.string()) }),
  z.strictObject({ step: z.literal('revoke-in-portal'), portal: PortalInstructionsSchema }),
  /** `automatic`: the old key is already dead by the sequence itself; Keyward only checks it (no portal step). */
  z.strictObject({ step: z.literal('confirm-old-key-dead'), automatic: z.boolean() }),
  z.strictObject({ step: z.literal('reverify-new-key') }),
  z.strictObject({ step: z.literal('finished') }),
]);
export type NextStep = z.output<typeof NextStepSchema>;

/** The run's sequence as both hosts show it: the platform's step labels and where the run stands. */
export const RunStepsSchema = z.strictObject({ labels: texts, at: z.number() });
export type RunSteps = z.output<typeof RunStepsSchema>;

/** What depends on a key, shown before a revocation or rotation changes anything. */
export const DependantsSchema = z.strictObject({
  deployments: z.array(z.string()),
  environment: z.string(),
  lastUsedAt: z.string().nullable(),
  openChecklists: z.array(z.strictObject({ id: z.string(), title: z.string() })),
});
export type Dependants = z.output<typeof DependantsSchema>;

export const KeyCapChoiceSchema = z.strictObject({
  message: z.string(),
  /** Keys Keyward knows that still count against the cap but look unneeded (revoked, unused, expired). */
  candidates: z.array(z.strictObject({ id: z.string(), name: z.string(), why: z.string() })),
  revokeFirstOutage: z.string(),
});
export type KeyCapChoice = z.output<typeof KeyCapChoiceSchema>;

/** Everything a host shows before the user confirms: nothing is written to build it. */
export const RunPlanSchema = z.strictObject({
  kind: z.enum(RUN_KINDS),
  keyId: z.string(),
  keyName: z.string(),
  platform: z.string(),
  sequence: z.enum(RUN_SEQUENCES),
  steps: texts,
  dependants: DependantsSchema,
  /** Revoke of a production key or a key with deployments: the user types the key's name. */
  typeNameToConfirm: z.boolean(),
  /** Why the user must confirm before anything starts (outage of a replace-at-once or revoke-first run). */
  outageWarning: z.string().optional(),
  /** The platform's key cap is reached: the choices a rotation has. */
  cap: KeyCapChoiceSchema.optional(),
  openRunId: z.string().optional(),
});
export type RunPlan = z.output<typeof RunPlanSchema>;

/** How a platform's keys expire: what the create and rotate flows ask for. */
export const ExpiryPolicySchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('none'), note: z.string() }),
  z.strictObject({ kind: z.literal('optional-date'), note: z.string() }),
  z.strictObject({
    kind: z.literal('choices'),
    days: z.array(z.number()).readonly(),
    required: z.boolean(),
    note: z.string(),
  }),
]);
export type ExpiryPolicy = z.output<typeof ExpiryPolicySchema>;

/** What a host shows before the user goes to the portal. */
export const CreatePlanSchema = z.strictObject({
  portal: PortalInstructionsSchema,
  /** Whether the platform would accept another key for this account; `message` says why not. */
  limit: z.strictObject({
    allowed: z.boolean(),
    message: z.string().optional(),
    /** What stands in the way: the account's plan (`tier`) or the platform's count of keys (`max-keys`). */
    reason: z.enum(['max-keys', 'tier']).optional(),
    warnings: z.array(z.string()),
    remaining: z.number().optional(),
  }),
  expiry: ExpiryPolicySchema.nullable(),
  accountLabel: z.string(),
  /** The platform's account tiers, cheapest first (Knouds, Kaana); empty when it has none. */
  tiers: texts,
});
export type CreatePlan = z.output<typeof CreatePlanSchema>;

/** A key just created through its platform's flow: stored first, then verified (null for a custom key). */
export const CreatedKeyViewSchema = z.strictObject({
  key: KeyRecordSchema,
  verification: VerificationSchema.nullable(),
  warnings: z.array(z.string()),
});
export type CreatedKeyView = z.output<typeof CreatedKeyViewSchema>;

/** A rotation or revocation run and what the user is asked to do next. */
export const RunViewSchema = z.strictObject({
  run: RotationRunSchema,
  next: NextStepSchema,
  steps: RunStepsSchema,
  /** Why a cancel is refused now (the old key already died in the portal), or null when it may go on. */
  cancelRefusal: z.string().nullable(),
});
export type RunView = z.output<typeof RunViewSchema>;
const verifiedView = RunViewSchema.extend({ verification: VerificationSchema });

const kind = z.enum(RUN_KINDS);

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
      sequence: z.enum(RUN_SEQUENCES).optional(),
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

/** What each rotations channel answers: a run holds key ids and names, never a secret. */
export const ROTATION_OUTPUTS = {
  'keys.verify': VerificationSchema,
  'keys.createPlan': CreatePlanSchema,
  'keys.create': CreatedKeyViewSchema,
  'rotations.plan': RunPlanSchema,
  'rotations.start': RunViewSchema,
  'rotations.open': RunViewSchema.nullable(),
  'rotations.storeNewKey': RunViewSchema,
  'rotations.verifyNewKey': verifiedView,
  'rotations.tickDeployment': RunViewSchema,
  'rotations.beginRevocation': RunViewSchema,
  'rotations.confirmOldKeyDead': verifiedView.extend({
    confirmed: z.boolean(),
    newKeyVerification: VerificationSchema.nullable(),
  }),
  'rotations.reverifyNewKey': verifiedView,
  'rotations.cancel': RunViewSchema,
  'rotations.markOutageStarted': RunViewSchema,
} as const;
