// keyward checklist: rotation checklists (templates, runs, ticking steps) and their
// signed files (export, import). Output holds names and states, never a secret.
import { readChecklistFile, writeChecklistFiles } from '../../core/checklists/checklist-file.js';
import type { Run, StepChange, Template } from '../../core/checklists/checklist.types.js';
import { NOT_REPLACED } from '../../core/checklists/key-roll.js';
import type { ImportResult } from '../../core/checklists/sharing.service.js';
import { STEP_STATES, type StepState } from '../../contract/checklists.js';
import { AppError } from '../../core/errors.js';
import { ensureAuthor } from '../author.js';
import { withCalls, type CliCall } from '../calls.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { json, shortId, table } from '../format.js';

export type ChecklistFlags = {
  template?: string;
  due?: string;
  state?: string;
  reason?: string;
  note?: string;
  out?: string;
  from?: string;
  force?: boolean;
};

const who = (v: { by: { name: string } | null; at: string }) =>
  v.by ? `${v.by.name}, ${v.at.slice(0, 16).replace('T', ' ')}` : '';

function runText(run: Run): string {
  const lines = [
    `${run.title}  (${run.id})`,
    `key: ${run.key.name} (${run.key.platform}${run.key.account ? `, ${run.key.account}` : ''})${run.local.keyId ? '' : ' - not linked to a key in this vault'}`,
    `due: ${run.dueDate ?? 'none'}${run.local.finishedAt ? `   finished ${run.local.finishedAt.slice(0, 10)}` : ''}`,
    ...(run.local.rolled
      ? [
          run.local.rolled.includes(NOT_REPLACED)
            ? `key dates unchanged: ${NOT_REPLACED}`
            : `key rolled: ${run.local.rolled}`,
        ]
      : []),
    '',
    table(
      ['#', 'STEP', 'STATE', 'BY', 'TITLE'],
      run.steps.map((s, i) => [String(i + 1), s.id, s.state, who(s), s.title]),
      70,
    ),
  ];
  for (const s of run.steps) {
    if (s.state === 'skipped') lines.push(`  ${s.id}: skipped because ${s.reason ?? ''}`);
    if (s.note) lines.push(`  ${s.id}: note: ${s.note}`);
    for (const c of s.conflicts)
      lines.push(
        `  ${s.id}: CONFLICT: also marked ${c.state} (${who(c)})${c.note ? `: ${c.note}` : ''}; tick the step again to settle it`,
      );
  }
  return lines.join('\n');
}

const changeLine = (c: StepChange) =>
  `  ${c.stepId}: ${c.from ?? 'new'} -> ${c.to}${c.by ? ` (${c.by.name})` : ''}${c.conflict ? '  CONFLICT: both changed it; the later change is kept, the other is shown' : ''}`;

export function importText(r: ImportResult): string {
  const head = `${r.isNew ? 'Added' : 'Merged'} ${r.kind} "${r.title}" signed by ${r.signer.name} (${r.signer.fingerprint}).`;
  if (r.kind === 'template' || r.changes.length === 0)
    return r.isNew || r.kind === 'template' ? head : `${head} Nothing changed.`;
  return [head, ...r.changes.map(changeLine)].join('\n');
}

function templatesText(list: Template[]): string {
  return table(
    ['ID', 'PLATFORM', 'STEPS', 'SOURCE', 'NAME'],
    list.map((t) => [t.id, t.platform ?? 'any', String(t.steps.length), t.builtIn ? 'built-in' : 'edited', t.name]),
  );
}

function templateCommand(ctx: Ctx, [action, id]: string[], f: ChecklistFlags): Promise<number> {
  return ctx.withVault(({ checklists }) => {
    if (action === 'show' && id) {
      const t = checklists.template(id);
      ctx.out(
        ctx.json
          ? json(t)
          : [
              `${t.name} (${t.id})`,
              ...t.steps.map(
                (s, i) => `${i + 1}. [${s.id}] ${s.title}${s.kind === 'deployments' ? ' (per deployment)' : ''}`,
              ),
            ].join('\n'),
      );
    } else if (action === 'edit' && id) {
      if (!f.from)
        throw new AppError(
          'BAD_INPUT',
          'template edit needs --from FILE.json ({"name", "steps": [{"id", "title", "kind"}]}).',
        );
      const text = readChecklistFile(f.from);
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (cause) {
        throw new AppError('BAD_INPUT', `${f.from} could not be read as JSON.`, { cause });
      }
      const t = checklists.editTemplate(id, input);
      ctx.out(ctx.json ? json(t) : `Saved template ${t.id} (${t.steps.length} steps).`);
    } else throw new AppError('BAD_INPUT', 'Use: keyward checklist template show ID | template edit ID --from FILE.');
    return EXIT.ok;
  });
}

/**
 * What `checklist export` writes: run RUN, or template ID given as `--template ID` or as
 * `ID --template` (a bare --template arrives as ''). Two different ids are refused.
 */
function exportedRef(rest: string[], template: string | undefined): { id: string; template: boolean } {
  const [first, ...extra] = rest;
  if (extra.length > 0)
    throw new AppError('BAD_INPUT', `checklist export takes one id; "${extra.join(' ')}" is extra.`);
  if (template === undefined) {
    if (first === undefined)
      throw new AppError('BAD_INPUT', 'checklist export needs a RUN id, or --template ID for a template.');
    return { id: first, template: false };
  }
  if (template !== '' && first !== undefined && first !== template)
    throw new AppError(
      'BAD_INPUT',
      `checklist export got two template ids, "${first}" and "${template}": give one, as --template ID.`,
    );
  const id = template || first;
  if (id === undefined)
    throw new AppError('BAD_INPUT', 'checklist export --template needs a template ID (keyward checklist templates).');
  return { id, template: true };
}

