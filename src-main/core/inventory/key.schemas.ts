// Runtime validation of key input. Every bad field gets a message that names it.
import { z } from 'zod';
import { KEY_STATUSES, PLATFORM_IDS } from './key.types.js';
import { unsafeChars } from '../unsafe-text.js';

function isCalendarDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

// SECURITY: keys are only ever sent over https; plain http only to this machine
// (platform simulators and the sandbox).
export function isAllowedBaseUrl(s: string): boolean {
  let url: URL;
  try {
    url = new URL(s);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.protocol === 'https:') return true;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return url.protocol === 'http:' && (host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host));
}

const date = z.string().refine(isCalendarDate, { message: 'must be a date written YYYY-MM-DD' });
// SECURITY: control characters (terminal escapes, bidirectional overrides) in a name could
// fake what a terminal or a report shows; one-line fields refuse them, multi-line fields
// (purpose, notes) allow only line breaks and tabs.
const CONTROL = unsafeChars('display');
// As above, but line breaks (line separators included) and tabs are text here.
const CONTROL_BUT_LINES = unsafeChars('display', '\t\n\r\u2028\u2029');
const text = (max: number, multiLine = false) =>
  z
    .string()
    .max(max, { message: `must be at most ${max} characters` })
    .refine((s) => !(multiLine ? CONTROL_BUT_LINES : CONTROL).test(s), {
      message: multiLine ? 'must not hold control characters' : 'must be one line without control characters',
    });
const list = z.array(text(500)).max(200);

// Field rules without defaults: a patch must change only the fields it names.
const keyFieldRules = {
  platform: z.enum(PLATFORM_IDS, { message: `must be one of ${PLATFORM_IDS.join(', ')}` }),
  name: text(200).refine((s) => s.trim().length > 0, { message: 'must not be empty' }),
  account: text(500),
  baseUrl: z
    .string()
    .refine(isAllowedBaseUrl, { message: 'must be an https URL (plain http only for loopback addresses)' }),
  scopes: list,
  environment: text(100),
  owner: text(200),
  purpose: text(1000, true),
  deployedTo: list,
  tags: list,
  notes: text(20_000, true),
  createdAt: date.nullable(),
  expiresAt: date.nullable(),
  lastUsedAt: date.nullable(),
  status: z.enum(KEY_STATUSES),
  rotateEveryDays: z.number().int().min(1).max(3650).nullable(),
  extra: z.record(z.string(), text(1000)),
};
const r = keyFieldRules;

export const KeyInputSchema = z.object({
  ...r,
  account: r.account.default(''),
  baseUrl: r.baseUrl.optional(),
  scopes: r.scopes.default([]),
  environment: r.environment.default(''),
  owner: r.owner.default(''),
  purpose: r.purpose.default(''),
  deployedTo: r.deployedTo.default([]),
  tags: r.tags.default([]),
  notes: r.notes.default(''),
  createdAt: r.createdAt.default(null),
  expiresAt: r.expiresAt.default(null),
  lastUsedAt: r.lastUsedAt.default(null),
  status: r.status.default('active'),
  rotateEveryDays: r.rotateEveryDays.default(null),
  extra: r.extra.default({}),
});
export type KeyInput = z.input<typeof KeyInputSchema>;
export type KeyFields = z.output<typeof KeyInputSchema>;

/** A change to a key: only the fields named are touched (no defaults fill the others). */
export const KeyPatchSchema = z.object(keyFieldRules).partial().strict();
export type KeyPatch = z.input<typeof KeyPatchSchema>;

export const SecretSchema = z.object({
  value: z
    .string()
    .min(1, { message: 'must not be empty' })
    .max(16_384, { message: 'is longer than 16 KiB' })
    // eslint-disable-next-line no-control-regex -- a NUL or line break in a key is an input error
    .refine((s) => !/[\r\n\u0000]/.test(s), { message: 'must be one line' }),
  instanceId: z.string().min(1).max(500).optional(),
});
