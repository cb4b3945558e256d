// Handlers of the checklist channels (runs, steps, templates, team folder). What they
// answer is a run's shared body and its local link: never a secret or a hint.
import type { CHECKLIST_CHANNELS, ChecklistListItem } from '../../contract/checklists.js';
import type { Core } from './create-core.js';
import type { Handlers } from './handler.types.js';

type ChecklistChannel = keyof typeof CHECKLIST_CHANNELS;

const teamStatus = (core: Core) => {
  const { team } = core.session();
  return {
    ...team.status(),
    folder: team.folder(),
    trusted: team.trusted(),
  };
};

export const checklistHandlers: Pick<Handlers, ChecklistChannel> = {
  'checklists.list': (core) => {
    const { checklists } = core.session();
    const local = new Map(checklists.runs().map((r) => [r.id, r.local]));
    const runs = checklists.list().map((s): ChecklistListItem => ({
      ...s,
      keyId: local.get(s.id)?.keyId ?? null,
      finishedAt: local.get(s.id)?.finishedAt ?? null,
    }));
    return { runs };
  },
  'checklists.get': (core, { runId }) => core.session().checklists.get(runId),
  'checklists.templates': (core) => ({ templates: core.session().checklists.templates() }),
  'checklists.start': (core, { keyId, templateId, dueDate }) =>
    core.session().checklists.start(keyId, { templateId, dueDate }),
  'checklists.tick': (core, { runId, stepId, state, reason, note }) =>
    core.session().checklists.tick(runId, stepId, { state, reason, note }),
  'team.status': (core) => teamStatus(core),
  'team.setName': (core, { name }) => {
    core.session().team.setName(name);
    return teamStatus(core);
  },
  'team.sync': (core) => core.session().sharing.sync(),
};
