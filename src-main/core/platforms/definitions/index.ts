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
