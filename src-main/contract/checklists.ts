// The checklists domain of the contract: the checklist model (templates, runs, steps and
// the versions of a step that a merge compares), core channels (runs, steps, templates,
// team folder) and host calls (signed files through native save/open dialogs). Imports only zod.
// SECURITY: nothing here carries a secret or a hint: a run holds the key's name, platform,
// account and deployments only. Inputs are strict and bounded like the signed file's schema.
import { z } from 'zod';
import { PLATFORM_IDS } from './keys.js';

export const STEP_STATES = ['todo', 'doing', 'done', 'skipped'] as const;
export type StepState = (typeof STEP_STATES)[number];
const stepState = z.enum(STEP_STATES);
const platform = z.enum(PLATFORM_IDS);

/** Who changed something: a display name and the fingerprint of their signing key. */
export const PersonSchema = z.strictObject({ name: z.string(), fingerprint: z.string() });
export type Person = z.output<typeof PersonSchema>;

/** `deployments` expands, when a run starts, to one step per recorded deployment of the key. */
export const TemplateStepSchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  detail: z.string().optional(),
  kind: z.enum(['task', 'deployments']),
});
export type TemplateStep = z.output<typeof TemplateStepSchema>;

export const TemplateSchema = z.strictObject({
  id: z.string(), // a platform id for the built-ins (and their edited versions), else a name the user chose
  name: z.string(),
  platform: platform.nullable(),
  steps: z.array(TemplateStepSchema),
  builtIn: z.boolean(),
  updatedAt: z.string(), // ISO instant
});
export type Template = z.output<typeof TemplateSchema>;

/** One version of a step's state. `change` is unique per edit; `supersedes` lists every change it replaced. */
export const StepVersionSchema = z.strictObject({
  state: stepState,
  reason: z.string().optional(), // required for skipped
  note: z.string(),
  by: PersonSchema.nullable(), // null: never changed since the run started
  at: z.string(), // ISO instant of the change
  change: z.string(), // unique id of this change
});
export type StepVersion = z.output<typeof StepVersionSchema>;

export const StepSchema = StepVersionSchema.extend({
  id: z.string(), // stable within the run: merges match on it
  title: z.string(),
  detail: z.string().optional(),
  supersedes: z.array(z.string()),
  /** Concurrent versions that lost to this one (the later change wins); shown until someone ticks again. */
  conflicts: z.array(StepVersionSchema),
});
export type Step = z.output<typeof StepSchema>;

/** What a run shares: never a secret, a hint, notes of the key or its owner's contact. */
export const RunKeyRefSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  platform,
  account: z.string(),
  deployments: z.array(z.string()),
});
export type RunKeyRef = z.output<typeof RunKeyRefSchema>;

export const RunBodySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  templateId: z.string(),
  key: RunKeyRefSchema,
  dueDate: z.string().nullable(), // YYYY-MM-DD
  createdAt: z.string(),
  createdBy: PersonSchema,
  steps: z.array(StepSchema),
});
export type RunBody = z.output<typeof RunBodySchema>;

/** What only this vault knows about a run: the local key it is linked to and whether it finished here. */
export const RunLocalSchema = z.strictObject({
  keyId: z.string().nullable(),
  finishedAt: z.string().nullable(),
  rolled: z.string().nullable(),
});
export type RunLocal = z.output<typeof RunLocalSchema>;

export const RunSchema = RunBodySchema.extend({ local: RunLocalSchema });
export type Run = z.output<typeof RunSchema>;

export const RunSummarySchema = z.strictObject({
  id: z.string(),
  title: z.string(),
  keyName: z.string(),
  platform,
  dueDate: z.string().nullable(),
  done: z.number(),
  total: z.number(),
  conflicts: z.number(),
  finished: z.boolean(),
});
export type RunSummary = z.output<typeof RunSummarySchema>;

/** What an import or merge changed, for the user to read. */
export const StepChangeSchema = z.strictObject({
  stepId: z.string(),
  title: z.string(),
  from: stepState.nullable(),
  to: stepState,
  by: PersonSchema.nullable(),
  conflict: z.boolean(),
});
export type StepChange = z.output<typeof StepChangeSchema>;

/** A teammate whose signed files this vault accepts. */
export const TrustedSignerSchema = z.strictObject({
  name: z.string(),
  publicKey: z.string(),
  fingerprint: z.string(),
  addedAt: z.string(),
});
export type TrustedSigner = z.output<typeof TrustedSignerSchema>;

export const ImportResultSchema = z.strictObject({
  kind: z.enum(['run', 'template']),
  id: z.string(),
  title: z.string(),
  isNew: z.boolean(),
  changes: z.array(StepChangeSchema),
  signer: PersonSchema,
});
export type ImportResult = z.output<typeof ImportResultSchema>;
export const RefusedSchema = z.strictObject({ file: z.string(), code: z.string(), message: z.string() });
export type Refused = z.output<typeof RefusedSchema>;
/** A run of this vault left out of the team folder because it would carry a secret or a hint. */
export const NotSharedSchema = z.strictObject({
  file: z.string(),
  runId: z.string(),
  step: z.string().nullable(),
  field: z.string(),
  keyName: z.string(),
  message: z.string(),
});
export type NotShared = z.output<typeof NotSharedSchema>;
export const SyncReportSchema = z.strictObject({
  folder: z.string(),
  isGit: z.boolean(),
  imported: z.array(ImportResultSchema),
  written: z.array(z.string()),
  mergedConflicts: z.array(z.string()),
  refused: z.array(RefusedSchema),
  notShared: z.array(NotSharedSchema),
  pushed: z.boolean(),
});
export type SyncReport = z.output<typeof SyncReportSchema>;

