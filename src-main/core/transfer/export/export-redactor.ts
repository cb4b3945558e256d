// SECURITY: an export that promises no secret must not carry one a user typed or pasted
// into a field (a key's notes naming another key's value, a hint copied into a purpose).
// Every string of the document and of the alerts is scanned, token by token, for the
// vault's secrets and hints; a match is written as [redacted]. Tokens are split at white
// space, quotes, brackets and separators, and the part after a leading `NAME=` or
// `name:` is tried too; a secret glued to other text with no separator is not found.
import type { KeySecret } from '../../inventory/key.types.js';
import { isSoughtHint, isSoughtSecret, REDACTED } from '../../redaction.js';

const TOKEN = /[^\s"'`,;()<>[\]{}|]+/g;

export type Redactor = { redact: (s: string) => string; count: () => number };

export function makeRedactor(secrets: readonly KeySecret[], hints: readonly string[]): Redactor {
  const needles = new Set<string>();
  // A KAI instance id is an identifier (the key's account, kai-account.ts), not a secret: only the api-key is sought.
  for (const s of secrets) if (isSoughtSecret(s.value)) needles.add(s.value);
  const hintSet = new Set(hints.filter(isSoughtHint));
  let count = 0;
  const isSecret = (t: string): boolean => {
    if (needles.has(t) || hintSet.has(t)) return true;
    const cut = t.search(/[=:]/);
    return cut >= 0 && cut < t.length - 1 && needles.has(t.slice(cut + 1));
  };
  return {
    redact(s: string): string {
      if (needles.size === 0 && hintSet.size === 0) return s;
      return s.replace(TOKEN, (t) => {
        if (!isSecret(t)) return t;
        count += 1;
        const cut = t.search(/[=:]/);
        return needles.has(t) || hintSet.has(t) ? REDACTED : `${t.slice(0, cut + 1)}${REDACTED}`;
      });
    },
    count: () => count,
  };
}

/** A deep copy of plain data (objects, arrays, strings, numbers) with every string redacted. */
export function redactDeep<T>(value: T, r: Redactor): T {
  if (typeof value === 'string') return r.redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, r)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, r)])) as T;
  }
  return value;
}
