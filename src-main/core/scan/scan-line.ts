// One line of text -> the stored keys and unknown key-shaped values on it. Values live only in
// this function's locals: what leaves is a stored key's reference or an unknown value's tag.
import { catalogHits, type CatalogHit } from './key-catalog.js';
import { storedIn, tokensOf, trimGlue, type Matcher, type StoredRef } from './scan-matcher.js';

export type UnknownHit = Omit<CatalogHit, 'value'> & { tag: string; ref: string };
export type LineHits = { stored: StoredRef[]; unknown: UnknownHit[] };

const NONE: LineHits = { stored: [], unknown: [] };

/** `withCatalog`: also report key-shaped values that are not stored (an unlocked scan). */
export function scanLine(
  line: string,
  m: Matcher,
  withCatalog: boolean,
  onUnknownValue?: (ref: string, value: string) => void,
  /** An unknown value's ref, stable across scans of one vault (a keyed hash); default: its tag. */
  refOf: (value: string) => string = (v) => m.tagOf(v),
): LineHits {
  const minLen = withCatalog ? Math.min(16, m.lengths[0] ?? 16) : (m.lengths[0] ?? Infinity);
  if (line.length < minLen) return NONE;
  const tokens = tokensOf(line, minLen);
  if (tokens.length === 0) return NONE;
  const stored: StoredRef[] = [];
  for (const t of tokens) for (const ref of storedIn(t.text, m)) stored.push(ref);
  if (!withCatalog) return stored.length === 0 ? NONE : { stored, unknown: [] };
  const pieces = tokens.flatMap((t) => t.text.split('=').map(trimGlue)).filter((p) => p.length >= 16);
  const unknown: UnknownHit[] = [];
  for (const hit of catalogHits(line, pieces)) {
    const tag = m.tagOf(hit.value);
    if (m.lookup(tag)) continue; // a stored key, reported above
    const ref = refOf(hit.value);
    onUnknownValue?.(ref, hit.value);
    const { value: _value, ...rest } = hit;
    unknown.push({ ...rest, tag, ref });
  }
  return { stored, unknown };
}
