// What can be said about a key from its value alone, with no network call:
// its display hint, which platform it looks like, and claims a JWT carries.
// A hint must never show more than a known prefix and 4 trailing characters.

import type { KeySecret, PlatformId } from '../inventory/key.types.js';
import { findPlatform, KNOWN_KEY_PREFIXES, PLATFORMS } from './definitions/index.js';
import type { DefinedPlatformId, LocalKeyFacts } from './platform.types.js';

const ELLIPSIS = '…';

function valueOf(secret: KeySecret | string): string {
  return typeof secret === 'string' ? secret : secret.value;
}

/** Any known public prefix and a short tail; SECURITY: never more of the secret, nothing for short ones. */
function secretHint(secret: string): string {
  const prefix = KNOWN_KEY_PREFIXES.find((p) => secret.startsWith(p)) ?? '';
  const rest = secret.length - prefix.length;
  // Short secrets give away too much with 4 characters: show 2, or none.
  const tailLength = rest >= 16 ? 4 : rest >= 8 ? 2 : 0;
  return tailLength === 0 ? `${prefix}${ELLIPSIS}` : `${prefix}${ELLIPSIS}${secret.slice(-tailLength)}`;
}

/**
 * Known prefix + '…' + a short tail, e.g. `knouds_live_…9f2a`. The prefix comes from the
 * platform's definition; the tail follows secretHint, so every hint Keyward
 * shows obeys one rule (at most 4 trailing characters, fewer or none for short secrets).
 */
export function keyHint(platform: PlatformId, secret: KeySecret | string): string {
  const value = valueOf(secret).trim();
  const prefixes = findPlatform(platform)?.keyFormat.prefixes ?? [];
  const prefix = prefixes.find((p) => value.startsWith(p) && value.length > p.length);
  if (prefix === undefined) return secretHint(value);
  const tail = secretHint(value.slice(prefix.length));
  // SECURITY: keep only '…' + tail; a "prefix" found inside the secret's body is not public.
  return `${prefix}${tail.slice(tail.indexOf(ELLIPSIS))}`;
}

export type DetectedPlatform = {
  platform: DefinedPlatformId;
  /** 'high' for a documented prefix; 'low' for a community-seen prefix or a shape guess. */
  confidence: 'high' | 'low';
};

/** Which platform a pasted or copied value looks like, from its shape; null when nothing matches. */
export function detectPlatform(value: string): DetectedPlatform | null {
  const text = value.trim();
  if (text.length === 0 || /\s/.test(text)) return null;
  let best: DetectedPlatform | null = null;
  for (const def of PLATFORMS) {
    const { prefixes, prefixConfidence, looksLike } = def.keyFormat;
    if (prefixes.some((p) => text.startsWith(p) && text.length > p.length)) {
      if (prefixConfidence === 'high') return { platform: def.id, confidence: 'high' };
      best ??= { platform: def.id, confidence: 'low' };
    } else if (looksLike?.(text) === true) {
      best ??= { platform: def.id, confidence: 'low' };
    }
  }
  return best;
}

/** Local facts (JWT claims, expiry, warnings such as Kaana session tokens). Display only, never trusted. */
export function describeKeyLocally(platform: PlatformId, secret: KeySecret | string, now: Date): LocalKeyFacts {
  const def = findPlatform(platform);
  return def?.localFacts?.(valueOf(secret).trim(), now) ?? { facts: {}, warnings: [] };
}
