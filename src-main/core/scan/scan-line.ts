// One line of text -> the stored keys and unknown key-shaped values on it. Values live only in
// this function's locals: what leaves is a stored key's reference or an unknown value's tag.
import { catalogHits, entropy, FORMAT_ANYWHERE, type CatalogHit } from './key-catalog.js';
import { sep } from 'node:path';
import {
  storedIn,
  tokensOf,
  trimGlue,
  type Matcher,
  type StoredRef,
  type StoredSpan,
  type TokenAt,
} from './scan-matcher.js';

export type UnknownHit = Omit<CatalogHit, 'value'> & { tag: string; ref: string };
export type LineHits = { stored: StoredRef[]; unknown: UnknownHit[] };

const NONE: LineHits = { stored: [], unknown: [] };

/** A JSON or C escape whose letters are key characters (`\t`, `\n`, `\u0020`…), just before a key character. */
const ESCAPE = /\\(?:u[0-9a-fA-F]{4}|[bfnrtv])(?=[A-Za-z0-9_\-.+/=~])/g;
const KEY_RUN = /[A-Za-z0-9_\-.+/=~]+/y;

/**
 * The run of key characters after each escape, read as if the escape were a separator:
 * `"token:\tKEY"` holds the run `tKEY`, which is no key, and `KEY`. Added beside the line's own
 * runs, so a key that really starts with `n` after a backslash (`C:\new…`) is found too.
 */
function afterEscapes(line: string, minLen: number): TokenAt[] {
  const out: TokenAt[] = [];
  for (const e of line.matchAll(ESCAPE)) {
    KEY_RUN.lastIndex = e.index + e[0].length;
    const m = KEY_RUN.exec(line);
    if (m && m[0].length >= minLen) out.push({ text: m[0], column: m.index });
  }
  return out;
}

const PERCENT = /%[0-9A-Fa-f]{2}/;
const PERCENT_ALL = /%([0-9A-Fa-f]{2})/g;

/**
 * The line with its percent-encoding decoded (`token%3DKEY%26`, `%22KEY%22`, a key with `%2F` for
 * its `/`), twice encoded too; null when it holds none. `+` stays as it is: it is a glue character,
 * so `q=a+KEY` is found without reading it as a space. One line stays one line (`%0A` is no break).
 */
export function percentDecoded(line: string): string | null {
  if (!line.includes('%') || !PERCENT.test(line)) return null;
  let out = line;
  for (let round = 0; round < 3 && PERCENT.test(out); round++)
    out = out.replace(PERCENT_ALL, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return out;
}

/** Every candidate of one text: its runs of key characters, and the runs after each escape. */
function candidatesOf(text: string, minLen: number): TokenAt[] {
  const tokens = tokensOf(text, minLen);
  if (text.includes('\\')) tokens.push(...afterEscapes(text, minLen));
  return tokens;
}

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
  const tokens = candidatesOf(line, minLen);
  const decoded = percentDecoded(line);
  const decodedTokens = decoded === null ? [] : candidatesOf(decoded, minLen);
  if (tokens.length === 0 && decodedTokens.length === 0) return NONE;
  const stored: StoredRef[] = [];
  for (const t of tokens) for (const ref of storedIn(t.text, m)) stored.push(ref);
  if (decodedTokens.length > 0) {
    // A copy read in both forms (`KEY%2Fx` is `KEY` raw and `KEY/x` decoded) counts once: each key
    // as many times as the form that holds it most.
    const extra = new Map<StoredRef, number>();
    for (const ref of stored) extra.set(ref, (extra.get(ref) ?? 0) - 1);
    for (const t of decodedTokens)
      for (const ref of storedIn(t.text, m)) {
        const n = (extra.get(ref) ?? 0) + 1;
        extra.set(ref, n);
        if (n > 0) stored.push(ref);
      }
  }
  if (!withCatalog) return stored.length === 0 ? NONE : { stored, unknown: [] };
  const pieces = [...tokens, ...decodedTokens]
    .flatMap((t) => t.text.split('=').map(trimGlue))
    .filter((p) => p.length >= 16);
  const unknown: UnknownHit[] = [];
  // The decoded form after a NUL (no key character, no space): an assignment never spans the two.
  for (const hit of catalogHits(decoded === null ? line : `${line}\u0000${decoded}`, pieces)) {
    const tag = m.tagOf(hit.value);
    if (m.lookup(tag)) continue; // a stored key, reported above
    const ref = refOf(hit.value);
    onUnknownValue?.(ref, hit.value);
    const { value: _value, ...rest } = hit;
    unknown.push({ ...rest, tag, ref });
  }
  return { stored, unknown };
}

/** What a path shows in place of a stored key's secret (or a key-shaped value) in one of its names. */
export const withheldSecret = (ref: StoredRef): string =>
  ref.name !== undefined ? `[secret of "${ref.name.replace(/[/\\]/g, '_')}"]` : '[a stored key]';
export const WITHHELD_VALUE = '[a key-shaped value]';

/** A letter or digit: what a stored secret in a name is glued to when not delimited. */
const ALNUM = /[A-Za-z0-9]/;

/**
 * Whether a stored secret at `start..end` of a name counts there: a long random one anywhere (the
 * catalog's floor for a high-entropy value: 16 characters, 3.5 bits each), a shorter or plainer one
 * only where no letter or digit touches it (`my-deadbeef.txt`, not `mydeadbeefnotes.txt`).
 */
function countsInName(text: string, start: number, end: number): boolean {
  const v = text.slice(start, end);
  if (v.length >= 16 && entropy(v) >= 3.5) return true;
  return (
    (start === 0 || !ALNUM.test(text[start - 1] as string)) && (end === text.length || !ALNUM.test(text[end] as string))
  );
}

