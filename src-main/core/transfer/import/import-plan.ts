// From parsed candidates to a reviewed plan: platform detection, hint, environment,
// duplicates (by keyed hash, against the vault and earlier rows) and validation of
// each key exactly as the inventory will check it. Corrections from the preview re-run
// the same steps. SECURITY: views of a plan (toView) never carry the secret.
import { KeyInputSchema, SecretSchema, type KeyInput } from '../../inventory/key.schemas.js';
import type { KeySecret, PlatformId } from '../../inventory/key.types.js';
import { findPlatform } from '../../platforms/definitions/index.js';
import { describeKeyLocally, keyHint } from '../../platforms/key-facts.js';
import { checkNewKey } from '../../inventory/new-key-checks.js';
import { detect, type Detection } from './detect-rules.js';
import type { Candidate, ImportFormat, ImportIssue, ParseResult, Skipped } from './import.types.js';
import type { Duplicate, ImportItemView, ImportPreview } from '../../../contract/transfer.js';

export type { Duplicate, ImportItemView, ImportPreview };

export type ImportDefaults = { platform?: PlatformId; environment?: string; owner?: string; tags?: string[] };
export type Correction = {
  index: number;
  platform?: PlatformId;
  name?: string;
  environment?: string;
  include?: boolean;
};

export type PlannedItem = {
  index: number;
  ref: string;
  candidate: Candidate;
  detected: Detection;
  input: KeyInput;
  secret: KeySecret;
  tag: string;
  duplicateOf: Duplicate | null;
  /** Why the preview leaves it out unless the user includes it (a password, not an API key); null: included. */
  offByDefault: string | null;
  /** What the parser found wrong with this row's fields (an unreadable expiry, an unknown platform). */
  parserProblems: string[];
  /** Every problem of the row: the parser's, the fields' and the secret's as Add key checks them. */
  errors: string[];
};

/** A row left out of an import for its problems, named in the summary (its place, its name, never its secret). */
export type InvalidRow = { ref: string; name: string; problems: string[] };

export type ImportPlan = {
  id: string;
  fileName: string;
  format: ImportFormat;
  items: PlannedItem[];
  /** Problems of the file itself: places the parser could not read as a key. They block every import. */
  issues: ImportIssue[];
  skipped: Skipped[];
};

type Tagger = (secret: KeySecret) => string;
type Existing = Map<string, { id: string; name: string }>;

/** Builds the key input for a candidate, its detected platform overridden by a correction. */
/** Set on a key whose platform import only guessed (low confidence): verify --all skips it until confirmed. */
export const PLATFORM_GUESS = 'platform.guess';

export function buildItem(c: Candidate, detected: Detection, defaults: ImportDefaults, fix: Correction | undefined) {
  const platform =
    fix?.platform ??
    c.fields.platform ??
    (detected.confidence === 'none' ? (defaults.platform ?? 'custom') : detected.platform);
  const environment = fix?.environment ?? c.fields.environment ?? detected.environment ?? defaults.environment ?? '';
  // A low-confidence guess is recorded as a guess until the user confirms the platform (a correction).
  const guessed = !fix?.platform && !c.fields.platform && detected.confidence === 'low';
  const extra = {
    ...(c.fields.extra ?? {}),
    ...(platform === 'custom' && detected.service ? { service: detected.service } : {}),
    ...(guessed ? { [PLATFORM_GUESS]: detected.reason } : {}),
  };
  const tags = c.fields.tags ?? defaults.tags;
  const { baseUrl, notes } = placeLoginUrl(c, platform);
  const input: KeyInput = {
    ...c.fields,
    ...(baseUrl ? { baseUrl } : {}),
    ...(notes ? { notes } : {}),
    platform,
    name: (fix?.name ?? c.name).trim() || c.ref.slice(0, 200),
    environment,
    extra,
    ...(tags ? { tags } : {}),
    ...((c.fields.owner ?? defaults.owner) ? { owner: c.fields.owner ?? defaults.owner } : {}),
  };
  // KAI needs the instance id with the key: taken from the account when the file gave none.
  const secret: KeySecret =
    platform === 'kai' && !c.secret.instanceId && input.account ? { ...c.secret, instanceId: input.account } : c.secret;
  const errors: string[] = [];
  const fieldCheck = KeyInputSchema.safeParse(input);
  if (!fieldCheck.success)
    for (const i of fieldCheck.error.issues.slice(0, 3)) errors.push(`${i.path.join('.') || 'key'} ${i.message}`);
  const secretCheck = SecretSchema.safeParse(secret);
  if (!secretCheck.success)
    for (const i of secretCheck.error.issues.slice(0, 1)) errors.push(`the secret ${i.message}`);
  if (platform === 'kai' && !secret.instanceId)
    errors.push('a KAI key needs its instance id (an account, an instanceId column or X_INSTANCE_ID)');
  return { input, secret, errors };
}

