// A small strict XML reader for the subset KeePass 2.x writes: elements, attributes,
// text, CDATA, comments, the XML declaration and the five predefined entities plus
// numeric character references.
// SECURITY: no DTD at all (a DOCTYPE is refused), so no entity expansion ("billion laughs")
// and no external entity can ever be fetched. A dependency was not worth that risk for this subset.
// Iterative (an explicit stack, no recursion) with a depth cap, so hostile nesting cannot overflow.
// scanXml streams: a visitor sees each element open and close and may drop a closed one from the tree, so a
// large export is read entry by entry without its whole tree in memory.
import { AppError } from '../../errors.js';

export type XmlElement = {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
  line: number;
};

const MAX_DEPTH = 256;
// An element with no attributes or no children shares these (frozen, never written): a 100k-entry export has
// millions of elements, and two empty objects each were a large part of the parsed tree's memory.
const NO_ATTRS: Record<string, string> = Object.freeze({}) as Record<string, string>;
const NO_CHILDREN: XmlElement[] = Object.freeze([]) as unknown as XmlElement[];
const NAME = /[A-Za-z_][A-Za-z0-9_.:-]*/y;
const ATTR = /\s+([A-Za-z_][A-Za-z0-9_.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Sees elements as they are read. `open` gets an element with its attributes (no children or text yet); `close`
 * gets it complete. Both get the open ancestors, outermost first (the array is the reader's own: read it, never
 * keep or change it). `close` returning true drops the element from its parent's children.
 */
export type XmlVisitor = {
  open?: (el: XmlElement, ancestors: readonly XmlElement[]) => void;
  close?: (el: XmlElement, ancestors: readonly XmlElement[]) => boolean;
};

/** The document's whole tree. */
export const readXml = (text: string, fileName: string): XmlElement => scanXml(text, fileName, {});

/** Reads the document, showing each element to `visit` as it opens and closes; returns the root (what is kept of it). */
export function scanXml(text: string, fileName: string, visit: XmlVisitor): XmlElement {
  const { open: onOpen, close: onClose } = visit;
  // Drops a closed element from its parent when the visitor says so: it is the parent's last child, since every
  // element opened after it inside the parent has closed before it.
  const closed = (el: XmlElement) => {
    if (onClose?.(el, stack) === true) stack[stack.length - 1]?.children.pop();
  };
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let counted = 0;
  const lineAt = (p: number) => {
    for (; counted < p && counted < text.length; counted += 1) if (text.charCodeAt(counted) === 10) line += 1;
    return line;
  };
  // SECURITY: a KeePass value may hold a raw "<" (an export bug or a hand edit), so the text after it is part of
  // a password. Messages say what was wrong and where (line and column), never a name or text from the document.
  const fail = (message: string, at = pos): never => {
    const p = Math.min(at, text.length);
    const l = lineAt(p);
    const col = p - text.lastIndexOf('\n', p - 1);
    throw new AppError('BAD_INPUT', `${fileName}:${l}:${col}: ${message}.`, { subject: `${fileName}:${l}` });
  };
  const decode = (raw: string, at: number): string =>
    !raw.includes('&')
      ? raw
      : raw.replace(/&([^;&\s]{0,12});?/g, (m, body: string) => {
          if (!m.endsWith(';')) return fail('an "&" that starts no entity (write &amp;)', at);
          if (body in ENTITIES) return ENTITIES[body] as string;
          const code = /^#x[0-9a-fA-F]{1,6}$/.test(body)
            ? parseInt(body.slice(2), 16)
            : /^#[0-9]{1,7}$/.test(body)
              ? parseInt(body.slice(1), 10)
              : -1;
          if (code < 0) return fail('an unknown entity (only &lt; &gt; &amp; &quot; &apos; and &#N; are accepted)', at);
          if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
            return fail('a character reference to an invalid character', at);
          return String.fromCodePoint(code);
        });

  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  while (pos < text.length) {
    const lt = text.indexOf('<', pos);
    const chunk = lt < 0 ? text.slice(pos) : text.slice(pos, lt);
    const top = stack[stack.length - 1];
    if (chunk.trim() !== '') {
      if (!top) fail('text outside the root element');
      else top.text += decode(chunk, pos);
    }
    if (lt < 0) break;
    pos = lt;
    if (text.startsWith('<!--', pos)) {
      const end = text.indexOf('-->', pos + 4);
      if (end < 0) fail('a comment that never ends');
      pos = end + 3;
    } else if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos + 9);
      if (end < 0) fail('a CDATA section that never ends');
      if (!top) fail('CDATA outside the root element');
      else top.text += text.slice(pos + 9, end);
      pos = end + 3;
    } else if (text.startsWith('<!', pos)) {
      fail('a DOCTYPE or DTD declaration (not accepted: entity expansion is off)');
    } else if (text.startsWith('<?', pos)) {
      const end = text.indexOf('?>', pos + 2);
      if (end < 0) fail('a processing instruction that never ends');
      pos = end + 2;
    } else if (text.startsWith('</', pos)) {
      NAME.lastIndex = pos + 2;
      const m = NAME.exec(text);
      const close = /^\s*>/.exec(text.slice(NAME.lastIndex, NAME.lastIndex + 64));
      if (!m || !close) fail('a malformed closing tag');
      const open = stack.pop();
      if (!open || open.name !== m?.[0])
        fail(
          open
            ? `a closing tag that does not match the element opened on line ${open.line}`
            : 'a closing tag that matches no open element',
        );
      pos = NAME.lastIndex + (close?.[0].length ?? 0);
      if (open) closed(open);
    } else {
      NAME.lastIndex = pos + 1;
      const m = NAME.exec(text);
      if (!m) fail('a "<" that starts no element (write &lt;)');
      const el: XmlElement = {
        name: m?.[0] ?? '',
        attrs: NO_ATTRS,
        children: NO_CHILDREN,
        text: '',
        line: lineAt(pos),
      };
      let at = NAME.lastIndex;
      for (;;) {
        ATTR.lastIndex = at;
        const a = ATTR.exec(text);
        if (!a) break;
        const key = a[1] as string;
        if (el.attrs === NO_ATTRS) el.attrs = {};
        if (Object.hasOwn(el.attrs, key)) fail('an attribute given twice in one tag', at);
        el.attrs[key] = decode(a[3] ?? a[4] ?? '', at);
        at = ATTR.lastIndex;
      }
      const end = /^\s*(\/?)>/.exec(text.slice(at, at + 256));
      if (!end) fail('a malformed tag (a "<" in a value must be written &lt;)');
      pos = at + (end?.[0].length ?? 0);
      if (top) {
        if (top.children === NO_CHILDREN) top.children = [];
        top.children.push(el);
      } else if (root) fail('a second root element');
      else root = el;
      onOpen?.(el, stack);
      if (end?.[1] !== '/') {
        if (stack.length >= MAX_DEPTH) fail(`elements nested deeper than ${MAX_DEPTH}`);
        stack.push(el);
      } else closed(el);
    }
  }
  if (stack.length > 0)
    fail(`the element opened on line ${stack[stack.length - 1]?.line ?? 1} is never closed`, text.length);
  if (!root) return fail('no root element', text.length);
  return root;
}

export const child = (el: XmlElement, name: string) => el.children.find((c) => c.name === name);
export const children = (el: XmlElement, name: string) => el.children.filter((c) => c.name === name);
