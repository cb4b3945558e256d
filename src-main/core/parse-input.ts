// Parsing an input from outside the core (a host, a flag, a file) against its zod schema.
// SECURITY: the error names the first bad field, never its value (it may be a secret).
import type { z } from 'zod';
import { AppError } from './errors.js';

/** Parses with `schema` or throws BAD_INPUT naming the first bad field (never echoing values). */
export function parseOrThrow<T extends z.ZodType>(schema: T, input: unknown, what: string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || what;
  throw new AppError('BAD_INPUT', `Invalid ${what}: ${field} ${issue?.message ?? 'is invalid'}.`, { subject: field });
}
