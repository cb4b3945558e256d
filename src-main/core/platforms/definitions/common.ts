// Small helpers shared by the platform definitions. Nothing here may copy
// platform free text into a message: only values checked against a strict shape.

/** A platform error code fit to show, or undefined when it is not a plain code. */
export function safeCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z0-9_.:-]{0,63}$/.test(value) ? value : undefined;
}

/** A short identity fragment (email, name, org) fit to show, or undefined. */
export function safeLabel(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  // SECURITY: refuse control characters and long blobs, which are not names and could be tokens.
  return text.length > 0 && text.length <= 120 && !/[\p{Cc}]/u.test(text) ? text : undefined;
}

export function ymd(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export const BEARER = { kind: 'header', header: 'Authorization', prefix: 'Bearer ' } as const;

/** The rotation of a platform whose new key works beside the old one until the old is revoked. */
export const OVERLAP_ROTATION = {
  sequence: 'overlap',
  steps: [
    'Before you start',
    'New key',
    'Verify new key',
    'Deployments',
    'Revoke old key',
    'Old key refused',
    'New key verified again',
  ],
  revokeSteps: ['What depends on it', 'Revoke in the portal', 'Confirm it is dead'],
} as const;