/**
 * A row built and checked as it will be stored: the parser's problems with its fields, the fields and the secret
 * against the contract, and what Add key refuses outright (too short to be a key, another platform's key, a space
 * inside a platform's key). The planner, a correction in the preview and the commit all check a row this one way.
 */
export function checkedItem(
  c: Candidate,
  detected: Detection,
  defaults: ImportDefaults,
  fix: Correction | undefined,
  parserProblems: string[],
) {
  const built = buildItem(c, detected, defaults, fix);
  const errors = [...parserProblems, ...built.errors];
  if (errors.length === 0) errors.push(...newKeyIssues(built.input, built.secret, '', 'refuse'));
  return { input: built.input, secret: built.secret, errors };
}

/**
 * The parser's issues that belong to no row of the preview (a row with the wrong number of fields, an unclosed
 * quote, an entry that is no item): the file is not read as its author meant, and no row can be left out in its
 * place, so they block the import. An issue at a row that was read (its expiry, its platform) is that row's.
 */
export function fileProblems(parsed: ParseResult): ImportIssue[] {
  const rows = new Set(parsed.candidates.map((c) => c.ref));
  return parsed.issues.filter((i) => !rows.has(i.ref));
}

/**
 * The login URL a password manager or CSV gave: the key's base URL when it is its platform's default address
 * (verifying sends the key nowhere new), else a line in the notes, so what the source knew is kept.
 */
function placeLoginUrl(c: Candidate, platform: PlatformId): { baseUrl?: string; notes?: string } {
  const url = c.url?.trim();
  if (!url || c.fields.baseUrl) return {};
  const def = findPlatform(platform);
  const bare = (u: string) => u.replace(/\/+$/, '').toLowerCase();
  if (def && bare(url) === bare(def.defaultBaseUrl)) return { baseUrl: def.defaultBaseUrl };
  const line = `URL: ${url.slice(0, 2000)}`;
  const notes = c.fields.notes?.includes(line) ? c.fields.notes : [c.fields.notes, line].filter(Boolean).join('\n');
  return { notes: notes.slice(0, 20_000) };
}

/**
 * Plans candidates one at a time, in file order: a row is a duplicate of a key in the vault (`existing`, by keyed
 * hash) or of an earlier row of the file. Used whole by makePlan and row by row by a streamed import.
 */
export function planner(parsed: ParseResult, tagOf: Tagger, existing: Existing, defaults: ImportDefaults = {}) {
  const seen = new Map<string, string>();
  const issuesAt = new Map<string, string[]>();
  for (const i of parsed.issues) issuesAt.set(i.ref, [...(issuesAt.get(i.ref) ?? []), i.message]);
  return (c: Candidate, index: number): PlannedItem => {
    const detected: Detection = c.fields.platform
      ? { platform: c.fields.platform, confidence: 'high', reason: 'given in the file' }
      : detect(c.secret.value, c.context, { pairedInstanceId: c.secret.instanceId !== undefined });
    const parserProblems = issuesAt.get(c.ref) ?? [];
    const { input, secret, errors } = checkedItem(c, detected, defaults, undefined, parserProblems);
    const tag = tagOf(secret);
    const inVault = existing.get(tag);
    const earlier = seen.get(tag);
    const duplicateOf: Duplicate | null = inVault
      ? { kind: 'vault', ...inVault }
      : earlier !== undefined
        ? { kind: 'file', ref: earlier }
        : null;
    if (earlier === undefined) seen.set(tag, c.ref);
    const offByDefault = looksLikeAPassword(c, detected);
    return {
      index,
      ref: c.ref,
      candidate: c,
      detected,
      input,
      secret,
      tag,
      duplicateOf,
      offByDefault,
      parserProblems,
      errors,
    };
  };
}

export function makePlan(
  id: string,
  fileName: string,
  format: ImportFormat,
  parsed: ParseResult,
  tagOf: Tagger,
  existing: Existing,
  defaults: ImportDefaults = {},
): ImportPlan {
  const plan = planner(parsed, tagOf, existing, defaults);
  const items = parsed.candidates.map((c, index) => plan(c, index));
  return { id, fileName, format, items, issues: fileProblems(parsed), skipped: parsed.skipped };
}

/** A planned row as the preview shows it after a correction: rebuilt and checked again; excluded, it blocks nothing. */
export function revisedItem(item: PlannedItem, defaults: ImportDefaults, fix: Correction | undefined): PlannedItem {
  if (!fix) return item;
  const rebuilt = { ...item, ...checkedItem(item.candidate, item.detected, defaults, fix, item.parserProblems) };
  const detected = fix.platform
    ? { platform: fix.platform, confidence: 'high' as const, reason: 'set in the preview' }
    : item.detected;
  return { ...rebuilt, detected, errors: fix.include === false ? [] : rebuilt.errors };
}

