// The registry of platform definitions. Adding a platform = one definition
// file plus one line in PLATFORMS below; nothing here does I/O.

import { AppError } from '../../errors.js';
import type { PlatformId } from '../../inventory/key.types.js';
import type { DefinedPlatformId, PlatformDefinition } from '../platform.types.js';
import { kaana } from './kaana.js';
import { kai } from './kai.js';
import { knouds } from './knouds.js';
import { kognitos } from './kognitos.js';
import { kubiya } from './kubiya.js';

export const PLATFORMS: readonly PlatformDefinition[] = [kai, kubiya, kognitos, knouds, kaana];

/**
 * Public prefixes of services Keyward has no definition for (stored as 'custom'), so their
 * hints show the prefix too. The defined platforms' prefixes come from their definitions.
 */
const OTHER_SERVICE_PREFIXES = ['github_pat_', 'ghp_', 'sk_live_', 'sk_test_', 'xoxb-', 'AKIA'] as const;

/** Every public key prefix Keyward knows, longest first: the definitions', then other services'. */
export const KNOWN_KEY_PREFIXES: readonly string[] = [
  ...PLATFORMS.flatMap((p) => p.keyFormat.prefixes),
  ...OTHER_SERVICE_PREFIXES,
].sort((a, b) => b.length - a.length);

/** The definition for a platform id, or undefined (e.g. 'custom'). */
export function findPlatform(id: PlatformId): PlatformDefinition | undefined {
  return PLATFORMS.find((p) => p.id === id);
}

/** The definition for a platform id; throws AppError NOT_FOUND when there is none. */
export function getPlatform(id: PlatformId): PlatformDefinition {
  const def = findPlatform(id);
  if (def === undefined) throw new AppError('NOT_FOUND', `Keyward has no platform definition for "${id}".`);
  return def;
}

export function isDefinedPlatform(id: PlatformId): id is DefinedPlatformId {
  return findPlatform(id) !== undefined;
}

export { kai, kubiya, kognitos, knouds, kaana };
