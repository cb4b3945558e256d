// SECURITY: the last check before a checklist leaves the vault. The file text must not
// contain any key's secret, instance id or hint, even one a user typed into a note or a
// deployment name by mistake. Refuses the file, naming the key and where it appears
// (run, step, field), never the value.
//
// Residual (docs/CHECKLISTS.md): a secret shorter than the sought length (../redaction.ts), or a hint with
// fewer than MIN_SOUGHT_HINT_CHARS characters beside its ellipsis, is not looked for: such text
// ("key", "…ab") is found in ordinary words, and would block every export and sync.
import { AppError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.service.js';
import { isSoughtHint, isSoughtSecret } from '../redaction.js';
import type { RunBody, Template } from './checklist.types.js';

/** What to look for, per key. Built once per file, never logged. */
export type Needles = { keyId: string; keyName: string; values: string[] }[];

export function shareableNeedles(inventory: Inventory): Needles {
  return inventory.list().keys.map((key) => {
    const secret = inventory.secretFor(key.id);
    const values: string[] = [];
    if (isSoughtSecret(secret.value)) values.push(secret.value);
    // A KAI instance id that is also the key's recorded account is shared on purpose (the account).
    if (secret.instanceId !== undefined && secret.instanceId !== key.account && isSoughtSecret(secret.instanceId))
      values.push(secret.instanceId);
    if (isSoughtHint(key.hint)) values.push(key.hint);
    return { keyId: key.id, keyName: key.name, values };
  });
}

/** The first key whose secret, instance id or hint appears in `text`, or null. */
export const leakIn = (text: string, needles: Needles) =>
  needles.find((n) => n.values.some((v) => text.includes(v))) ?? null;

export type Place = { step: string | null; field: string };

/** Every text of a run a user could have typed into, with where it is. */
function runPlaces(body: RunBody): [Place, string][] {
  const places: [Place, string][] = [
    [{ step: null, field: 'title' }, body.title],
    [{ step: null, field: 'key name' }, body.key.name],
    [{ step: null, field: 'key account' }, body.key.account],
    [{ step: null, field: 'started by' }, body.createdBy.name],
    ...body.key.deployments.map((d, i): [Place, string] => [{ step: null, field: `deployment ${i + 1}` }, d]),
  ];
  for (const s of body.steps) {
    for (const v of [s, ...s.conflicts]) {
      const field = (f: string) => (v === s ? f : `${f} of a conflicting version`);
      places.push([{ step: s.id, field: field('note') }, v.note]);
      if (v.reason !== undefined) places.push([{ step: s.id, field: field('reason') }, v.reason]);
      if (v.by) places.push([{ step: s.id, field: field('name') }, v.by.name]);
    }
    places.push([{ step: s.id, field: 'title' }, s.title]);
    if (s.detail !== undefined) places.push([{ step: s.id, field: 'detail' }, s.detail]);
  }
  return places;
}

function templatePlaces(t: Template): [Place, string][] {
  return [
    [{ step: null, field: 'name' }, t.name],
    ...t.steps.flatMap((s): [Place, string][] => [
      [{ step: s.id, field: 'title' }, s.title],
      [{ step: s.id, field: 'detail' }, s.detail ?? ''],
    ]),
  ];
}

/** Where in a run or template the leak is: the first field holding it, else the file as a whole. */
export function placeOf(item: { kind: 'run'; body: RunBody } | { kind: 'template'; body: Template }, needles: Needles) {
  const places = item.kind === 'run' ? runPlaces(item.body) : templatePlaces(item.body);
  return places.find(([, text]) => leakIn(text, needles) !== null)?.[0] ?? { step: null, field: 'the file' };
}

export const placeText = (p: Place) => (p.step === null ? p.field : `step ${p.step} (${p.field})`);

/** A run or template that would carry a secret or hint: which one, where, and about which key. */
export class NotShareableError extends AppError {
  constructor(
    readonly itemId: string,
    readonly place: Place,
    readonly keyName: string,
    message: string,
  ) {
    super('BAD_INPUT', message, { subject: itemId });
  }
}

/** Throws NotShareableError when `text` (the whole file) holds a secret, instance id or hint of the vault. */
export function assertShareable(
  item: { kind: 'run'; body: RunBody } | { kind: 'template'; body: Template },
  text: string,
  inventory: Inventory,
): void {
  const needles = shareableNeedles(inventory);
  const leak = leakIn(text, needles);
  if (leak === null) return;
  const place = placeOf(item, needles);
  const what = item.kind === 'run' ? `Checklist ${item.body.id} ("${item.body.title}")` : `Template ${item.body.id}`;
  throw new NotShareableError(
    item.body.id,
    place,
    leak.keyName,
    `${what} would contain the secret or the hint of key "${leak.keyName}" in ${placeText(place)}; nothing was written. Remove it and try again.`,
  );
}
