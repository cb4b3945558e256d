// Turns one mapped row (CSV, 1Password, KeePassXC) into a candidate: shared so
// every tabular format fills fields, dates and context the same way.
import { PLATFORM_IDS, type PlatformId } from '../../inventory/key.types.js';
import { showableLabel } from './detect-rules.js';
import type { Candidate, CandidateFields, ImportIssue, MappableField } from './import.types.js';

/**
 * For entry formats (Bitwarden, KeePass) where one entry can hold several keys: returns `add(name, value,
 * extraContext, notes?)`, which appends a candidate sharing the entry's place, fields and context.
 */
export function entryCollector(ref: string, fields: CandidateFields, context: string[], into: Candidate[]) {
  return (name: string, value: string, extraContext: string[], notes?: string) =>
    into.push({
      ref,
      // Over-long fields are kept whole: the plan refuses them by the same limits as `add`.
      name,
      secret: { value: value.trim() },
      fields: { ...fields, ...(notes ? { notes } : {}) },
      context: [...extraContext, ...context],
      warnings: [],
    });
}

export type MappedRow = Partial<Record<MappableField, string>>;

/** A calendar date from YYYY-MM-DD or an ISO timestamp; undefined when it is neither. */
export function toDay(text: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text.trim());
  if (!m) return undefined;
  const day = m[1] as string;
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day ? day : undefined;
}

const list = (s: string) =>
  s
    .split(/[,;|]/)
    .map((t) => t.trim())
    .filter(Boolean);

/** Builds a candidate, or records an issue and returns null (a row without a secret is skipped by the caller). */
export function candidateFromRow(
  ref: string,
  row: MappedRow,
  context: string[],
  issues: ImportIssue[],
): Candidate | null {
  const secret = (row.secret ?? '').trim();
  const fields: CandidateFields = {};
  const bad = (what: string) => issues.push({ ref, message: what });
  const platform = row.platform?.trim().toLowerCase();
  if (platform) {
    if ((PLATFORM_IDS as readonly string[]).includes(platform)) fields.platform = platform as PlatformId;
    // SECURITY: a mis-mapped column may hold secrets, so the cell's value is never echoed.
    else bad(`the platform is not one of ${PLATFORM_IDS.join(', ')}`);
  }
  for (const key of ['account', 'environment', 'owner', 'purpose', 'notes'] as const) {
    const v = row[key]?.trim();
    if (v) fields[key] = v;
  }
  if (row.instanceId?.trim() && !fields.account) fields.account = row.instanceId.trim();
  if (row.tags?.trim()) fields.tags = list(row.tags);
  for (const key of ['expiresAt', 'createdAt'] as const) {
    const v = row[key]?.trim();
    if (!v) continue;
    const day = toDay(v);
    if (day === undefined) bad(`${key} is not a date (YYYY-MM-DD or an ISO timestamp)`);
    else fields[key] = day;
  }
  const url = row.url?.trim();
  const given = (row.name ?? '').trim() || context.find((c) => c !== '' && !/^https?:/i.test(c)) || '';
  // SECURITY: a name cell holding a pasted secret (or a mis-mapped column) is not shown or kept as the name.
  const name = given ? showableLabel(given, ref) : ref;
  const instanceId = row.instanceId?.trim();
  return {
    ref,
    name, // kept whole: the plan refuses one over 200 characters, as `add` does
    secret: instanceId ? { value: secret, instanceId } : { value: secret },
    fields,
    context: [given, ...(url ? [url] : []), ...context].filter(Boolean),
    warnings: [],
  };
}
