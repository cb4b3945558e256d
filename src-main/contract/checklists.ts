// The checklists domain of the contract: the checklist model (templates, runs, steps and
// the versions of a step that a merge compares), core channels (runs, steps, templates,
// team folder) and host calls (signed files through native save/open dialogs). Imports only zod.
// SECURITY: nothing here carries a secret or a hint: a run holds the key's name, platform,
// account and deployments only. Inputs are strict and bounded like the signed file's schema.
import { z } from 'zod';
import type { PlatformId } from './keys.js';

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

/** A teammate whose signed files this vault accepts. */
export type TrustedSigner = { name: string; publicKey: string; fingerprint: string; addedAt: string };

export type ImportResult = {
  kind: 'run' | 'template';
  id: string;
  title: string;
  isNew: boolean;
  changes: StepChange[];
  signer: Person;
};
export type Refused = { file: string; code: string; message: string };
/** A run of this vault left out of the team folder because it would carry a secret or a hint. */
export type NotShared = {
  file: string;
  runId: string;
  step: string | null;
  field: string;
  keyName: string;
  message: string;
};
export type SyncReport = {
  folder: string;
  isGit: boolean;
  imported: ImportResult[];
  written: string[];
  mergedConflicts: string[];
  refused: Refused[];
  notShared: NotShared[];
  pushed: boolean;
};

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
export type ChecklistListItem = RunSummary & { keyId: string | null; finishedAt: string | null };
export type TeamStatus = { name: string; fingerprint: string; folder: string | null; trusted: TrustedSigner[] };

export type ChecklistOutputs = {
  'checklists.list': { runs: ChecklistListItem[] };
  'checklists.get': Run;
  'checklists.templates': { templates: Template[] };
  'checklists.start': Run;
  'checklists.tick': Run;
  'team.status': TeamStatus;
  'team.sync': SyncReport;
};

export type ImportedChecklist = ImportResult & { status: 'imported'; file: string };
export type ChecklistImportOutcome =
  { status: 'cancelled' } | ImportedChecklist | { status: 'untrusted'; token: string; signer: Person; file: string };

export type ChecklistHostOutputs = {
  'host.exportChecklist': { status: 'cancelled' } | { status: 'saved'; path: string; markdownPath: string };
  'host.importChecklist': ChecklistImportOutcome;
  'host.trustChecklistSigner': ImportedChecklist;
  'host.chooseTeamFolder': { status: 'cancelled' } | { status: 'set'; folder: string; isGit: boolean };
};
