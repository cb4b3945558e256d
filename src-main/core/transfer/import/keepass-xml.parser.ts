// KeePass 2.x XML export (KeePass: File > Export > "KeePass XML (2.x)"; layout per the KDBX XML
// schema, keepass.info/help/download/KDBX_XML.xsd): KeePassFile/Root/Group (nested)/Entry with
// String Key/Value pairs (Title, UserName, Password, URL, Notes, custom), Times (CreationTime,
// ExpiryTime, Expires) and Tags. History entries and the recycle bin are not imported.
import { AppError } from '../../errors.js';
import { detect, showableLabel } from './detect-rules.js';
import type { Candidate, CandidateFields, ParseInput, ParseResult } from './import.types.js';
import { entryCollector, toDay } from './row-candidate.js';
import { child, children, readXml, type XmlElement } from './xml-reader.js';

const STANDARD = new Set(['Title', 'UserName', 'Password', 'URL', 'Notes']);

/** A KeePass time: ISO text (XML export) or base64 of seconds since 0001-01-01 (KDBX 4 inner XML). */
export function keepassDay(text: string): string | undefined {
  const iso = toDay(text);
  if (iso !== undefined) return iso;
  if (!/^[A-Za-z0-9+/]{11}=$/.test(text.trim())) return undefined;
  const bytes = Buffer.from(text.trim(), 'base64');
  if (bytes.length !== 8) return undefined;
  const seconds = Number(bytes.readBigUInt64LE(0));
  const start = new Date(0);
  start.setUTCFullYear(1, 0, 1);
  start.setUTCHours(0, 0, 0, 0);
  const d = new Date(start.getTime() + seconds * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().slice(0, 10);
}

function strings(entry: XmlElement): { key: string; value: string; isProtected: boolean; isSecret: boolean }[] {
  return children(entry, 'String').map((s) => {
    const v = child(s, 'Value');
    return {
      key: child(s, 'Key')?.text.trim() ?? '',
      value: v?.text ?? '',
      isProtected: /^true$/i.test(v?.attrs['Protected'] ?? ''),
      isSecret: /^true$/i.test(v?.attrs['ProtectInMemory'] ?? ''),
    };
  });
}

function entryCandidates(entry: XmlElement, n: number, path: string[], fileName: string, result: ParseResult): void {
  const all = strings(entry);
  const get = (k: string) => all.find((s) => s.key === k)?.value.trim() ?? '';
  const title = showableLabel(get('Title') || `entry ${n}`, `entry ${n}`);
  const ref = `${fileName}:${entry.line}: entry ${n} (${title.slice(0, 60)})`;
  if (all.some((s) => s.isProtected)) {
    result.issues.push({
      ref,
      message: 'holds an encrypted (Protected) value: export from KeePass as "KeePass XML (2.x)"',
    });
    return;
  }
  const times = child(entry, 'Times');
  const expires = /^true$/i.test(times ? (child(times, 'Expires')?.text.trim() ?? '') : '');
  const expiryText = times ? (child(times, 'ExpiryTime')?.text.trim() ?? '') : '';
  const fields: CandidateFields = {};
  if (expires) {
    const day = keepassDay(expiryText);
    if (day === undefined) result.issues.push({ ref, message: 'ExpiryTime is not a date' });
    else fields.expiresAt = day;
  }
  const created = times ? keepassDay(child(times, 'CreationTime')?.text.trim() ?? '') : undefined;
  if (created) fields.createdAt = created;
  const tags = [...path, ...(child(entry, 'Tags')?.text.split(/[;,]/) ?? [])].map((t) => t.trim()).filter(Boolean);
  if (tags.length > 0) fields.tags = tags.map((t) => t.slice(0, 500));
  if (get('UserName')) fields.account = get('UserName').slice(0, 500);
  const context = [get('Title'), ...path, get('URL')].filter(Boolean);
  const found: Candidate[] = [];
  const add = entryCollector(ref, fields, context, found);
  if (get('Password')) add(title, get('Password'), ['password'], get('Notes') || undefined);
  for (const s of all) {
    const value = s.value.trim();
    if (STANDARD.has(s.key) || value === '' || /\s/.test(value)) continue;
    if (s.isSecret || detect(value, [s.key]).confidence !== 'none')
      add(`${title} / ${showableLabel(s.key, 'field')}`, value, [s.key]);
  }
  if (found.length === 0) result.skipped.push({ ref, reason: 'no password or key-shaped field' });
  result.candidates.push(...found);
}

export function parseKeePassXml({ text, fileName }: ParseInput): ParseResult {
  const doc = readXml(text, fileName);
  const top = doc.name === 'KeePassFile' ? child(doc, 'Root') : undefined;
  if (!top)
    throw new AppError('BAD_INPUT', `${fileName}: not a KeePass XML export (no KeePassFile/Root).`, {
      subject: fileName,
    });
  const result: ParseResult = { candidates: [], issues: [], skipped: [] };
  let n = 0;
  // Depth-first over groups with an explicit stack; History sits inside Entry, so it is never visited.
  // The top group (the database's own name) is not a tag; each group below it is.
  const stack: { group: XmlElement; path: string[] }[] = children(top, 'Group').map((group) => ({ group, path: [] }));
  while (stack.length > 0) {
    const { group, path } = stack.pop() as { group: XmlElement; path: string[] };
    if (child(group, 'Name')?.text.trim() === 'Recycle Bin') {
      for (const entry of children(group, 'Entry'))
        result.skipped.push({ ref: `${fileName}:${entry.line}: entry ${(n += 1)}`, reason: 'in the recycle bin' });
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
