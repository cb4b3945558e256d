// Resolves references against an unlocked inventory for `run` and `read`, recording each
// key's use in its sealed history. Returns values to the caller only; never writes them.
import { AppError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { EnvEntry, SecretRef } from './secret-ref.js';

export type Resolved = { env: Record<string, string>; secrets: string[]; keyIds: string[] };

function fieldOf(ref: SecretRef, secret: { value: string; instanceId?: string }, name: string): string {
  if (ref.field === 'secret') return secret.value;
  if (secret.instanceId === undefined)
    throw new AppError('BAD_INPUT', `Key "${name}" has no instance-id (only KAI keys do).`, { subject: ref.key });
  return secret.instanceId;
}

/**
 * Every reference is resolved before anything is recorded, so a typo in the fifth one
 * records no use of the first four. `useDetail` goes to each key's history ("run in DIR").
 */
export function resolveEntries(inventory: Inventory, given: EnvEntry[], useDetail: string): Resolved {
  // A later entry for the same name wins (--env over --env-file, a later line over an earlier one).
  const entries = [...new Map(given.map((e) => [e.name, e])).values()];
  const ids = new Map<string, string>();
  for (const e of entries) {
    if (e.ref === null) continue;
    try {
      const key = inventory.get(e.ref.key);
      if (e.ref.field === 'instance-id' && key.platform !== 'kai')
        throw new AppError('BAD_INPUT', `Key "${key.name}" has no instance-id (only KAI keys do).`);
      ids.set(e.name, key.id);
    } catch (err) {
      if (err instanceof AppError)
        throw new AppError(err.code, `${e.from === 'read' ? '' : `${e.from}: ${e.name}: `}${err.message}`, {
          subject: err.subject,
        });
      throw err;
    }
  }
  const opened = new Map<string, { value: string; instanceId?: string }>();
  for (const id of new Set(ids.values())) opened.set(id, inventory.reveal(id, 'used', useDetail));
  const env: Record<string, string> = {};
  const secrets: string[] = [];
  for (const e of entries) {
    if (e.ref === null) {
      env[e.name] = e.value;
      continue;
    }
    const id = ids.get(e.name) as string;
    const value = fieldOf(e.ref, opened.get(id) as { value: string }, inventory.get(id).name);
    env[e.name] = value;
    secrets.push(value);
  }
  return { env, secrets, keyIds: [...opened.keys()] };
}