const id = z.string().min(1).max(200);
const stepOrTemplateId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/, {
  message: 'must be letters, digits, . _ : - (1-80)',
});
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD' })
  .refine(
    (s) => {
      const t = Date.parse(`${s}T00:00:00Z`); // 2020-13-45 is NaN; 2027-02-30 rolls over to March
      return !Number.isNaN(t) && new Date(t).toISOString().startsWith(s);
    },
    {
      message: 'is not a real calendar date',
    },
  );
/** A random token naming a file the host opened and holds until the user confirms its signer. */
const token = z.string().regex(/^[0-9a-f]{32}$/, { message: 'is not a pending import' });
const fingerprint = z.string().regex(/^[0-9a-f]{4}(-[0-9a-f]{4}){7}$/, { message: 'is not a key fingerprint' });

export const CHECKLIST_CHANNELS = {
  'checklists.list': z.object({}).strict(),
  'checklists.get': z.object({ runId: id }).strict(),
  'checklists.templates': z.object({}).strict(),
  'checklists.start': z
    .object({ keyId: id, templateId: stepOrTemplateId.optional(), dueDate: day.optional() })
    .strict(),
  'checklists.tick': z
    .object({
      runId: id,
      stepId: stepOrTemplateId,
      state: z.enum(['todo', 'doing', 'done', 'skipped']),
      reason: z.string().max(2000).optional(),
      note: z.string().max(4000).optional(),
    })
    .strict(),
  'team.status': z.object({}).strict(),
  /** The name teammates see on your ticks and the author of the checklists you start. */
  'team.setName': z.object({ name: z.string().max(200) }).strict(),
  'team.sync': z.object({}).strict(),
} as const;

export const CHECKLIST_HOST_CALLS = {
  /** Signs a run and writes it (JSON + Markdown) where the user chooses in a native save dialog. */
  'host.exportChecklist': z.object({ runId: id }).strict(),
  /** Opens a teammate's signed file chosen in a native open dialog; an untrusted signer waits for confirmation. */
  'host.importChecklist': z.object({}).strict(),
  /** Trusts the signer of the pending file (the fingerprint the user compared) and imports it. */
  'host.trustChecklistSigner': z.object({ token, fingerprint }).strict(),
  /** Chooses the team folder in a native folder dialog and sets the display name. */
  'host.chooseTeamFolder': z.object({ name: z.string().trim().min(1).max(120) }).strict(),
} as const;

/** A run in the list: its summary and the local key it is linked to (null: a teammate's key this vault lacks). */
export const ChecklistListItemSchema = RunSummarySchema.extend({
  keyId: z.string().nullable(),
  finishedAt: z.string().nullable(),
});
export type ChecklistListItem = z.output<typeof ChecklistListItemSchema>;
export const TeamStatusSchema = z.strictObject({
  /** The name teammates see; null until the user sets it (the app asks the first time an author is recorded). */
  name: z.string().nullable(),
  /** Of the signing key made with the name: null while the name is. */
  fingerprint: z.string().nullable(),
  folder: z.string().nullable(),
  trusted: z.array(TrustedSignerSchema),
});
export type TeamStatus = z.output<typeof TeamStatusSchema>;

/** What each checklist channel answers: names, steps and signers, never a secret or a hint. */
export const CHECKLIST_OUTPUTS = {
  'checklists.list': z.strictObject({ runs: z.array(ChecklistListItemSchema) }),
  'checklists.get': RunSchema,
  'checklists.templates': z.strictObject({ templates: z.array(TemplateSchema) }),
  'checklists.start': RunSchema,
  'checklists.tick': RunSchema,
  'team.status': TeamStatusSchema,
  'team.setName': TeamStatusSchema,
  'team.sync': SyncReportSchema,
} as const;

export const ImportedChecklistSchema = ImportResultSchema.extend({ status: z.literal('imported'), file: z.string() });
export type ImportedChecklist = z.output<typeof ImportedChecklistSchema>;
const cancelled = z.strictObject({ status: z.literal('cancelled') });
export const ChecklistImportOutcomeSchema = z.discriminatedUnion('status', [
  cancelled,
  ImportedChecklistSchema,
  z.strictObject({ status: z.literal('untrusted'), token: z.string(), signer: PersonSchema, file: z.string() }),
]);
export type ChecklistImportOutcome = z.output<typeof ChecklistImportOutcomeSchema>;

export const CHECKLIST_HOST_OUTPUTS = {
  'host.exportChecklist': z.discriminatedUnion('status', [
    cancelled,
    z.strictObject({ status: z.literal('saved'), path: z.string(), markdownPath: z.string() }),
  ]),
  'host.importChecklist': ChecklistImportOutcomeSchema,
  'host.trustChecklistSigner': ImportedChecklistSchema,
  'host.chooseTeamFolder': z.discriminatedUnion('status', [
    cancelled,
    z.strictObject({ status: z.literal('set'), folder: z.string(), isGit: z.boolean() }),
  ]),
} as const;
export type ChecklistHostOutputs = {
  [H in keyof typeof CHECKLIST_HOST_OUTPUTS]: z.output<(typeof CHECKLIST_HOST_OUTPUTS)[H]>;
};
