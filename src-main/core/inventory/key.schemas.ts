// Runtime validation of key input: the schemas are the contract's (contract/keys.ts), so
// the renderer, the dispatch and the inventory check one definition.
import type { z } from 'zod';
import { AppError } from '../errors.js';

export {
  KeyInputSchema,
  KeyPatchSchema,
  SecretSchema,
  isAllowedBaseUrl,
  type KeyFields,
  type KeyInput,
  type KeyPatch,
} from '../../contract/keys.js';

/** Parses with `schema` or throws BAD_INPUT naming the first bad field (never echoing values). */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || what;
  throw new AppError('BAD_INPUT', `Invalid ${what}: ${field} ${issue?.message ?? 'is invalid'}.`, { subject: field });
}
