// The rotation checklists' part of the contract: core channels (runs, steps, templates,
// team folder) and host calls (signed files through native save/open dialogs).
// SECURITY: nothing here carries a secret or a hint: a run holds the key's name, platform,
// account and deployments only. Inputs are strict and bounded like the signed file's schema.
import { z } from 'zod';
import type { Run, RunSummary, Template, Person } from '../core/checklists/checklist.types.js';
import type { ImportResult, SyncReport } from '../core/checklists/sharing.service.js';
import type { TrustedSigner } from '../core/checklists/signed-file.js';

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
