// The scan domain of the contract: plaintext copies of stored keys found by `keyward scan` or the
// app's "Scan a folder…", as recorded on each key. A finding names a place, never a value. Imports only zod.
import { z } from 'zod';
import { id } from './schemas.js';

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

/** One place a copy was found: `path:line`, and for a copy in git history the commit that added it. */
export const ScanPlaceSchema = z.strictObject({
  source: z.enum(['file', 'history']),
  path: z.string(),
  line: z.number().int().min(1),
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
  label: z.string(),
  platform: z.string(),
  service: z.string().optional(),
  /** The name it was assigned to (`OPENAI_API_KEY=`), when there was one. */
  assignedTo: z.string().optional(),
  places: z.array(ScanPlaceSchema),
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

export const SCAN_CHANNELS = {
  'scan.status': z.object({}).strict(),
  'scan.cancel': z.object({}).strict(),
  /** The findings recorded on one key (its detail panel). */
  'scan.findings': z.object({ keyId: id }).strict(),
} as const;

export const SCAN_OUTPUTS = {
  'scan.status': ScanStatusSchema,
  'scan.cancel': ScanStatusSchema,
  'scan.findings': z.strictObject({ findings: z.array(PlaintextFindingSchema) }),
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
