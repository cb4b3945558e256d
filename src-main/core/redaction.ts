// The one rule for which stored secrets and hints Keyward looks for in text before the text
// leaves the vault (platform messages, exports, shared checklists), and the last-guard redaction
// of a platform's reply. SECURITY: a match is written [redacted], never any part of it.

/**
 * A secret is looked for once it has this many characters. Shorter values turn up inside
 * ordinary words and names ("admin", "deploy1"): a search for them would mangle a platform's
 * message, redact words in an export and refuse to share ordinary checklist notes. No defined
 * platform documents a key this short; docs/EXPORT-FORMATS.md and docs/CHECKLISTS.md name
 * the residual (a short password typed into a note is not caught).
 */
export const MIN_SOUGHT_SECRET_LENGTH = 8;

/** Whether a stored value is long enough to be looked for in text (see MIN_SOUGHT_SECRET_LENGTH). */
export const isSoughtSecret = (value: string): boolean => value.length >= MIN_SOUGHT_SECRET_LENGTH;

/**
 * A key's hint (known prefix + '…' + a short tail, platforms/key-facts.ts) is looked for once its
 * tail has two characters or more and it has this many characters beside its ellipsis. Shorter
 * ones ("…ab") turn up in ordinary text; docs/CHECKLISTS.md and docs/EXPORT-FORMATS.md name the residual.
 */
export const MIN_SOUGHT_HINT_CHARS = 4;

/** Whether a key's hint is looked for in text (exports, shared checklists): one rule for both. */
export const isSoughtHint = (hint: string): boolean =>
  /….{2,}$/u.test(hint) && [...hint.replace(/…/gu, '')].length >= MIN_SOUGHT_HINT_CHARS;

export const REDACTED = '[redacted]';

/**
 * Removes a secret from text that may reach a user or a log. A last guard only: messages
 * are built from Keyward's own words and must not need it.
 */
export function redactSecret(text: string, secret: { value: string }): string {
  // SECURITY: an identity or message fragment comes from the platform and could echo the key.
  if (!isSoughtSecret(secret.value)) return text;
  return text.split(secret.value).join(REDACTED);
}
