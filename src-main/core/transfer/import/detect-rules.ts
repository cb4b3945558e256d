// Which platform an imported value belongs to, from its shape and its context
// (variable or field names, URLs). Our five platforms come from key-facts'
// detectPlatform (one source of truth); FOREIGN_FORMATS is the table of other
// well-known formats, which become 'custom' keys with extra.service set. Add a row to extend it.
import type { Confidence } from '../../../contract/transfer.js';
import type { PlatformId } from '../../inventory/key.types.js';
import { decodeJwtPayload } from '../../platforms/jwt.js';
import { detectPlatform } from '../../platforms/key-facts.js';
import { PLATFORMS } from '../../platforms/definitions/index.js';

export type { Confidence };
export type Detection = {
  platform: PlatformId;
  confidence: Confidence;
  /** Why, in words fit to show (never the value). */
  reason: string;
  /** For 'custom' keys: the service the format belongs to (github, stripe ...). */
  service?: string;
  environment?: string;
};

export type ForeignFormat = {
  service: string;
  label: string;
  pattern: RegExp;
  /** The environment the prefix says, e.g. Stripe's live/test keys. */
  environment?: (value: string) => string | undefined;
};

const stripeEnv = (v: string) => (/_live_/.test(v) ? 'production' : /_test_/.test(v) ? 'test' : undefined);

/** Documented shapes of other services' keys. Order matters: the first match wins. */
export const FOREIGN_FORMATS: readonly ForeignFormat[] = [
  { service: 'github', label: 'GitHub fine-grained token', pattern: /^github_pat_[A-Za-z0-9_]{20,}$/ },
  { service: 'github', label: 'GitHub token', pattern: /^gh[pousr]_[A-Za-z0-9]{30,}$/ },
  { service: 'gitlab', label: 'GitLab token', pattern: /^glpat-[A-Za-z0-9_-]{20,}$/ },
  {
    service: 'stripe',
    label: 'Stripe key',
    pattern: /^(sk|rk|pk)_(live|test)_[A-Za-z0-9]{10,}$/,
    environment: stripeEnv,
  },
  { service: 'aws', label: 'AWS access key id', pattern: /^(AKIA|ASIA)[A-Z0-9]{16}$/ },
  { service: 'slack', label: 'Slack token', pattern: /^xox[abposr]-[A-Za-z0-9-]{10,}$/ },
  { service: 'anthropic', label: 'Anthropic key', pattern: /^sk-ant-[A-Za-z0-9_-]{20,}$/ },
  { service: 'openai', label: 'OpenAI key', pattern: /^sk-(proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}$/ },
  { service: 'google', label: 'Google API key', pattern: /^AIza[A-Za-z0-9_-]{35}$/ },
  { service: 'sendgrid', label: 'SendGrid key', pattern: /^SG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}$/ },
  { service: 'npm', label: 'npm token', pattern: /^npm_[A-Za-z0-9]{36}$/ },
];

const hostOf = (url: string): string | null => {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
};

/** The registrable domains each platform's API and portal live on, from the definitions. */
const PLATFORM_DOMAINS: readonly { platform: PlatformId; domain: string }[] = PLATFORMS.flatMap((def) => {
  const urls = [def.defaultBaseUrl, ...def.knownBaseUrls, ...(def.portal.url ? [def.portal.url] : [])];
  const domains = new Set(urls.map((u) => (hostOf(u) ?? '').split('.').slice(-2).join('.')).filter(Boolean));
  return [...domains].map((domain) => ({ platform: def.id, domain }));
});