/**
 * SECURITY: stored keys anywhere in a short text (a file or folder name), glued to letters or not
 * (see countsInName): every piece of a run of key characters of a stored length is looked up, the
 * longest first. A line of a file is searched only at token and glue boundaries (scanLine); a name
 * costs a few lookups.
 */
export function storedAnywhere(text: string, m: Matcher, minLen: number): StoredSpan[] {
  const out: StoredSpan[] = [];
  const desc = [...m.lengths].reverse();
  for (const t of tokensOf(text, minLen)) {
    const n = t.text.length;
    for (let start = 0; start < n; start++)
      for (const len of desc) {
        if (start + len > n) continue;
        const ref = m.lookup(m.tagOf(t.text.slice(start, start + len)));
        if (!ref || !countsInName(text, t.column + start, t.column + start + len)) continue;
        out.push({ start: t.column + start, end: t.column + start + len, ref });
        start += len - 1;
        break;
      }
  }
  return out;
}

const KEY_CHAR_AT = /[A-Za-z0-9_\-.+/=~]/;

/**
 * The stored keys a path spells out across its names, each span holding a separator (a secret
 * with `/` in it: `a/Ab9/Xy7+Qw3=Rt5/Zz8…` names folders `Ab9`, `Xy7+Qw3=Rt5` and a file). Each
 * name is looked at once per scan: the spans of a folder's path are kept, and a path below it adds
 * only those that end in its last name. The spans wholly inside one name are storedAnywhere's.
 */
function crossingFinder(m: Matcher): (text: string) => StoredSpan[] {
  const kept = new Map<string, StoredSpan[]>();
  const spans = (text: string, keep: boolean): StoredSpan[] => {
    const i = text.lastIndexOf(sep);
    if (i < 0 || m.lengths.length === 0) return [];
    const known = kept.get(text);
    if (known) return known;
    const out = [...spans(text.slice(0, i), true)];
    let left = i; // the run of key characters that ends at the separator starts here
    while (left > 0 && KEY_CHAR_AT.test(text[left - 1] as string)) left--;
    for (let end = i + 1; end <= text.length && KEY_CHAR_AT.test(text[end - 1] as string); end++)
      for (const len of m.lengths) {
        const start = end - len;
        if (start > i) continue;
        if (start < left) break;
        const ref = m.lookup(m.tagOf(text.slice(start, end)));
        if (ref && countsInName(text, start, end)) out.push({ start, end, ref });
      }
    if (keep) kept.set(text, out);
    return out;
  };
  return (text) => spans(text, false);
}

const finders = new WeakMap<Matcher, (text: string) => StoredSpan[]>();

/** SECURITY: crossingFinder of one matcher, shared by the scan's name checks and its redaction. */
export function storedAcross(m: Matcher): (text: string) => StoredSpan[] {
  let f = finders.get(m);
  if (!f) {
    f = crossingFinder(m);
    finders.set(m, f);
  }
  return f;
}

/** A format glued inside a name withheld only if it looks random: `desk-2024-report-final` is a name. */
const keyLike = (v: string): boolean => /[0-9]/.test(v) && /[A-Z]/.test(v) && entropy(v) >= 3.5;

/**
 * SECURITY: a path with every stored key (and every value the catalog takes for a key) in its file
 * and folder names replaced by a placeholder naming the key, wherever it sits in the name (glued to
 * letters too): a file or folder named after a key must not print it in a report nor record it in a
 * finding. Cached per name for one scan.
 */
export function pathRedactor(m: Matcher): (path: string) => string {
  const cache = new Map<string, string>();
  const minLen = Math.min(16, m.lengths[0] ?? 16);
  const name = (seg: string): string => {
    if (seg.length < minLen) return seg;
    const cached = cache.get(seg);
    if (cached !== undefined) return cached;
    let out = withheldIn(seg);
    // A name holding a key percent-encoded in part (`%4BEY…`) is shown decoded, the key withheld.
    const decoded = percentDecoded(seg);
    if (decoded !== null) {
      const d = withheldIn(decoded);
      if (d !== decoded) out = d;
    }
    cache.set(seg, out);
    return out;
  };
  const withheldIn = (seg: string): string => {
    let out = '';
    let at = 0;
    for (const s of storedAnywhere(seg, m, m.lengths[0] ?? Infinity)) {
      out += seg.slice(at, s.start) + withheldSecret(s.ref);
      at = s.end;
    }
    out += seg.slice(at);
    const pieces = tokensOf(out, 16).flatMap((t) => t.text.split('=').map(trimGlue));
    for (const h of catalogHits(
      out,
      pieces.filter((p) => p.length >= 16),
    ))
      out = out.split(h.value).join(WITHHELD_VALUE);
    return out.replace(FORMAT_ANYWHERE, (v) => (keyLike(v) ? WITHHELD_VALUE : v));
  };
  const names = (text: string): string => text.split(sep).map(name).join(sep);
  const across = storedAcross(m);
  return (path) => {
    // A secret spelt out across names is withheld whole (overlapping spans as one), then each name.
    const spans = across(path).sort((a, b) => a.start - b.start);
    if (spans.length === 0) return names(path);
    let out = '';
    let at = 0;
    for (let k = 0; k < spans.length;) {
      const first = spans[k] as StoredSpan;
      let end = first.end;
      for (k++; k < spans.length && (spans[k] as StoredSpan).start < end; k++)
        end = Math.max(end, (spans[k] as StoredSpan).end);
      out += names(path.slice(at, Math.max(at, first.start))) + withheldSecret(first.ref);
      at = Math.max(at, end);
    }
    return out + names(path.slice(at));
  };
}
