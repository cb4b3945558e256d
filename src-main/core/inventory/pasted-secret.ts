// A key as pasted: copied from a .env file it may carry its quotes, its `NAME=` or
// `export NAME=`, or white space around it. The same key with or without them is one key, so
// the forms are normalised before any comparison (the old key pasted in quotes is the old key).
import { AppError } from '../errors.js';
import { PLATFORMS } from '../platforms/definitions/index.js';
import type { PlatformId } from './key.types.js';

const ASSIGNMENT = /^(?:export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*[ \t]*=[ \t]*([\s\S]*)$/;

const unquote = (v: string): string =>
  v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]) ? v.slice(1, -1).trim() : v;

/**
 * `  "abc"  `, `'abc'`, `KEY=abc`, `export KEY="abc"` -> `abc`. A value that is only `=`
 * padding after the name (base64 such as `QUJD=`) is not read as an assignment.
 */
export function normalisePastedSecret(raw: string): string {
  let v = unquote(trimInvisible(raw));
  const m = ASSIGNMENT.exec(v);
  if (m && !/^=*$/.test(m[1] as string)) v = unquote(trimInvisible(m[1] as string));
  return v;
}

// White space, a byte-order mark and zero-width characters a copy can carry at either end.
const INVISIBLE_ENDS = /^[\s\uFEFF\u200B-\u200D\u2060]+|[\s\uFEFF\u200B-\u200D\u2060]+$/g;
const trimInvisible = (v: string): string => v.replace(INVISIBLE_ENDS, '');

/** The first control or format (invisible) character of a value, as U+XXXX; null when it has none. */
export function invisibleCharacterIn(value: string): string | null {
  const m = /[\p{Cc}\p{Cf}]/u.exec(value);
  return m ? `U+${(m[0].codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/**
 * Refuses a key that carries another platform's documented prefix (a Kognitos `kgn_pat_` key
 * pasted into a Kubiya rotation), or any prefix of another platform where this platform
 * documents its own (a Kubiya `kby_` key filed under Knouds, whose keys start `knouds_live_`):
 * it is neither stored nor sent to this platform's API. The prefixes are the platform
 * definitions' own.
 */
export function refuseForeignPrefix(platform: PlatformId, value: string): void {
  // Case-insensitive: `KGN_PAT_…` in capitals is still a Kognitos key, not an opaque one.
  const lower = value.toLowerCase();
  const starts = (p: string) => lower.startsWith(p.toLowerCase());
  const own = PLATFORMS.find((d) => d.id === platform);
  if (own?.keyFormat.prefixes.some(starts)) return;
  const ownIsDocumented = own?.keyFormat.prefixConfidence === 'high';
  for (const def of PLATFORMS) {
    if (def.id === platform || (def.keyFormat.prefixConfidence !== 'high' && !ownIsDocumented)) continue;
    const prefix = def.keyFormat.prefixes.find(starts);
    if (prefix === undefined) continue;
    throw new AppError(
      'BAD_INPUT',
      `That looks like a ${def.displayName} key (it starts with ${prefix}), not ${own ? `a ${own.displayName} key` : 'a key of this platform'}: nothing was stored or sent. Paste the key ${own?.displayName ?? 'the platform'} showed.`,
      { subject: 'secret' },
    );
  }
}

/** White space of any kind (a space, a tab, a line break, a no-break space). */
export const INNER_SPACE = /\s/u;

/**
 * A pasted key made ready to store: normalised, not empty, no invisible characters, no white space inside (but for
 * a custom platform's), not another platform's.
 */
export function pastedSecretFor<S extends { value: string }>(platform: PlatformId, secret: S): S {
  const value = normalisePastedSecret(secret.value);
  if (value === '') throw new AppError('BAD_INPUT', 'No key was given: nothing was changed.', { subject: 'secret' });
  const invisible = invisibleCharacterIn(value);
  if (invisible)
    throw new AppError(
      'BAD_INPUT',
      `The key contains an invisible or control character (${invisible}) that no platform's key carries: nothing was stored. Copy the key again from the portal.`,
      { subject: 'secret' },
    );
  // Every platform sends its key as one header value or bearer token: a space inside is a copy that picked up
  // something else (two keys, a word of the page). A custom platform's secret may be a phrase: checkNewKey warns.
  if (platform !== 'custom' && INNER_SPACE.test(value))
    throw new AppError(
      'BAD_INPUT',
      `The key contains a space or line break inside it, which ${PLATFORMS.find((d) => d.id === platform)?.displayName ?? 'this platform'} keys never do: nothing was stored. Copy the key again from the portal, in one piece.`,
      { subject: 'secret' },
    );
  refuseForeignPrefix(platform, value);
  return { ...secret, value };
}