/** A platform named as a word in a variable, field or group name (KAI_API_KEY, "Kubiya token"). */
function platformByName(context: readonly string[]): PlatformId | null {
  for (const text of context) {
    if (/^https?:\/\//i.test(text)) continue; // a URL is judged by its host (platformByUrl)
    const words = text.toLowerCase().split(/[^a-z0-9]+/);
    const hit = PLATFORMS.find((def) => words.includes(def.id));
    if (hit) return hit.id;
  }
  return null;
}

function platformByUrl(context: readonly string[]): { platform: PlatformId; domain: string } | null {
  for (const text of context) {
    const host = /^https?:\/\//i.test(text) ? hostOf(text) : null;
    if (host === null) continue;
    const hit = PLATFORM_DOMAINS.find((d) => host === d.domain || host.endsWith(`.${d.domain}`));
    if (hit) return hit;
  }
  return null;
}

const ENV_WORDS: readonly [RegExp, string][] = [
  [/^(prod|production|live|prd)$/, 'production'],
  [/^(staging|stage|stg|preprod)$/, 'staging'],
  [/^(dev|development|local)$/, 'development'],
  [/^(test|testing|qa|sandbox)$/, 'test'],
];

/** The environment a name says (DEPLOY_KEY_PROD, "Staging" group), if any. */
export function environmentFromContext(context: readonly string[]): string | undefined {
  for (const text of context) {
    if (/^https?:\/\//i.test(text)) continue;
    for (const word of text.toLowerCase().split(/[^a-z0-9]+/)) {
      const hit = ENV_WORDS.find(([re]) => re.test(word));
      if (hit) return hit[1];
    }
  }
  return undefined;
}

/** A JWT whose claims look like a Kaana login (tenant + expiry): Kaana's own definition warns about these. */
function looksLikeKaanaJwt(value: string): boolean {
  const claims = decodeJwtPayload(value);
  return claims !== null && ('tenantId' in claims || 'tenant_id' in claims);
}

/**
 * Detects platform, confidence and environment for one value in its context.
 * `pairedInstanceId`: the key came with an instance id (KAI_INSTANCE_ID beside KAI_API_KEY),
 * the credential shape only KAI uses.
 */
export function detect(
  value: string,
  context: readonly string[],
  opts: { pairedInstanceId?: boolean } = {},
): Detection {
  const env = environmentFromContext(context);
  const withEnv = (d: Detection): Detection =>
    (d.environment ?? env) ? { ...d, environment: d.environment ?? env } : d;
  const byShape = detectPlatform(value);
  const byName = platformByName(context);
  const byUrl = platformByUrl(context);
  if (byShape?.confidence === 'high')
    return withEnv({ ...byShape, reason: `documented ${byShape.platform} key format` });
  if (opts.pairedInstanceId) {
    const named = byName === 'kai' || byUrl?.platform === 'kai';
    return withEnv({
      platform: 'kai',
      confidence: named ? 'high' : 'medium',
      reason: `an instance id with its key${named ? ', and its name or URL says KAI' : ''}`,
    });
  }
  const trimmed = value.trim();
  const foreign = FOREIGN_FORMATS.find((f) => f.pattern.test(trimmed));
  if (foreign) {
    return withEnv({
      platform: 'custom',
      confidence: 'high',
      reason: `${foreign.label} format`,
      service: foreign.service,
      ...(foreign.environment?.(trimmed) ? { environment: foreign.environment(trimmed) } : {}),
    });
  }
  // A shape only seen in community code is sure when the name or URL agrees with it.
  if (byShape && (byName === byShape.platform || byUrl?.platform === byShape.platform)) {
    return withEnv({
      platform: byShape.platform,
      confidence: 'high',
      reason: `looks like a ${byShape.platform} key and its name or URL says so`,
    });
  }
  if (looksLikeKaanaJwt(trimmed))
    return withEnv({ platform: 'kaana', confidence: 'low', reason: 'a JWT with Kaana tenant claims' });
  // The name (variable or field name first: the closest context) beats the URL: a password manager's entry for
  // one service often holds keys of others in its fields. Either beats a shape that disagrees.
  const shapeNote = (p: PlatformId) =>
    byShape && byShape.platform !== p ? ` (its format looks like ${byShape.platform})` : '';
  if (byName)
    return withEnv({
      platform: byName,
      confidence: 'medium',
      reason: `the name mentions ${byName}${shapeNote(byName)}`,
    });
  if (byUrl)
    return withEnv({
      platform: byUrl.platform,
      confidence: 'medium',
      reason: `URL on ${byUrl.domain}${shapeNote(byUrl.platform)}`,
    });
  if (byShape)
    return withEnv({
      platform: byShape.platform,
      confidence: 'medium',
      reason: `looks like a ${byShape.platform} key`,
    });
  return withEnv({ platform: 'custom', confidence: 'none', reason: 'no known format, name or URL' });
}

/** Whether a variable or column name says it holds a secret (API_KEY, TOKEN, SECRET ...). */
export const SECRET_NAME = /(^|[^a-z])(key|token|secret|pat|password|passwd|credential|apikey)s?([^a-z]|$)/i;

/**
 * SECURITY: whether a variable name read from a file may be shown. A pasted secret can sit where a name belongs
 * (`ghp_…=` on a line of its own), so only a conventional name that looks like no key is ever echoed: upper-case
 * words joined by `_`, at most 64 characters, no detected key shape, and no long letters-and-digits run.
 */
export function isShowableName(name: string): boolean {
  if (!/^[A-Z_][A-Z0-9_]{0,63}$/.test(name)) return false;
  if (name.split('_').some((part) => part.length >= 12 && /[0-9]/.test(part) && /[A-Z]/.test(part))) return false;
  return detect(name, []).confidence === 'none';
}

/** A word that may be a secret: a known key shape, or a long run mixing letters and digits. */
const secretLike = (word: string) =>
  (word.length >= 12 && /[0-9]/.test(word) && /[A-Za-z]/.test(word) && !/^\d{4}-\d{2}-\d{2}/.test(word)) ||
  detect(word, []).confidence !== 'none';

/**
 * SECURITY: a title, field or column name from a file as it may be shown, else `fallback`. A value pasted into a
 * name field ("Kubiya token" holding the token itself) is never echoed in a preview, skip reason or error.
 */
export function showableLabel(text: string, fallback: string): string {
  const words = text.split(/[\s/|,;:()[\]{}"']+/).filter(Boolean);
  return words.some(secretLike) ? fallback : text;
}
