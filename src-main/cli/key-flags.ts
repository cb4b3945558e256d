// The flags that describe a key (add, edit) and their translation into key fields.
import { AppError } from '../core/errors.js';
import type { KeyPatch } from '../core/inventory/key.schemas.js';

export const KEY_FLAG_OPTIONS = {
  platform: { type: 'string' },
  name: { type: 'string' },
  account: { type: 'string' },
  'instance-id': { type: 'string' },
  'base-url': { type: 'string' },
  expires: { type: 'string' },
  created: { type: 'string' },
  'last-used': { type: 'string' },
  scopes: { type: 'string' },
  env: { type: 'string' },
  owner: { type: 'string' },
  purpose: { type: 'string' },
  'deployed-to': { type: 'string', multiple: true },
  tag: { type: 'string', multiple: true },
  notes: { type: 'string' },
  'rotate-every': { type: 'string' },
  status: { type: 'string' },
} as const;

export type KeyFlagValues = {
  [K in keyof typeof KEY_FLAG_OPTIONS]?: (typeof KEY_FLAG_OPTIONS)[K] extends { multiple: true } ? string[] : string;
};

const dateOrNull = (v: string) => (v === '' ? null : v);
const splitList = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function days(v: string): number | null {
  if (v === '') return null;
  if (!/^\d+$/.test(v))
    throw new AppError('BAD_INPUT', '--rotate-every takes a whole number of days.', { subject: 'rotate-every' });
  return Number(v);
}

/** Only the flags given become fields; an empty value clears a date or a list. */
export function keyFieldsFromFlags(f: KeyFlagValues): KeyPatch {
  const out: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) out[key] = value;
  };
  set('platform', f.platform);
  set('name', f.name);
  set('account', f.account);
  set('baseUrl', f['base-url'] === '' ? undefined : f['base-url']);
  set('expiresAt', f.expires === undefined ? undefined : dateOrNull(f.expires));
  set('createdAt', f.created === undefined ? undefined : dateOrNull(f.created));
  set('lastUsedAt', f['last-used'] === undefined ? undefined : dateOrNull(f['last-used']));
  set('scopes', f.scopes === undefined ? undefined : splitList(f.scopes));
  set('environment', f.env);
  set('owner', f.owner);
  set('purpose', f.purpose);
  set(
    'deployedTo',
    f['deployed-to']?.filter((s) => s !== ''),
  );
  set(
    'tags',
    f.tag?.filter((s) => s !== ''),
  );
  set('notes', f.notes);
  set('rotateEveryDays', f['rotate-every'] === undefined ? undefined : days(f['rotate-every']));
  set('status', f.status);
  return out as KeyPatch;
}
