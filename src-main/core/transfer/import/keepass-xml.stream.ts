// KeePass XML read as a stream: each entry becomes candidates when it closes and is then dropped, so a 100k-entry
// export never has its whole tree in memory. It follows the layout KeePass and KeePassXC write (Meta before Root,
// one top group, each group's UUID and Name before its entries, its entries before its subgroups), where reading
// order is the order the whole-tree reader walks; on any other layout it gives up (undefined) before anything is
// used, and the caller reads the tree. The result is the same either way (test/unit/import/keepass-stream.test.ts).
import type { ParseInput, ParseResult } from './import.types.js';
import { binTest, entryCandidates, notKeePass, skipBin } from './keepass-entry.js';
import { child, scanXml, type XmlElement } from './xml-reader.js';

type Group = {
  el: XmlElement;
  /** The tags of its parent's entries; its own path adds its name (the top group's never does). */
  parentPath: string[] | null;
  path: string[];
  /** Its UUID and Name are settled: its first entry or subgroup has opened. */
  frozen: boolean;
  hadName: boolean;
  hadUuid: boolean;
  sawGroup: boolean;
  isBin: boolean;
};

/** Thrown inside the scan to stop it at the first sign of a layout the stream cannot follow in order. */
const OTHER_LAYOUT = Symbol('another layout');

export function streamKeePassXml({ text, fileName }: ParseInput): ParseResult | undefined {
  const result: ParseResult = { candidates: [], issues: [], skipped: [] };
  let doc: XmlElement | undefined;
  let meta: XmlElement | undefined;
  let root: XmlElement | undefined;
  let isBin: (g: XmlElement) => boolean = () => false;
  let hadTop = false;
  let n = 0;
  const groups: Group[] = [];
  const otherLayout = (): never => {
    throw OTHER_LAYOUT;
  };
  const group = (el: XmlElement, parentPath: string[] | null): Group => ({
    el,
    parentPath,
    path: [],
    frozen: false,
    hadName: false,
    hadUuid: false,
    sawGroup: false,
    isBin: false,
  });
  const freeze = (g: Group) => {
    g.frozen = true;
    g.hadName = child(g.el, 'Name') !== undefined;
    g.hadUuid = child(g.el, 'UUID') !== undefined;
    g.isBin = isBin(g.el);
    const name = child(g.el, 'Name')?.text.trim() ?? '';
    g.path = g.parentPath === null ? [] : name ? [...g.parentPath, name] : g.parentPath;
  };

  const open = (el: XmlElement, ancestors: readonly XmlElement[]) => {
    const parent = ancestors[ancestors.length - 1];
    if (parent === undefined) doc = el;
    else if (doc?.name !== 'KeePassFile') return;
    else if (parent === doc) {
      if (el.name === 'Meta' && meta === undefined) {
        if (root !== undefined) otherLayout(); // the whole-tree reader would know the bin before the entries
        meta = el;
      } else if (el.name === 'Root' && root === undefined) {
        root = el;
        isBin = binTest(meta);
      }
    } else if (parent === root && el.name === 'Group') {
      if (hadTop) otherLayout(); // the whole-tree reader walks top groups last first
      hadTop = true;
      groups.push(group(el, null));
    } else {
      const g = groups[groups.length - 1];
      if (g === undefined || parent !== g.el) return;
      if (el.name === 'Entry' || el.name === 'Group') {
        if (!g.frozen) freeze(g);
        if (g.isBin) return; // the bin is kept whole and skipped when it closes
        if (el.name === 'Group') {
          g.sawGroup = true;
          groups.push(group(el, g.path));
        } else if (g.sawGroup) otherLayout(); // an entry after a subgroup: walked before it
      } else if (g.frozen && ((el.name === 'Name' && !g.hadName) || (el.name === 'UUID' && !g.hadUuid))) otherLayout();
    }
  };

  const close = (el: XmlElement, ancestors: readonly XmlElement[]): boolean => {
    const g = groups[groups.length - 1];
    if (g === undefined) return false;
    if (el === g.el) {
      groups.pop();
      if (g.frozen && g.isBin) n = skipBin(el, n, fileName, result);
      return true;
    }
    if (el.name !== 'Entry' || ancestors[ancestors.length - 1] !== g.el || g.isBin) return false;
    entryCandidates(el, (n += 1), g.path, fileName, result);
    return true;
  };

  try {
    scanXml(text, fileName, { open, close });
  } catch (e) {
    if (e === OTHER_LAYOUT) return undefined;
    throw e;
  }
  if (doc?.name !== 'KeePassFile' || root === undefined) throw notKeePass(fileName);
  return result;
}
