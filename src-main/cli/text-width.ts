// How many terminal columns text takes: CJK and emoji take two, combining marks and
// joiners none. Tables align on this, not on UTF-16 code units.
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// East Asian Wide and Fullwidth ranges (Unicode 15 EastAsianWidth W/F, merged), plus the emoji blocks.
const WIDE: readonly [number, number][] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x23e9, 0x23ec],
  [0x23f0, 0x23f0],
  [0x23f3, 0x23f3],
  [0x25fd, 0x25fe],
  [0x2614, 0x2615],
  [0x2648, 0x2653],
  [0x267f, 0x267f],
  [0x2693, 0x2693],
  [0x26a1, 0x26a1],
  [0x26aa, 0x26ab],
  [0x26bd, 0x26be],
  [0x26c4, 0x26c5],
  [0x26ce, 0x26ce],
  [0x26d4, 0x26d4],
  [0x26ea, 0x26ea],
  [0x26f2, 0x26f3],
  [0x26f5, 0x26f5],
  [0x26fa, 0x26fa],
  [0x26fd, 0x26fd],
  [0x2705, 0x2705],
  [0x270a, 0x270b],
  [0x2728, 0x2728],
  [0x274c, 0x274c],
  [0x274e, 0x274e],
  [0x2753, 0x2755],
  [0x2757, 0x2757],
  [0x2795, 0x2797],
  [0x27b0, 0x27b0],
  [0x27bf, 0x27bf],
  [0x2b1b, 0x2b1c],
  [0x2b50, 0x2b50],
  [0x2b55, 0x2b55],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x16fe0, 0x18aff],
  [0x1b000, 0x1b2ff],
  [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf],
  [0x1f18e, 0x1f18e],
  [0x1f191, 0x1f19a],
  [0x1f200, 0x1f2ff],
  [0x1f300, 0x1f64f],
  [0x1f680, 0x1f6ff],
  [0x1f7e0, 0x1f7eb],
  [0x1f90c, 0x1f9ff],
  [0x1fa70, 0x1faff],
  [0x20000, 0x3fffd],
];
const ZERO = /^[\p{Mn}\p{Me}\p{Cf}]$/u;

function isWide(cp: number): boolean {
  let lo = 0;
  let hi = WIDE.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = WIDE[mid] as [number, number];
    if (cp < a) hi = mid - 1;
    else if (cp > b) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Columns one grapheme (a user-perceived character) takes. */
function graphemeWidth(g: string): number {
  const first = g.codePointAt(0) ?? 0;
  if (ZERO.test(String.fromCodePoint(first))) return 0;
  // An emoji sequence (ZWJ, skin tone, a flag) or a text symbol asked to be an emoji (U+FE0F) is two.
  if (isWide(first) || g.includes('\ufe0f') || /\p{Regional_Indicator}/u.test(g)) return 2;
  return 1;
}

// Intl.Segmenter's iterator slows down with the square of the text's length (a 100,000-character
// name took seconds), so long text is segmented a piece at a time; a piece's last grapheme, which
// the cut may have split, is carried into the next piece.
const PIECE = 1024;
function* graphemes(text: string): Generator<string> {
  let at = 0;
  while (at < text.length) {
    const piece = text.slice(at, at + PIECE);
    const segs = [...segmenter.segment(piece)];
    if (at + PIECE >= text.length) {
      for (const s of segs) yield s.segment;
      return;
    }
    const last = segs.pop();
    if (last === undefined || segs.length === 0) {
      yield piece; // one grapheme longer than a piece: counted as it is
      at += piece.length;
      continue;
    }
    for (const s of segs) yield s.segment;
    at += last.index;
  }
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

export function displayWidth(text: string): number {
  if (PRINTABLE_ASCII.test(text)) return text.length;
  let w = 0;
  for (const g of graphemes(text)) w += graphemeWidth(g);
  return w;
}

/** `text` padded with spaces to `width` columns. */
export function padEndWidth(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** `text` cut to at most `max` columns, with an ellipsis when cut; never splits a grapheme. */
export function clipWidth(text: string, max: number): string {
  if (displayWidth(text) <= max) return text;
  if (PRINTABLE_ASCII.test(text)) return `${text.slice(0, Math.max(0, max - 1))}…`;
  let out = '';
  let w = 0;
  for (const segment of graphemes(text)) {
    const g = graphemeWidth(segment);
    if (w + g > max - 1) break;
    out += segment;
    w += g;
  }
  return `${out}…`;
}