/** Whether a row is stored: the user's choice, else every row that is no password and (unless asked) no duplicate. */
export const isIncluded = (item: PlannedItem, fix: Correction | undefined, includeDuplicates: boolean): boolean =>
  fix?.include ?? (item.offByDefault === null && (item.duplicateOf === null || includeDuplicates));

export type ImportChoice = { includeDuplicates: boolean; leaveOutInvalid: boolean };
export type RowOutcome =
  | { kind: 'store'; item: PlannedItem }
  | { kind: 'duplicate' }
  | { kind: 'excluded' }
  | { kind: 'invalid'; row: InvalidRow }
  | { kind: 'refused'; errors: string[] };

/**
 * What a commit does with one row, the same for a preview's commit and a streamed import: a row not chosen is a
 * duplicate skipped or a row left out; a chosen row is stored as corrected when it has no problem. A row with a
 * problem is left out and named when the user said to leave such rows out and did not include it by hand;
 * otherwise it refuses the import.
 */
export function rowOutcome(
  item: PlannedItem,
  defaults: ImportDefaults,
  fix: Correction | undefined,
  choice: ImportChoice,
): RowOutcome {
  if (!isIncluded(item, fix, choice.includeDuplicates)) {
    const isDuplicate = item.duplicateOf !== null && item.offByDefault === null && fix?.include === undefined;
    if (isDuplicate && choice.leaveOutInvalid) {
      // A repeat of a row with a problem has that problem too: left out and named with it, not called a duplicate
      // (what it repeats was never stored, and --include-duplicates would not store it either).
      const revised = revisedItem(item, defaults, fix);
      if (revised.errors.length > 0)
        return { kind: 'invalid', row: { ref: item.ref, name: String(revised.input.name), problems: revised.errors } };
    }
    return isDuplicate ? { kind: 'duplicate' } : { kind: 'excluded' };
  }
  const revised = revisedItem(item, defaults, fix);
  if (revised.errors.length === 0) return { kind: 'store', item: revised };
  if (choice.leaveOutInvalid && fix?.include !== true)
    return { kind: 'invalid', row: { ref: item.ref, name: String(revised.input.name), problems: revised.errors } };
  return { kind: 'refused', errors: revised.errors };
}

/** Every blocking problem: the parser's plus each item's validation errors. */
export function planErrors(plan: ImportPlan, items: PlannedItem[] = plan.items): ImportIssue[] {
  return [...plan.issues, ...items.flatMap((i) => i.errors.map((message) => ({ ref: i.ref, message })))];
}

const PASSWORD_WORD = /(^|[^a-z])(password|passwd|pwd|passphrase)([^a-z]|$)/i;
const KEY_WORD = /(^|[^a-z])(api|key|keys|token|tokens|secret|pat|apikey|credential|credentials|bearer)([^a-z]|$)/i;

/**
 * A value whose shape no rule knows, found under a name that says password and nowhere
 * key or token: most likely a website or database password (a password manager's
 * logins, DB_PASSWORD=...), not an API key. It is shown, but left out unless included.
 */
function looksLikeAPassword(c: Candidate, detected: Detection): string | null {
  // A login's password is a key only when its value has a key's shape; a name or URL on the platform's domain is
  // not enough (that is the website's own login). The shape is asked for without the context.
  if (c.login === true) {
    if (detect(c.secret.value, []).confidence !== 'none') return null;
    return c.passwordColumn !== undefined
      ? `a column called ${c.passwordColumn}: a password, not an API key`
      : 'a website login, not an API key';
  }
  if (detected.confidence !== 'none') return null;
  const words = [c.name, ...c.context];
  if (!words.some((w) => PASSWORD_WORD.test(w)) || words.some((w) => KEY_WORD.test(w))) return null;
  return 'a password, not an API key';
}

/** The address a key would be verified at, when it is not its platform's default (shown as a warning). */
function unusualBaseUrl(item: PlannedItem): string | undefined {
  const url = item.input.baseUrl;
  if (!url) return undefined;
  const def = findPlatform(item.input.platform);
  if (def && url.replace(/\/+$/, '') === def.defaultBaseUrl.replace(/\/+$/, '')) return undefined;
  try {
    // Shown without any user:password, query or fragment a hand-edited URL might carry.
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`.slice(0, 200);
  } catch {
    return 'an unreadable address';
  }
}

/** The parser's warnings, a non-default base URL, and what the platform says of the value (Kaana session tokens). */
function itemWarnings(item: PlannedItem, now: Date): string[] {
  const baseUrl = unusualBaseUrl(item);
  return [
    ...item.candidate.warnings,
    ...(baseUrl
      ? [`sets the base URL ${baseUrl} (not ${item.input.platform}'s default): verifying sends the key there`]
      : []),
    ...describeKeyLocally(item.input.platform, item.secret, now).warnings,
    ...newKeyWarnings(item, now),
  ];
}

