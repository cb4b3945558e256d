// One KeePass XML entry (a String Key/Value list, Times, Tags) to candidates, skipped rows or issues, and the
// recycle bin's test; shared by the streaming reader and the whole-tree one (keepass-xml.parser.ts).
// SECURITY: refs and messages name an entry by its place and a showable title, never by a value.
import { AppError } from '../../errors.js';
import { detect, showableLabel } from './detect-rules.js';
import type { Candidate, CandidateFields, ParseResult } from './import.types.js';
import { entryCollector, isOtpField, toDay, withNoteLines } from './row-candidate.js';
import { child, children, type XmlElement } from './xml-reader.js';

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

export function entryCandidates(
  entry: XmlElement,
  n: number,
  path: string[],
  fileName: string,
  result: ParseResult,
): void {
  const all = strings(entry);
  const get = (k: string) => all.find((s) => s.key === k)?.value.trim() ?? '';
  const title = showableLabel(get('Title') || `entry ${n}`, `entry ${n}`);
  const ref = `${fileName}:${entry.line}: entry ${n} (${entryTitle(entry, n)})`;
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
    if (day === undefined)
      result.issues.push({
        ref,
        message: 'the expiry date (ExpiryTime) cannot be read: KeePass writes it as an ISO timestamp or in base64',
      });
    else fields.expiresAt = day;
  }
  const created = times ? keepassDay(child(times, 'CreationTime')?.text.trim() ?? '') : undefined;
  if (created) fields.createdAt = created;
  const tags = [...path, ...(child(entry, 'Tags')?.text.split(/[;,]/) ?? [])].map((t) => t.trim()).filter(Boolean);
  if (tags.length > 0) fields.tags = tags.map((t) => t.slice(0, 500));
  if (get('UserName')) fields.account = get('UserName').slice(0, 500);
  const context = [get('Title'), ...path, get('URL')].filter(Boolean);
  const found: Candidate[] = [];
  const url = get('URL');
  const login = { isLogin: Boolean(get('UserName') && url), ...(url ? { url } : {}) };
  const keys: { name: string; value: string; context: string[]; isPassword: boolean }[] = [];
  const shown: [string, string][] = [];
  let otp = 0;
  if (get('Password')) keys.push({ name: title, value: get('Password'), context: ['password'], isPassword: true });
  for (const s of all) {
    const value = s.value.trim();
    if (STANDARD.has(s.key) || value === '') continue;
    if (isOtpField(s.key, value)) otp += 1;
    else if (!/\s/.test(value) && (s.isSecret || detect(value, [s.key]).confidence !== 'none'))
      keys.push({ name: `${title} / ${showableLabel(s.key, 'field')}`, value, context: [s.key], isPassword: false });
    // A custom string shown in the clear that is no key: kept in the notes (never a protected one).
    else if (!s.isSecret) shown.push([showableLabel(s.key, 'field').slice(0, 100), value]);
  }
  // Every key of the entry keeps the entry's notes and its other custom strings.
  const notes = withNoteLines(get('Notes') || undefined, shown);
  const add = entryCollector(ref, fields, context, found, login);
  for (const k of keys) add(k.name, k.value, k.context, notes, k.isPassword);
  if (otp > 0)
    result.skipped.push({
      ref,
      reason: `${otp === 1 ? 'a one-time-password (TOTP) seed' : `${otp} one-time-password seeds`}, not a key: not imported`,
    });
  if (found.length === 0 && otp === 0) result.skipped.push({ ref, reason: 'no password or key-shaped field' });
  result.candidates.push(...found);
}

/** Skips every entry in the recycle bin and in the groups under it, each with a line of its own. */
export function skipBin(bin: XmlElement, n: number, fileName: string, result: ParseResult): number {
  const groups = [bin];
  let count = n;
  while (groups.length > 0) {
    const g = groups.shift() as XmlElement;
    for (const entry of children(g, 'Entry')) {
      count += 1;
      const title = entryTitle(entry, count);
      result.skipped.push({
        ref: `${fileName}:${entry.line}: entry ${count} (${title})`,
        reason: 'in the recycle bin',
      });
    }
    groups.push(...children(g, 'Group'));
  }
  return count;
}

const entryTitle = (entry: XmlElement, n: number) => {
  const t =
    strings(entry)
      .find((s) => s.key === 'Title')
      ?.value.trim() ?? '';
  return showableLabel(t || `entry ${n}`, `entry ${n}`).slice(0, 60);
};

/** Whether a group is the recycle bin, by Meta's RecycleBinUUID (its name is translated), else by its name. */
export function binTest(meta: XmlElement | undefined): (g: XmlElement) => boolean {
  const binUuid = meta ? (child(meta, 'RecycleBinUUID')?.text.trim() ?? '') : '';
  const binEnabled = !/^false$/i.test(meta ? (child(meta, 'RecycleBinEnabled')?.text.trim() ?? '') : '');
  return (g: XmlElement) =>
    binEnabled &&
    (binUuid !== '' && binUuid !== 'AAAAAAAAAAAAAAAAAAAAAA=='
      ? child(g, 'UUID')?.text.trim() === binUuid
      : child(g, 'Name')?.text.trim() === 'Recycle Bin');
}

export function notKeePass(fileName: string): AppError {
  return new AppError('BAD_INPUT', `${fileName}: not a KeePass XML export (no KeePassFile/Root).`, {
    subject: fileName,
  });
}