const isStepState = (s: string): s is StepState => (STEP_STATES as readonly string[]).includes(s);

/** The checklist actions that wrap one channel: through the dispatch, as the app calls them. */
async function readOrTick(
  ctx: Ctx,
  call: CliCall,
  action: 'list' | 'templates' | 'show' | 'tick',
  arg: (i: number, what: string) => string,
  f: ChecklistFlags,
): Promise<number> {
  switch (action) {
    case 'list': {
      // The CLI prints the runs as before: the dispatch's local link fields are the app's.
      const runs = (await call('checklists.list', {})).runs.map(({ keyId: _k, finishedAt: _f, ...r }) => r);
      if (ctx.json) ctx.out(json(runs));
      else if (runs.length === 0) ctx.out('No checklists. Start one with: keyward checklist start KEY');
      else
        ctx.out(
          table(
            ['ID', 'KEY', 'PLATFORM', 'DUE', 'DONE', 'CONFLICTS', 'STATE'],
            runs.map((r) => [
              shortId(r.id),
              r.keyName,
              r.platform,
              r.dueDate ?? '',
              `${r.done}/${r.total}`,
              String(r.conflicts),
              r.finished ? 'finished' : 'open',
            ]),
          ),
        );
      break;
    }
    case 'templates': {
      const { templates } = await call('checklists.templates', {});
      ctx.out(ctx.json ? json(templates) : templatesText(templates));
      break;
    }
    case 'show': {
      const run = await call('checklists.get', { runId: arg(0, 'a RUN id') });
      ctx.out(ctx.json ? json(run) : runText(run));
      break;
    }
    case 'tick': {
      const state = f.state ?? 'done';
      if (!isStepState(state))
        throw new AppError('BAD_INPUT', `A step's state is one of ${STEP_STATES.join(', ')}.`, { subject: 'state' });
      await ensureAuthor(ctx, 'checklist tick', {
        current: async () => (await call('team.status', {})).name,
        save: (name) => call('team.setName', { name }),
      });
      const run = await call('checklists.tick', {
        runId: arg(0, 'a RUN id'),
        stepId: arg(1, 'a STEP id or number'),
        state,
        ...(f.reason !== undefined ? { reason: f.reason } : {}),
        ...(f.note !== undefined ? { note: f.note } : {}),
      });
      ctx.out(ctx.json ? json(run) : runText(run));
      break;
    }
  }
  return EXIT.ok;
}

export async function checklistCommand(ctx: Ctx, positionals: string[], f: ChecklistFlags): Promise<number> {
  const [action = 'list', ...rest] = positionals;
  if (f.template === '' && action !== 'export')
    throw new AppError(
      'BAD_INPUT',
      `checklist ${action} --template needs a template ID (keyward checklist templates).`,
    );
  const arg = (i: number, what: string) => {
    const v = rest[i];
    if (v === undefined) throw new AppError('BAD_INPUT', `checklist ${action} needs ${what}.`);
    return v;
  };
  switch (action) {
    case 'template':
      return templateCommand(ctx, rest, f);
    case 'import': {
      const file = arg(0, 'a FILE');
      const text = readChecklistFile(file);
      return ctx.withVault(({ sharing }) => {
        const r = sharing.importText(text, file);
        ctx.out(ctx.json ? json(r) : importText(r));
        return EXIT.ok;
      });
    }
    default:
  }
  switch (action) {
    case 'list':
    case 'templates':
    case 'show':
    case 'tick':
      return withCalls(ctx, (call) => readOrTick(ctx, call, action, arg, f));
    default:
  }
  return ctx.withVault(async ({ checklists, team }) => {
    const author = { current: () => team.status().name, save: (name: string) => team.setName(name) };
    switch (action) {
      case 'start': {
        const keyRef = arg(0, 'a KEY id or name');
        await ensureAuthor(ctx, 'checklist start', author);
        const run = checklists.start(keyRef, { templateId: f.template, dueDate: f.due });
        ctx.out(
          ctx.json ? json(run) : `Started checklist ${run.id} (due ${run.dueDate ?? 'never'}).\n\n${runText(run)}`,
        );
        break;
      }
      case 'export': {
        const ref = exportedRef(rest, f.template);
        if (!f.out) throw new AppError('BAD_INPUT', 'checklist export needs --out FILE.json.');
        await ensureAuthor(ctx, 'checklist export', author); // the file is signed with your name
        const out = ref.template ? checklists.exportTemplate(ref.id) : checklists.exportRun(ref.id);
        const mdPath = f.out.replace(/(\.json)?$/, '.md');
        writeChecklistFiles(
          [
            [f.out, out.json],
            [mdPath, out.md],
          ],
          { force: f.force === true, hint: 'add --force to replace it' },
        );
        ctx.out(
          ctx.json
            ? json({ kind: out.kind, id: out.id, out: f.out, markdown: mdPath })
            : `Wrote the signed ${out.kind} to ${f.out} and a readable copy to ${mdPath}.`,
        );
        break;
      }
      default:
        throw new AppError('BAD_INPUT', `Unknown checklist action "${action}". See "keyward --help".`);
    }
    return EXIT.ok;
  });
}
