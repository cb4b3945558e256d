// The catalog of key formats the scanner looks for, kept as data: the five platforms' documented
// prefixes (from their definitions), the other services the import detector knows, and
// high-entropy values assigned to key-like names. It decides what an UNKNOWN key is; stored keys
// are matched on every token by keyed hash (scan-matcher.ts), whatever their format.
import { PLATFORMS } from '../platforms/definitions/index.js';
import { detect, FOREIGN_FORMATS, SECRET_NAME } from '../transfer/import/detect-rules.js';
import type { PlatformId } from '../inventory/key.types.js';

export type CatalogEntry = { id: string; label: string; platform: PlatformId; service?: string; pattern: RegExp };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Platform prefixes: documented ones only (a community-seen prefix such as kby_ is too short to trust alone). */
const PLATFORM_ENTRIES: CatalogEntry[] = PLATFORMS.flatMap((def) =>
  def.keyFormat.prefixConfidence === 'high'
    ? def.keyFormat.prefixes.map((p) => ({
        id: `${def.id}:${p}`,
        label: `${def.displayName} key`,
        platform: def.id,
        pattern: new RegExp(`^${escape(p)}[A-Za-z0-9_-]{16,}$`),
      }))
    : [],
);

const FOREIGN_ENTRIES: CatalogEntry[] = FOREIGN_FORMATS.map((f) => ({
  id: `${f.service}:${f.label}`,
  label: f.label,
  platform: 'custom',
  service: f.service,
  pattern: f.pattern,
}));

export const KEY_CATALOG: readonly CatalogEntry[] = [...PLATFORM_ENTRIES, ...FOREIGN_ENTRIES];

/** The characters a key is made of; everything else splits candidates. */
export const KEY_CHAR = /[A-Za-z0-9_\-.+/=~]/;
export const TOKEN_RE = /[A-Za-z0-9_\-.+/=~]+/g;
/** Characters that may glue a key to its neighbours inside a token (`+ghp_…`, `.sk_live_…`). */
export const GLUE = new Set(['+', '.', '-', '/', '=', '~', '_']);

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** `NAME = "value"`, `NAME: value`, `"name": "value"`: a value assigned to a name. */
const ASSIGNMENT = /([A-Za-z_][A-Za-z0-9_.-]{1,63})["']?\s*(?::=|=>|[:=])\s*["'`]?([A-Za-z0-9_\-.+/=~]{16,})/g;

export type CatalogHit = { value: string; label: string; platform: PlatformId; service?: string; name?: string };

/**
 * SECURITY: whether a name a value was assigned to can be printed. A name that holds a value of the
 * line, or a run that looks like a key (a part of more than 16 characters, 8 hex digits or 6 digits
 * in a row), is withheld: `TOKEN_<a key>=…` must not print the key as its name.
 */
export function printableName(name: string, values: readonly string[]): boolean {
  if (name.length > 48) return false;
  if (values.some((v) => v.length >= 8 && name.includes(v))) return false;
  if (name.split(/[_.-]/).some((part) => part.length > 16)) return false;
  return !/[0-9a-fA-F]{8}|[0-9]{6}/.test(name);
}

/** Every format in one expression: one test per token, the entry found only on a hit. */
const ANY_FORMAT = new RegExp(`^(?:${KEY_CATALOG.map((e) => e.pattern.source.replace(/^\^|\$$/g, '')).join('|')})$`);

/**
 * Every format found anywhere in a text, glued to letters too (`notesghp_…more.txt`): for names,
 * where a value the catalog would take for a key is withheld wherever it sits.
 */
export const FORMAT_ANYWHERE = new RegExp(
  KEY_CATALOG.map((e) => e.pattern.source.replace(/^\^|\$$/g, '')).join('|'),
  'g',
);

/** A catalog entry the token is, or null; the token is trimmed of glue characters first. */
export function formatOf(token: string): CatalogEntry | null {
  if (!ANY_FORMAT.test(token)) return null;
  for (const e of KEY_CATALOG) if (e.pattern.test(token)) return e;
  return null;
}

/**
 * SECURITY: whether a text given where a key's name, id or a reference's part belongs looks like a
 * key itself (a catalog format, or a long run mixing upper case, lower case and digits at 4 bits a
 * character or more): an error about it then does not repeat it, since errors reach terminals and logs.
 */
export function looksLikeSecret(text: string): boolean {
  const t = text.trim();
  if (formatOf(t) !== null) return true;
  return t.length >= 20 && /[A-Z]/.test(t) && /[a-z]/.test(t) && /[0-9]/.test(t) && entropy(t) >= 4;
}

/**
 * SECURITY: what the catalog finds on one line; values stay in memory for hashing and are never
 * printed. Formats first; then values of at least 16 characters and 3.5 bits per character assigned to a
 * name that says it holds a secret.
 */
export function catalogHits(line: string, tokens: readonly string[]): CatalogHit[] {
  const hits: CatalogHit[] = [];
  const seen = new Set<string>();
  const assigned = new Map<string, string>();
  const named = SECRET_NAME.test(line);
  if (named)
    for (const m of line.matchAll(ASSIGNMENT)) {
      const value = (m[2] as string).replace(/^[+.\-/=~]+/, '').replace(/[+.\-/=~]+$/, '');
      if (!assigned.has(value)) assigned.set(value, m[1] as string);
    }
  for (const t of tokens) {
    const e = formatOf(t);
    if (e && !seen.has(t)) {
      seen.add(t);
      const name = assigned.get(t);
      hits.push({
        value: t,
        label: e.label,
        platform: e.platform,
        ...(e.service ? { service: e.service } : {}),
        ...(name ? { name } : {}),
      });
    }
  }
  if (!named) return hits;
  for (const [value, name] of assigned) {
    if (seen.has(value) || !SECRET_NAME.test(name) || value.length < 16 || entropy(value) < 3.5) continue;
    if (!/[0-9]/.test(value) || !/[A-Za-z]/.test(value)) continue;
    seen.add(value);
    const d = detect(value, [name]);
    hits.push({
      value,
      label: d.confidence === 'none' ? 'high-entropy value assigned to a key-like name' : d.reason,
      platform: d.platform,
      ...(d.service ? { service: d.service } : {}),
      name,
    });
  }
  // The values stay in memory; a name that would print one (or look like a key) is dropped.
  const values = hits.map((h) => h.value);
  for (const h of hits) if (h.name !== undefined && !printableName(h.name, values)) delete h.name;
  return hits;
}
