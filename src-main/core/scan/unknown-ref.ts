// The ref of an unknown key in scan output: a keyed hash of its value under a random key sealed in
// the vault (`scan.refKey`), so the same value has the same ref in every scan of that vault and a
// user can import it later by ref. SECURITY: the key never leaves the vault; a ref reveals nothing
// of the value to someone without it, and refs of two vaults cannot be compared.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Settings } from '../settings/settings.service.js';
import { refWith } from './scan-matcher.js';

const SETTING = 'scan.refKey';
const RefKeySchema = z.strictObject({ version: z.literal(1), key: z.string().length(44) });

/** The vault's ref function; created on first use. A read-only vault without one gets a key for this run. */
export function unknownRefs(settings: Settings, readOnly: boolean): (value: string) => string {
  const read = () => settings.get(SETTING, RefKeySchema.nullable(), null);
  const fresh = () => ({ version: 1 as const, key: randomBytes(32).toString('base64') });
  // Created inside one write transaction: two first scans at the same time agree on one key.
  const stored =
    read() ?? (readOnly ? fresh() : settings.transaction(() => read() ?? settings.put(SETTING, RefKeySchema, fresh())));
  const key = Buffer.from(stored.key, 'base64');
  return (value) => refWith(key, value);
}
