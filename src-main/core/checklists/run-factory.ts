// Makes a run from a template and a key, and works out its due date: a margin before
// the old key expires, or its rotation date, whichever comes first. Pure.
import type { KeyRecord } from '../inventory/key.types.js';
import { formatDay, parseDay, type DayNumber } from '../alerts/calendar-date.js';
import type { Person, RunBody, Step, Template } from './checklist.types.js';

/** Days before the old key's expiry that a run is due. */
export const DUE_MARGIN_DAYS = 7;
/** Due date of a run for a key with neither an expiry nor a rotation policy. */
export const DEFAULT_DUE_DAYS = 14;

export function dueDateFor(expiresAt: string | null, rotationDue: DayNumber | null, today: DayNumber): string {
  const exp = parseDay(expiresAt);
  const beforeExpiry = exp === null ? null : exp - DUE_MARGIN_DAYS >= today ? exp - DUE_MARGIN_DAYS : exp;
  const candidates = [beforeExpiry, rotationDue].filter((d): d is DayNumber => d !== null);
  return formatDay(candidates.length > 0 ? Math.min(...candidates) : today + DEFAULT_DUE_DAYS);
}

function freshStep(id: string, title: string, detail: string | undefined, at: string): Step {
  return {
    id,
    title,
    ...(detail ? { detail } : {}),
    state: 'todo',
    note: '',
    by: null,
    at,
    change: `init-${id}`,
    supersedes: [],
    conflicts: [],
  };
}

/** The steps of a template, with its `deployments` step expanded per recorded deployment. */
export function stepsFor(template: Template, deployments: readonly string[], at: string): Step[] {
  return template.steps.flatMap((t) => {
    if (t.kind === 'task') return [freshStep(t.id, t.title, t.detail, at)];
    if (deployments.length === 0)
      return [freshStep(`${t.id}-1`, `${t.title}: every place that uses the key (none recorded)`, t.detail, at)];
    return deployments.map((place, i) => freshStep(`${t.id}-${i + 1}`, `${t.title}: ${place}`, undefined, at));
  });
}

export function newRunBody(input: {
  id: string;
  template: Template;
  key: KeyRecord;
  dueDate: string;
  at: string;
  by: Person;
}): RunBody {
  const { key, template } = input;
  return {
    id: input.id,
    title: `Rotate ${key.name}`,
    templateId: template.id,
    // SECURITY: only what a teammate needs; never the hint, notes, owner, scopes or the secret.
    key: { id: key.id, name: key.name, platform: key.platform, account: key.account, deployments: [...key.deployedTo] },
    dueDate: input.dueDate,
    createdAt: input.at,
    createdBy: input.by,
    steps: stepsFor(template, key.deployedTo, input.at),
  };
}
