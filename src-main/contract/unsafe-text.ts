// The characters that can drive a terminal or fake what text shows, defined once (in the
// contract, which imports nothing, so the schemas here and the core share it) for every
// check and every escaper: C0 controls, DEL, C1 controls, the line and paragraph separators,
// and the bidirectional overrides and isolates. Each use names what it keeps, never a copy.

/** Which of the unsafe characters a use matches. */
export type UnsafeScope =
  /** All of them: text shown in a terminal or the app, where any could fake a line or reorder it. */
  | 'display'
  /** C0, DEL and C1 controls only. */
  | 'controls'
  /** C0 controls and DEL only (formats whose readers take C1 as text: ICS, HTML, Markdown). */
  | 'c0-and-del';

type Range = readonly [number, number];
const C0_AND_DEL: Range[] = [
  [0x00, 0x1f],
  [0x7f, 0x7f],
];
const C1: Range[] = [[0x80, 0x9f]];
const SEPARATORS_AND_BIDI: Range[] = [
  [0x2028, 0x2029], // line and paragraph separators
  [0x202a, 0x202e], // bidirectional embeddings and overrides
  [0x2066, 0x2069], // bidirectional isolates
];
const SCOPES: Record<UnsafeScope, Range[]> = {
  display: [...C0_AND_DEL, ...C1, ...SEPARATORS_AND_BIDI],
  controls: [...C0_AND_DEL, ...C1],
  'c0-and-del': C0_AND_DEL,
};

const hex = (c: number) => `\\u${c.toString(16).padStart(4, '0')}`;

/**
 * The character class (`[...]` source) of the scope's characters less those in `keep`
 * (say '\t\n' where tab and line feed are text).
 */
export function unsafeCharClass(scope: UnsafeScope = 'display', keep = ''): string {
  const kept = new Set([...keep].map((c) => c.codePointAt(0)));
  const codes = SCOPES[scope].flatMap(([from, to]) =>
    Array.from({ length: to - from + 1 }, (_, i) => from + i).filter((c) => !kept.has(c)),
  );
  let out = '';
  for (let i = 0; i < codes.length;) {
    let j = i;
    while (j + 1 < codes.length && codes[j + 1] === (codes[j] as number) + 1) j++;
    out += i === j ? hex(codes[i] as number) : `${hex(codes[i] as number)}-${hex(codes[j] as number)}`;
    i = j + 1;
  }
  return `[${out}]`;
}

/** A RegExp matching one of the scope's characters less those in `keep`. */
export function unsafeChars(scope: UnsafeScope = 'display', keep = '', flags = ''): RegExp {
  return new RegExp(unsafeCharClass(scope, keep), flags);
}