/** Add key's checks at one level (duplicates aside: the plan marks those by their keyed hash). */
function newKeyIssues(input: KeyInput, secret: KeySecret, today: string, level: 'warn' | 'refuse'): string[] {
  const expiresAt = typeof input.expiresAt === 'string' ? input.expiresAt : null;
  return (
    checkNewKey({ holderOfSecret: () => null }, { platform: input.platform, expiresAt }, secret, today)
      .filter((i) => i.level === level)
      // Said of a row in a preview, where nothing is stored yet either way.
      .map((i) => i.message.replace(/: nothing was stored( or sent)?\./, '.'))
  );
}

/** Add key's warnings (short secret, past expiry, another format) on a row that can be imported. */
const newKeyWarnings = (item: PlannedItem, now: Date): string[] =>
  item.errors.length > 0 ? [] : newKeyIssues(item.input, item.secret, now.toISOString().slice(0, 10), 'warn');

/** One row of the preview. SECURITY: no secret; a hint only for a row that is no password. */
export function itemView(i: PlannedItem, now: Date): ImportItemView {
  return {
    index: i.index,
    ref: i.ref,
    name: String(i.input.name),
    platform: i.input.platform,
    confidence: i.detected.confidence,
    reason: i.detected.reason,
    ...(i.detected.service ? { service: i.detected.service } : {}),
    environment: i.input.environment ?? '',
    account: i.input.account ?? '',
    ...(i.candidate.pairedWith ? { pairedWith: i.candidate.pairedWith } : {}),
    // SECURITY: a row left out as a password shows no piece of it; a password is not ours to hint at.
    hint: i.offByDefault === null ? keyHint(i.input.platform, i.secret.value) : '',
    ...(unusualBaseUrl(i) ? { baseUrl: unusualBaseUrl(i) } : {}),
    expiresAt: i.input.expiresAt ?? null,
    duplicateOf: i.duplicateOf,
    offByDefault: i.offByDefault,
    warnings: itemWarnings(i, now),
    errors: i.errors,
  };
}

/** The preview's counts, added up row by row (a streamed import keeps no rows). */
export function previewCounter() {
  const tally = entryTally();
  const counts = { items: 0, keys: 0, leftOut: 0, duplicates: 0 };
  return {
    add(i: Pick<ImportItemView, 'ref' | 'offByDefault' | 'duplicateOf'>): void {
      counts.items += 1;
      if (i.offByDefault === null && i.duplicateOf === null) counts.keys += 1;
      if (i.offByDefault !== null) counts.leftOut += 1;
      if (i.duplicateOf !== null) counts.duplicates += 1;
      tally.add(i);
    },
    counts(errors: ImportIssue[], skipped: Skipped[]): ImportPreview['counts'] {
      const byEntry = tally.outcomes(errors, skipped);
      return {
        ...counts,
        errors: errors.length,
        skipped: skipped.length,
        entries: byEntry.imported + byEntry.leftOut + byEntry.skipped + byEntry.refused,
        byEntry,
      };
    },
  };
}

export function toView(plan: ImportPlan, now = new Date()): ImportPreview {
  const counter = previewCounter();
  const items = plan.items.map((i): ImportItemView => {
    const view = itemView(i, now);
    counter.add(view);
    return view;
  });
  const errors = planErrors(plan);
  return {
    id: plan.id,
    fileName: plan.fileName,
    format: plan.format,
    items,
    errors,
    fileErrors: plan.issues,
    skipped: plan.skipped,
    counts: counter.counts(errors, plan.skipped),
  };
}

/**
 * Each place of the file once, by what happens to it: refused (a blocking problem), imported (at least one key
 * stored by default), left out (only keys left out unless included: passwords, logins, duplicates), or skipped.
 */
function entryTally() {
  const imported = new Set<string>();
  const leftOut = new Set<string>();
  return {
    add(i: Pick<ImportItemView, 'ref' | 'offByDefault' | 'duplicateOf'>): void {
      if (i.offByDefault === null && i.duplicateOf === null) imported.add(i.ref);
      else leftOut.add(i.ref);
    },
    outcomes(errors: ImportIssue[], skipped: Skipped[]) {
      const refused = new Set(errors.map((e) => e.ref));
      for (const ref of refused) {
        imported.delete(ref);
        leftOut.delete(ref);
      }
      for (const ref of imported) leftOut.delete(ref);
      const skippedOnly = new Set(
        skipped.map((s) => s.ref).filter((r) => !refused.has(r) && !imported.has(r) && !leftOut.has(r)),
      );
      return { imported: imported.size, leftOut: leftOut.size, skipped: skippedOnly.size, refused: refused.size };
    },
  };
}
