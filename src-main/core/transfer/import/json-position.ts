// Where a JSON text first goes wrong, for the error message: Node 20's JSON.parse says
// neither line nor position (and quotes the text, which may hold a secret), so this scans
// the grammar itself. Iterative, linear, and it never returns any of the text.

const WS = new Set([' ', '\t', '\n', '\r']);
const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex -- raw control characters are not allowed inside a JSON string
const STRING_BODY = /(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;

/** The 1-based line of the first syntax error, or null when the text is valid JSON. */
export function jsonErrorLine(text: string): number | null {
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const stack: ('{' | '[')[] = [];
  // What may come next: a value, a key (or '}' right after '{'), or a ',' / closer after a value.
  let expect: 'value' | 'value-or-close' | 'key' | 'key-or-close' | 'after' = 'value';
  const line = (at: number) => text.slice(0, at).split('\n').length;
  for (;;) {
    while (i < text.length && WS.has(text[i] as string)) i += 1;
    if (i >= text.length) return stack.length === 0 && expect === 'after' ? null : line(i);
    const ch = text[i] as string;
    if (expect === 'after') {
      const top = stack[stack.length - 1];
      if (top === undefined) return line(i);
      if (ch === ',') {
        expect = top === '{' ? 'key' : 'value';
        i += 1;
      } else if ((ch === '}' && top === '{') || (ch === ']' && top === '[')) {
        stack.pop();
        i += 1;
      } else return line(i);
      continue;
    }
    if ((expect === 'value-or-close' && ch === ']') || (expect === 'key-or-close' && ch === '}')) {
      stack.pop();
      expect = 'after';
      i += 1;
      continue;
    }
    if (expect === 'key' || expect === 'key-or-close') {
      if (ch !== '"') return line(i);
      STRING_BODY.lastIndex = i + 1;
      if (!STRING_BODY.test(text)) return line(i);
      i = STRING_BODY.lastIndex;
      while (i < text.length && WS.has(text[i] as string)) i += 1;
      if (text[i] !== ':') return line(i);
      i += 1;
      expect = 'value';
      continue;
    }
    if (ch === '{' || ch === '[') {
      stack.push(ch);
      expect = ch === '{' ? 'key-or-close' : 'value-or-close';
      i += 1;
      continue;
    }
    if (ch === '"') {
      STRING_BODY.lastIndex = i + 1;
      if (!STRING_BODY.test(text)) return line(i);
      i = STRING_BODY.lastIndex;
    } else {
      const literal = LITERALS.find((l) => text.startsWith(l, i));
      NUMBER.lastIndex = i;
      if (literal) i += literal.length;
      else if (NUMBER.test(text)) i = NUMBER.lastIndex;
      else return line(i);
    }
    expect = 'after';
    if (stack.length === 0) {
      while (i < text.length && WS.has(text[i] as string)) i += 1;
      return i >= text.length ? null : line(i);
    }
  }
}
