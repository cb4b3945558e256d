// Removes a secret from text that may reach a user or a log. A last guard only:
// messages are built from Keyward's own words and must not need it.

import type { KeySecret } from '../inventory/key.types.js';

export function redactSecret(text: string, secret: KeySecret): string {
  // SECURITY: an identity or message fragment comes from the platform and could echo the key.
  // Values shorter than 6 characters are left alone: cutting them would mangle ordinary words.
  if (secret.value.length < 6) return text;
  return text.split(secret.value).join('[redacted]');
}
