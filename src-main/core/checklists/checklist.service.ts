// Rotation checklists of an unlocked vault: templates, runs, ticking steps, finishing
// (which rolls the key's dates forward), and signed export/import with step-level merge.
// SECURITY: nothing shared may hold a secret or a hint; assertShareable checks every
// file against the vault's own secrets and hints before it is written.
import { randomUUID } from 'node:crypto';
import { openJson, sealJson, slotAad } from '../crypto/aead.js';
import { createChecklistsRepo, type SealedRow } from '../db/checklists.repo.js';
import { AppError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { KeyRecord } from '../inventory/key.types.js';
import type { Clock } from '../ports/clock.port.js';
import type { Settings } from '../settings/settings.service.js';
import type { Vault } from '../vault/vault.js';
import { templateRowId } from '../vault/row-ids.js';
import { schemaVersion } from '../db/migrations/index.js';
import { AlertSettingsSchema } from '../alerts/alerts.service.js';
import { DEFAULT_ALERT_SETTINGS, type AlertSettings } from '../alerts/alert.types.js';
import { dayResolver, parseDay } from '../alerts/calendar-date.js';
import { keyFacts, policyResolver, rotationDueDay } from '../alerts/key-policy.js';
import type { ChecklistDue } from '../alerts/alert.types.js';
import {
  isClosedState,
  isFinished,
  STEP_STATES,
  type Run,
  type RunBody,
  type RunSummary,
  type Step,
  type StepState,
  type Template,
} from './checklist.types.js';
import {
  RunBodySchema,
  SAFE_TEXT_MESSAGE,
  TemplateInputSchema,
  TemplateSchema,
  UNSAFE_TEXT,
} from './checklist.schemas.js';
import { rollFor } from './key-roll.js';
import { mergeRuns, tickStep } from './merge.js';
import { dueDateFor, newRunBody } from './run-factory.js';
import { builtInTemplates } from './templates.js';
import type { TeamIdentity } from './team-identity.js';
import { assertShareable } from './shareable.js';
import { exportRunFiles, exportTemplateFiles, runBodyOf, type ExportedFiles } from './exporter.js';

export type TickInput = { state: StepState; reason?: string; note?: string };

export function createChecklists(deps: {
  vault: Vault;
  inventory: Inventory;
  settings: Settings;
  identity: TeamIdentity;
  clock: Clock;
}) {
  const { vault, inventory, settings, identity, clock } = deps;
  const repo = createChecklistsRepo(vault.db);
  const now = () => clock.now().toISOString();
  const aad = (table: string, id: string) => slotAad({ vaultId: vault.vaultId, table, field: 'data', recordId: id });
  const days = dayResolver();
  const alertSettings = () =>
    settings.get('alerts.settings', AlertSettingsSchema, DEFAULT_ALERT_SETTINGS) as AlertSettings;

  const openRun = (row: SealedRow) =>
    openJson(vault.sodium, vault.keys().records, row.data, aad('checklist_runs', row.id), `checklist ${row.id}`) as Run;

  // SECURITY: a template's row id is a keyed hash of its id (migration 90); the id itself is sealed.
  const rowIdOf = (templateId: string) => templateRowId(vault.sodium, vault.keys().rowIds, templateId);
  // A read-only vault of schema 70 (not migrated) still names its templates in the clear.
  const isLegacyRow = (row: SealedRow, t: Template) => row.id === t.id && schemaVersion(vault.db) < 90;

  function storedTemplates(): Template[] {
    return repo.templates.all().map((row) => {
      const value = openJson(
        vault.sodium,
        vault.keys().records,
        row.data,
        aad('checklist_templates', row.id),
        `template ${row.id}`,
      );
      const parsed = TemplateSchema.safeParse(value);
      if (!parsed.success)
        throw new AppError('INTEGRITY_ERROR', `The stored template ${row.id} has an unknown shape.`, {
          subject: row.id,
        });
      if (row.id !== rowIdOf(parsed.data.id) && !isLegacyRow(row, parsed.data))
        throw new AppError('INTEGRITY_ERROR', `The stored template ${row.id} is not at its own row.`, {
          subject: row.id,
        });
      return parsed.data;
    });
  }

  function templates(): Template[] {
    const stored = storedTemplates();
    const ids = new Set(stored.map((t) => t.id));
    return [...builtInTemplates().filter((t) => !ids.has(t.id)), ...stored];
  }

  function template(id: string): Template {
    const t = templates().find((x) => x.id === id);
    if (!t)
      throw new AppError('NOT_FOUND', `No checklist template "${id}". See "keyward checklist templates".`, {
        subject: id,
      });
    return t;
  }

  function putTemplate(t: Template): Template {
    const rowId = rowIdOf(t.id);
    const blob = sealJson(vault.sodium, vault.keys().records, t, aad('checklist_templates', rowId));
    vault.write(() => repo.putTemplate(rowId, now(), blob));
    return t;
  }

  const allRuns = (): Run[] => repo.runs.all().map(openRun);

  function resolveRun(ref: string): Run {
    const exact = repo.runs.one(ref);
    if (exact) return openRun(exact);
    const runs = ref.length >= 4 ? repo.runs.all().filter((r) => r.id.startsWith(ref)) : [];
    if (runs.length === 1 && runs[0]) return openRun(runs[0]);
    if (runs.length > 1)
      throw new AppError('AMBIGUOUS', `"${ref}" matches ${runs.length} checklists; give more of the id.`);
    throw new AppError('NOT_FOUND', `No checklist run "${ref}". See "keyward checklist list".`, { subject: ref });
  }

  const linkedKey = (keyId: string | null): KeyRecord | null => {
    if (keyId === null) return null;
    try {
      return inventory.get(keyId);
    } catch {
      return null; // the key was deleted since: the run stays, unlinked
    }
  };

  /**
   * A run must stay one that any teammate's vault accepts: the same schema as an imported
   * file (no control characters in a name, title, note, reason or deployment, bounded sizes).
   */
  function assertShareableShape(run: Run): void {
    const parsed = RunBodySchema.safeParse(runBodyOf(run));
    if (parsed.success) return;
    const issue = parsed.error.issues[0];
    throw new AppError(
      'BAD_INPUT',
      `The checklist for ${run.key.name} cannot hold its ${issue?.path.join('.') || 'content'}: ${issue?.message ?? 'bad'}. Nothing was saved.`,
      { subject: run.id },
    );
  }

  /** Seals and stores a run; finishing it (every step closed) rolls its key's dates once, if its secret was replaced. */
  function save(run: Run): Run {
    assertShareableShape(run);
    const finishing = isFinished(run) && run.local.finishedAt === null;
    const key = finishing ? linkedKey(run.local.keyId) : null;
    try {
      vault.write(() => {
        if (finishing) {
          run.local.finishedAt = now();
          if (key && run.local.rolled === null) {
            const pol = policyResolver(alertSettings())(key).rotateEveryDays;
            const roll = rollFor(key, pol, days.dayOf(clock.now().getTime()), run);
            if (roll.rolled) {
              if (Object.keys(roll.patch).length > 0) inventory.edit(key.id, roll.patch);
              inventory.annotate(key.id, {}, { action: 'rotated', detail: roll.detail });
            }
            run.local.rolled = roll.detail;
          }
        }
        const blob = sealJson(vault.sodium, vault.keys().records, run, aad('checklist_runs', run.id));
        // SECURITY: the plaintext link names only a key this vault still holds (a removed key's id is not written back).
        repo.putRun(run.id, linkedKey(run.local.keyId)?.id ?? null, now(), blob);
      });
    } catch (e) {
      inventory.invalidate();
      throw e;
    }
    return run;
  }

  /** The local key a teammate's run is about: same id (our own run), else one key with that platform, account and name. */
  function matchKey(body: RunBody): string | null {
    const keys = inventory.list().keys;
    if (keys.some((k) => k.id === body.key.id)) return body.key.id;
    const same = keys.filter(
      (k) => k.platform === body.key.platform && k.account === body.key.account && k.name === body.key.name,
    );
    return same.length === 1 && same[0] ? same[0].id : null;
  }

  function summary(run: Run): RunSummary {
    return {
      id: run.id,
      title: run.title,
      keyName: run.key.name,
      platform: run.key.platform,
      dueDate: run.dueDate,
      done: run.steps.filter((s) => isClosedState(s.state)).length,
      total: run.steps.length,
      conflicts: run.steps.reduce((n, s) => n + s.conflicts.length, 0),
      finished: isFinished(run),
    };
  }

  function findStep(run: Run, ref: string): number {
    const byId = run.steps.findIndex((s) => s.id === ref);
    if (byId >= 0) return byId;
    const n = /^\d+$/.test(ref) ? Number(ref) - 1 : -1;
    if (n >= 0 && n < run.steps.length) return n;
    throw new AppError(
      'NOT_FOUND',
      `Checklist ${run.id} has no step "${ref}" (give a step id or its number 1-${run.steps.length}).`,
      { subject: ref },
    );
  }

  return {
    templates,
    template,
    /** Replaces (or creates) a template from user input; a built-in id keeps the platform. */
    editTemplate(id: string, input: unknown): Template {
      if (!/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/.test(id))
        throw new AppError('BAD_INPUT', `"${id}" is not a usable template id (letters, digits, . _ : -).`);
      const parsed = TemplateInputSchema.safeParse(input);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new AppError(
          'BAD_INPUT',
          `The template is malformed at ${issue?.path.join('.') || 'its top'}: ${issue?.message ?? 'bad'}.`,
        );
      }
      const ids = parsed.data.steps.map((s) => s.id);
      if (new Set(ids).size !== ids.length) throw new AppError('BAD_INPUT', 'Two steps of the template share an id.');
      const base = templates().find((t) => t.id === id);
      return putTemplate({
        id,
        name: parsed.data.name,
        platform: parsed.data.platform ?? base?.platform ?? null,
        steps: parsed.data.steps,
        builtIn: false,
        updatedAt: now(),
      });
    },

    start(keyRef: string, opts: { templateId?: string; dueDate?: string } = {}): Run {
      if (opts.dueDate !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(opts.dueDate) || parseDay(opts.dueDate) === null))
        throw new AppError(
          'BAD_INPUT',
          'The due date must be a real calendar date written YYYY-MM-DD (like 2027-01-31).',
        );
      const key = inventory.get(keyRef);
      const open = allRuns().find((r) => r.local.keyId === key.id && r.local.finishedAt === null);
      if (open)
        throw new AppError('BAD_INPUT', `${key.name} already has an open checklist (${open.id}); finish it first.`, {
          subject: open.id,
        });
      const tpl = template(opts.templateId ?? key.platform);
      const pol = policyResolver(alertSettings())(key);
      const today = days.dayOf(clock.now().getTime());
      const due = opts.dueDate ?? dueDateFor(key.expiresAt, rotationDueDay(key, pol, keyFacts(key), days), today);
      const me = identity.me();
      const body = newRunBody({
        id: randomUUID(),
        template: tpl,
        key,
        dueDate: due,
        at: now(),
        by: { name: me.name, fingerprint: me.fingerprint },
      });
      return save({ ...body, local: { keyId: key.id, finishedAt: null, rolled: null } });
    },

    list: (): RunSummary[] => allRuns().map(summary),
    runs: allRuns,
    get: resolveRun,

    tick(runRef: string, stepRef: string, input: TickInput): Run {
      const run = resolveRun(runRef);
      if (!STEP_STATES.includes(input.state))
        throw new AppError('BAD_INPUT', `A step's state is one of ${STEP_STATES.join(', ')}.`);
      if (input.state === 'skipped' && !(input.reason ?? '').trim())
        throw new AppError('BAD_INPUT', 'Skipping a step needs a reason (--reason TEXT).');
      for (const [field, value] of [
        ['note', input.note],
        ['reason', input.reason],
      ] as const)
        if (value !== undefined && UNSAFE_TEXT.test(value))
          throw new AppError('BAD_INPUT', `The ${field} ${SAFE_TEXT_MESSAGE}; write it on one line.`);
      const i = findStep(run, stepRef);
      const me = identity.me();
      run.steps[i] = tickStep(
        run.steps[i] as Step,
        input,
        { name: me.name, fingerprint: me.fingerprint },
        now(),
        randomUUID(),
      );
      return save(run);
    },

    /** Merges a teammate's copy of a run into the vault (new runs are added). */
    absorb(body: RunBody) {
      const row = repo.runs.one(body.id);
      const ours = row ? openRun(row) : null;
      if (ours === null) {
        const run = save({ ...body, local: { keyId: matchKey(body), finishedAt: null, rolled: null } });
        return { run, isNew: true, changes: mergeRuns({ ...body, steps: [] }, body).changes };
      }
      const { body: merged, changes } = mergeRuns(ours, body);
      const run = changes.length > 0 ? save({ ...merged, local: ours.local }) : ours;
      return { run, isNew: false, changes };
    },

    storeTemplate(t: Template): { template: Template; isNew: boolean; changed: boolean } {
      const current = storedTemplates().find((x) => x.id === t.id);
      if (current && current.updatedAt >= t.updatedAt) return { template: current, isNew: false, changed: false };
      return { template: putTemplate({ ...t, builtIn: false }), isNew: current === undefined, changed: true };
    },

    /** Signs a run; throws NotShareableError (naming the step and field) if it would hold a secret or hint. */
    exportRun(ref: string): ExportedFiles {
      const run = resolveRun(ref);
      const body = runBodyOf(run);
      return exportRunFiles(vault.sodium, identity, body, (text) =>
        assertShareable({ kind: 'run', body }, text, inventory),
      );
    },
    exportTemplate(id: string): ExportedFiles {
      const t = template(id);
      return exportTemplateFiles(vault.sodium, identity, t, (text) =>
        assertShareable({ kind: 'template', body: t }, text, inventory),
      );
    },

    /** Open runs for the alerts (checklist-due rule). */
    due(): ChecklistDue[] {
      return allRuns()
        .filter((r) => !isFinished(r))
        .map((r) => ({
          runId: r.id,
          keyId: r.local.keyId ?? r.key.id,
          keyName: r.key.name,
          platform: r.key.platform,
          dueDate: r.dueDate,
          open: r.steps.filter((s) => !isClosedState(s.state)).length,
        }));
    },
  };
}
export type Checklists = ReturnType<typeof createChecklists>;
