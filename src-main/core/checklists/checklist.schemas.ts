// Runtime schemas of what a signed checklist file may hold, checked on every import
// before anything reaches the vault. Strict: an unknown field is refused, not carried.
import { z } from 'zod';
import { parseDay } from '../alerts/calendar-date.js';
import { PLATFORM_IDS } from '../inventory/key.types.js';
import { STEP_STATES } from './checklist.types.js';
import { unsafeChars } from '../../contract/unsafe-text.js';

/**
 * SECURITY: text a teammate's file carries is shown in terminals and the app (the trust
 * prompt above all), so it may hold no control character (C0 including line breaks, DEL,
 * C1), no line or paragraph separator and no bidirectional override or isolate: any of
 * them could clear the screen, fake a line or reorder what the user compares.
 */
export const UNSAFE_TEXT = unsafeChars('display', '', 'u');
export const SAFE_TEXT_MESSAGE = 'must not hold control, line-separator or bidirectional-override characters';
/** Text of at most `max` characters without any UNSAFE_TEXT character. */
export const safeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !UNSAFE_TEXT.test(s), { message: SAFE_TEXT_MESSAGE });
const text = safeText;
const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$/, 'must be letters, digits, . _ : - (1-80)');
const iso = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/, 'must be an ISO instant (UTC)');
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => parseDay(s) !== null, { message: 'is not a real calendar date' });

export const PersonSchema = z.strictObject({ name: text(120), fingerprint: text(64) });

const versionShape = {
  state: z.enum(STEP_STATES),
  reason: text(2000).optional(),
  note: text(4000),
  by: PersonSchema.nullable(),
  at: iso,
  change: id,
};
export const StepVersionSchema = z.strictObject(versionShape);
export const StepSchema = z.strictObject({
  ...versionShape,
  id,
  title: text(300),
  detail: text(2000).optional(),
  supersedes: z.array(id).max(10_000),
  conflicts: z.array(StepVersionSchema).max(1000),
});

export const RunBodySchema = z.strictObject({
  id,
  title: text(300),
  templateId: id,
  key: z.strictObject({
    id,
    name: text(200),
    platform: z.enum(PLATFORM_IDS),
    account: text(200),
    deployments: z.array(text(500)).max(500),
  }),
  dueDate: day.nullable(),
  createdAt: iso,
  createdBy: PersonSchema,
  steps: z.array(StepSchema).min(1).max(500),
});

export const TemplateStepSchema = z.strictObject({
  id,
  title: text(300),
  detail: text(2000).optional(),
  kind: z.enum(['task', 'deployments']),
});

export const TemplateSchema = z.strictObject({
  id,
  name: text(200),
  platform: z.enum(PLATFORM_IDS).nullable(),
  steps: z.array(TemplateStepSchema).min(1).max(200),
  builtIn: z.boolean(),
  updatedAt: iso,
});

/** What a user writes to edit a template (`checklist template edit ID --from FILE`). */
export const TemplateInputSchema = z.strictObject({
  name: text(200).min(1),
  platform: z.enum(PLATFORM_IDS).nullable().optional(),
  steps: z.array(TemplateStepSchema).min(1).max(200),
});
