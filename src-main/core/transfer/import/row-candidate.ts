// Turns one mapped row (CSV, 1Password, KeePassXC) into a candidate: shared so
// every tabular format fills fields, dates and context the same way.
import { PLATFORM_IDS, type PlatformId } from '../../inventory/key.types.js';
import { detectPlatform } from '../../platforms/key-facts.js';
import { showableLabel } from './detect-rules.js';
import type { Candidate, CandidateFields, ImportIssue, MappableField } from './import.types.js';

/**
 * For entry formats (Bitwarden, KeePass) where one entry can hold several keys: returns `add(name, value,
 * extraContext, notes?)`, which appends a candidate sharing the entry's place, fields and context.
 */
export function entryCollector(
  ref: string,
  fields: CandidateFields,
  context: string[],
  into: Candidate[],
  login: { url?: string; isLogin?: boolean } = {},
) {
  return (name: string, value: string, extraContext: string[], notes?: string, isLoginPassword = false) =>
    into.push({
      ref,
      // Over-long fields are kept whole: the plan refuses them by the same limits as `add`.
      name,
      secret: { value: value.trim() },
      fields: { ...fields, ...(notes ? { notes } : {}) },
      context: [...extraContext, ...context],
      warnings: [],
      ...(login.url ? { url: login.url } : {}),
      ...(isLoginPassword && login.isLogin ? { login: true } : {}),
    });
}

/** The words of a field or variable name: `GITHUB_TOTP_SECRET`, `Login2faSeed`, `MFA secret` split at `_`, `-`, spaces and case. */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

const OTP_WORDS = new Set(['otp', 'totp', 'hotp', 'mfa', '2fa', 'authenticator', 'otpauth']);

/**
 * A one-time-password seed, never an API key: a value that is an otpauth:// URI; KeePassXC's `otp`, KeePass 2.47's
 * `TimeOtp-*`/`HmacOtp-*`, KeeOtp's fields; or a name with a word TOTP, HOTP, OTP, MFA, 2FA or Authenticator in it
 * (`GITHUB_TOTP_SECRET`, "MFA secret", "Authenticator key"), unless the value carries a known platform's key prefix.
 * A base32 value alone says nothing: many real keys are base32.
 */
export function isOtpField(name: string, value: string): boolean {
  if (/^otpauth:\/\//i.test(value.trim())) return true;
  if (/^(totp ?seed|totp ?settings|(time|hmac)otp-.*|one[- ]time[- ]password)$/i.test(name.trim())) return true;
  const words = nameWords(name);
  if (!words.some((w) => OTP_WORDS.has(w) || /^(time|hmac)otp$/.test(w))) return false;
  return detectPlatform(value)?.confidence !== 'high';
}

export type MappedRow = Partial<Record<MappableField, string>>;

/**
 * A calendar date (UTC) from YYYY-MM-DD, an ISO timestamp, or a Unix time in seconds (10 digits) or milliseconds
 * (13 digits, as Firefox's password CSV writes `timeCreated`); undefined when it is none of them.
 */
export function toDay(text: string): string | undefined {
  const epoch = /^(\d{9,10}|\d{12,13})$/.exec(text.trim());
  if (epoch) {
    const n = Number(epoch[1]);
    const d = new Date((epoch[1] as string).length >= 12 ? n : n * 1000);
    return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
  }
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
  const username = row.username?.trim();
  if (username && !fields.account) fields.account = username;
  else if (username && username !== fields.account)
    fields.notes = withNoteLines(fields.notes, [['Username', username]]);
  // A KAI key's instance id is its account (as `edit --account X --instance-id Y` insists): two values are refused.
  const instance = row.instanceId?.trim();
  const explicitAccount = row.account?.trim();
  if (instance && explicitAccount && explicitAccount !== instance)
    bad(
      'the account and the instance id differ; a KAI key\u2019s instance id is its account: give one value, or leave the account empty',
    );
  if (instance && !fields.account) fields.account = instance;
  if (row.tags?.trim()) fields.tags = list(row.tags);
  for (const key of ['expiresAt', 'createdAt'] as const) {
    const v = row[key]?.trim();
    if (!v) continue;
    const day = toDay(v);
    if (day === undefined)
      bad(
        `the ${key === 'expiresAt' ? 'expiry' : 'creation'} date cannot be read (write it YYYY-MM-DD, as an ISO timestamp or as a Unix time)`,
      );
    else fields[key] = day;
  }
  const url = row.url?.trim();
  // No name column (Firefox's password CSV): the login URL's host names the row.
  const given =
    (row.name ?? '').trim() || context.find((c) => c !== '' && !/^https?:/i.test(c)) || hostOf(url ?? '') || '';
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
    ...(url ? { url } : {}),
  };
}

const hostOf = (url: string) => {
  try {
    return url ? new URL(url).host : '';
  } catch {
    return '';
  }
};

/**
 * Notes with `Label: value` lines added (custom fields, a second username), capped at the notes limit. Callers pass
 * only what the source showed in the clear: never a hidden or protected field.
 */
export function withNoteLines(notes: string | undefined, lines: [string, string][]): string | undefined {
  const added = lines.filter(([, v]) => v.trim() !== '').map(([k, v]) => `${k}: ${v.trim()}`);
  const all = [notes?.trim() ?? '', ...added].filter(Boolean).join('\n');
  return all === '' ? undefined : all.slice(0, 20_000);
}
