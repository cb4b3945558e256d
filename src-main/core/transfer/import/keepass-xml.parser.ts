// KeePass 2.x and KeePassXC XML exports (KeePass: File > Export > "KeePass XML (2.x)"; KeePassXC:
// `keepassxc-cli export -f xml`; layout per the KDBX XML schema, keepass.info/help/download/KDBX_XML.xsd):
// KeePassFile/Root/Group (nested)/Entry with String Key/Value pairs (Title, UserName, Password, URL, Notes,
// custom), Times (CreationTime, ExpiryTime, Expires: ISO text in KDBX 3.1, base64 seconds in KDBX 4) and Tags.
// History entries are not imported; the recycle bin (Meta/RecycleBinUUID) and everything under it is skipped.
// Files laid out as KeePass and KeePassXC write them are read as a stream (keepass-xml.stream.ts); any other
// layout through the whole tree, with the same result.
import type { ParseInput, ParseResult } from './import.types.js';
import { binTest, entryCandidates, notKeePass, skipBin } from './keepass-entry.js';
import { streamKeePassXml } from './keepass-xml.stream.js';
import { child, children, readXml, type XmlElement } from './xml-reader.js';

export { keepassDay } from './keepass-entry.js';

/** Reads a KeePass XML export entry by entry; a layout the stream cannot follow in order is read as a tree. */
export function parseKeePassXml(input: ParseInput): ParseResult {
  return streamKeePassXml(input) ?? parseKeePassXmlTree(input);
}

/** The whole-tree reading: any layout KeePass's schema allows, in the order the groups are walked. */
export function parseKeePassXmlTree({ text, fileName }: ParseInput): ParseResult {
  const doc = readXml(text, fileName);
  const top = doc.name === 'KeePassFile' ? child(doc, 'Root') : undefined;
  if (!top) throw notKeePass(fileName);
  const result: ParseResult = { candidates: [], issues: [], skipped: [] };
  // KeePass and KeePassXC mark the bin by its UUID (its name is translated); older files without one by its name.
  const isBin = binTest(child(doc, 'Meta'));
  let n = 0;
  // Depth-first over groups with an explicit stack; History sits inside Entry, so it is never visited.
  // The top group (the database's own name) is not a tag; each group below it is.
  const stack: { group: XmlElement; path: string[] }[] = children(top, 'Group').map((group) => ({ group, path: [] }));
  while (stack.length > 0) {
    const { group, path } = stack.pop() as { group: XmlElement; path: string[] };
    if (isBin(group)) {
      n = skipBin(group, n, fileName, result);
      continue;
    }
    for (const entry of children(group, 'Entry')) entryCandidates(entry, (n += 1), path, fileName, result);
    for (const g of children(group, 'Group').reverse()) {
      const name = child(g, 'Name')?.text.trim() ?? '';
      stack.push({ group: g, path: name ? [...path, name] : path });
    }
  }
  return result;
}
