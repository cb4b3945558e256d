// The scan domain of the contract: plaintext copies of stored keys found by `keyward scan` or the
// app's "Scan a folder…", as recorded on each key. A finding names a place, never a value. Imports only zod.
import { z } from 'zod';
import { KeyInputSchema, SecretHolderSchema } from './keys.js';
import { id } from './schemas.js';

export const PlaintextFindingSchema = z.strictObject({
  keyId: z.string(),
  /** Absolute path of the file (for history: the repository's path joined with the file's). */
  path: z.string(),
  /** 0: the key is in the name of the file or folder at `path`. */
  line: z.number().int().min(0),
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

/** One place a copy was found: `path:line`, and for a copy in git history the commit that added it. */
export const ScanPlaceSchema = z.strictObject({
  source: z.enum(['file', 'history']),
  path: z.string(),
  /** 0: the key is in the name of the file or folder at `path`. */
  line: z.number().int().min(0),
  commit: z.string().optional(),
});
export type ScanPlace = z.output<typeof ScanPlaceSchema>;

/** A stored key found in plaintext, with every place it was found. */
export const ScanKeyGroupSchema = z.strictObject({
  keyId: z.string(),
  keyName: z.string(),
  platform: z.string(),
  places: z.array(ScanPlaceSchema),
});

/** A key-shaped value the vault does not hold: what the catalog says it is, never the value. */
export const ScanUnknownGroupSchema = z.strictObject({
  /**
   * Opaque and random, for this result only: what `scan.importUnknown` names. SECURITY: not derived
   * from the value; main keeps the value beside it until the vault locks or another scan starts.
   */
  id: z.string(),
  label: z.string(),
  platform: z.string(),
  service: z.string().optional(),
  /** The name it was assigned to (`OPENAI_API_KEY=`), when there was one. */
  assignedTo: z.string().optional(),
  /** The name `keyward scan --import-unknown` would store it under: the variable, else "Found in FILE:LINE". */
  importName: z.string(),
  places: z.array(ScanPlaceSchema),
  /** Stored since, from this result (`scan.importUnknown`). */
  imported: z.strictObject({ keyId: z.string(), keyName: z.string() }).optional(),
  /** Found already stored when the import was asked for (added meanwhile): nothing was stored. */
  heldBy: SecretHolderSchema.optional(),
});

export const ScanResultSchema = z.strictObject({
  keys: z.array(ScanKeyGroupSchema),
  unknown: z.array(ScanUnknownGroupSchema),
  files: z.number(),
  bytes: z.number(),
  commits: z.number(),
  skipped: z.number(),
  /** Findings recorded on keys by this scan, and earlier ones it cleared; null for a read-only vault. */
  recorded: z.number().nullable(),
  cleared: z.number().nullable(),
  /** Places beyond the ones listed (a group lists at most 50). */
  placesLeftOut: z.number(),
});
export type ScanResult = z.output<typeof ScanResultSchema>;

/** The app's one scan, polled while it runs: counts so far, then the result grouped by key. */
export const ScanStatusSchema = z.strictObject({
  phase: z.enum(['idle', 'running', 'done', 'cancelled', 'failed']),
  folder: z.string().nullable(),
  gitHistory: z.boolean(),
  files: z.number(),
  bytes: z.number(),
  commits: z.number(),
  /** Stored-key and unknown-key matches found so far. */
  found: z.number(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  /** Why it failed, fit for a person (never a value). */
  problem: z.string().nullable(),
  result: ScanResultSchema.nullable(),
});
export type ScanStatus = z.output<typeof ScanStatusSchema>;

/** One unknown key to store: its group in the last result, and what the user confirmed or typed. */
export const ScanImportItemSchema = KeyInputSchema.pick({
  name: true,
  platform: true,
  owner: true,
  account: true,
  environment: true,
})
  .extend({ id: z.string().min(1).max(64) })
  .strict();
export type ScanImportItem = z.output<typeof ScanImportItemSchema>;

export const ScanImportOutcomeSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ id: z.string(), outcome: z.literal('imported'), keyId: z.string(), keyName: z.string() }),
  z.strictObject({ id: z.string(), outcome: z.literal('duplicate'), holder: SecretHolderSchema }),
]);
export type ScanImportOutcome = z.output<typeof ScanImportOutcomeSchema>;

export const SCAN_CHANNELS = {
  'scan.status': z.object({}).strict(),
  'scan.cancel': z.object({}).strict(),
  /** The findings recorded on one key (its detail panel). */
  'scan.findings': z.object({ keyId: id }).strict(),
  /**
   * Stores unknown keys of the last result as new keys, each under the name and platform the user
   * confirmed. The renderer names a group by its id; the value never leaves main.
   */
  'scan.importUnknown': z.object({ items: z.array(ScanImportItemSchema).min(1).max(1000) }).strict(),
} as const;

export const SCAN_OUTPUTS = {
  'scan.status': ScanStatusSchema,
  'scan.cancel': ScanStatusSchema,
  'scan.findings': z.strictObject({ findings: z.array(PlaintextFindingSchema) }),
  'scan.importUnknown': z.strictObject({ outcomes: z.array(ScanImportOutcomeSchema), scan: ScanStatusSchema }),
} as const;

export const SCAN_HOST_CALLS = {
  /** Asks for a folder in a native dialog and starts scanning it in the host; the renderer never names a path. */
  'host.scanFolder': z.object({ gitHistory: z.boolean().default(false) }).strict(),
} as const;

export const SCAN_HOST_OUTPUTS = {
  'host.scanFolder': z.union([
    z.strictObject({ status: z.literal('cancelled') }),
    z.strictObject({ status: z.literal('started'), scan: ScanStatusSchema }),
  ]),
} as const;
