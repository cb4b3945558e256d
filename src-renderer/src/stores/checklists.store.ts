// Rotation checklists as the desktop shows them: the runs (summaries), the open run,
// the templates, and the dialogs of starting a run and importing a teammate's file.
// Nothing here is secret: a run holds a key's name, platform, account and deployments.
import { create } from 'zustand';
import type { ChecklistListItem, ImportedChecklist } from '../../../src-main/contract/checklists';
import type { Person, Run, StepState, Template } from '../../../src-main/contract/checklists';
import { call } from '../api/client';

export type ImportState =
  | { phase: 'untrusted'; token: string; signer: Person; file: string }
  | { phase: 'imported'; result: ImportedChecklist }
  | { phase: 'failed'; error: unknown };
export type TickInput = { state: StepState; reason?: string; note?: string };

type ChecklistsState = {
  runs: ChecklistListItem[];
  isLoaded: boolean;
  openRunId: string | null;
  run: Run | null;
  templates: Template[];
  /** The start dialog: for one key, or with a key picker (keyId null). */
  starting: { keyId: string | null } | null;
  isTemplatesOpen: boolean;
  importing: ImportState | null;
  load: () => Promise<void>;
  open: (runId: string | null) => Promise<void>;
  loadTemplates: () => Promise<void>;
  start: (keyId: string, templateId: string, dueDate?: string) => Promise<Run>;
  /** Ticks a step of the open run; answers the run (finished runs carry what was rolled on the key). */
  tick: (stepId: string, input: TickInput) => Promise<Run>;
  exportRun: (runId: string) => Promise<string | null>;
  importFile: () => Promise<void>;
  trustAndImport: () => Promise<void>;
  setStarting: (starting: { keyId: string | null } | null) => void;
  setTemplatesOpen: (open: boolean) => void;
  closeImport: () => void;
};

const initial = {
  runs: [] as ChecklistListItem[],
  isLoaded: false,
  openRunId: null,
  run: null,
  templates: [] as Template[],
  starting: null,
  isTemplatesOpen: false,
  importing: null,
};

export const useChecklists = create<ChecklistsState>()((set, get) => ({
  ...initial,
  async load() {
    const { runs } = await call('checklists.list', {});
    set({ runs, isLoaded: true });
  },
  async open(runId) {
    if (runId === null) return set({ openRunId: null, run: null });
    set({ openRunId: runId });
    const run = await call('checklists.get', { runId });
    if (get().openRunId === runId) set({ run });
  },
  async loadTemplates() {
    const { templates } = await call('checklists.templates', {});
    set({ templates });
  },
  async start(keyId, templateId, dueDate) {
    const run = await call('checklists.start', { keyId, templateId, ...(dueDate ? { dueDate } : {}) });
    set({ openRunId: run.id, run, starting: null });
    await get().load();
    return run;
  },
  async tick(stepId, input) {
    const runId = get().openRunId;
    if (runId === null) throw new Error('no open checklist');
    const run = await call('checklists.tick', { runId, stepId, ...input });
    if (get().openRunId === runId) set({ run });
    await get().load();
    return run;
  },
  async exportRun(runId) {
    const r = await call('host.exportChecklist', { runId });
    return r.status === 'saved' ? r.path : null;
  },
  async importFile() {
    try {
      const r = await call('host.importChecklist', {});
      if (r.status === 'cancelled') return;
      if (r.status === 'untrusted') {
        set({ importing: { phase: 'untrusted', token: r.token, signer: r.signer, file: r.file } });
        return;
      }
      set({ importing: { phase: 'imported', result: r } });
      await get().load();
    } catch (error) {
      set({ importing: { phase: 'failed', error } });
    }
  },
  async trustAndImport() {
    const pending = get().importing;
    if (pending?.phase !== 'untrusted') return;
    try {
      const result = await call('host.trustChecklistSigner', {
        token: pending.token,
        fingerprint: pending.signer.fingerprint,
      });
      set({ importing: { phase: 'imported', result } });
      await get().load();
    } catch (error) {
      set({ importing: { phase: 'failed', error } });
    }
  },
  setStarting: (starting) => set({ starting }),
  setTemplatesOpen: (isTemplatesOpen) => set({ isTemplatesOpen }),
  closeImport: () => set({ importing: null }),
}));

export const resetChecklists = () => useChecklists.setState(initial);
