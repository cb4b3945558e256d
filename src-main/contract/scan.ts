// The scan domain of the contract: plaintext copies of stored keys found by `keyward scan` or the
// app's "Scan a folder…", as recorded on each key. A finding names a place, never a value. Imports only zod.
import { z } from 'zod';

export const PlaintextFindingSchema = z.strictObject({
  keyId: z.string(),
  /** Absolute path of the file (for history: the repository's path joined with the file's). */
  path: z.string(),
  line: z.number().int().min(1),
  /** The commit that added it, for a copy found in git history. */
  commit: z.string().optional(),
  firstSeen: z.string(),
  lastSeen: z.string(),
});
export type PlaintextFinding = z.output<typeof PlaintextFindingSchema>;

export const PlaintextFindingsSchema = z.strictObject({
  version: z.literal(1),
  findings: z.array(PlaintextFindingSchema),
});
export type PlaintextFindings = z.output<typeof PlaintextFindingsSchema>;
