// Bitwarden's unencrypted JSON export (Bitwarden help: "Export vault data", .json format):
// { encrypted: false, folders: [{id, name}], items: [{ type: 1 login | 2 secure note | 3 card | 4 identity,
//   name, notes, folderId, fields: [{name, value, type: 0 text | 1 hidden | 2 boolean | 3 linked}],
//   login: {username, password, uris: [{uri}]}, creationDate }] }.
// A login's password, each hidden custom field, and each text field or secure note that looks like a key
// becomes a key; cards and identities are skipped. Account-encrypted and password-protected exports are refused by
// name.
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { detect, showableLabel } from './detect-rules.js';
import type { Candidate, ParseInput, ParseResult } from './import.types.js';
import { jsonErrorLine } from './json-position.js';
import { entryCollector, isOtpField, toDay, withNoteLines } from './row-candidate.js';

const str = z.string().max(1_000_000).nullish();
const FieldSchema = z.looseObject({ name: str, value: str, type: z.number().nullish() });
const ItemSchema = z.looseObject({
  type: z.number(),
  name: z.string().max(10_000).nullish(),
  notes: str,
  folderId: str,
  creationDate: str,
  deletedDate: str,
  fields: z.array(FieldSchema).nullish(),
  login: z
    .looseObject({
      username: str,
      password: str,
      uris: z.array(z.looseObject({ uri: str })).nullish(),
    })
    .nullish(),
});
const ExportSchema = z.looseObject({
  encrypted: z.boolean().optional(),
  folders: z.array(z.looseObject({ id: z.string(), name: z.string().max(10_000) })).nullish(),
  items: z.array(z.unknown()),
});

export function parseJson(text: string, fileName: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
  } catch (e) {
    // SECURITY: V8's message can quote the text around the error; the line comes from our own scan.
    const at = e instanceof SyntaxError ? jsonErrorLine(text) : null;
    const line = at === null ? '' : `:${at}`;
    throw new AppError('BAD_INPUT', `${fileName}${line}: not valid JSON.`, { subject: fileName });
  }
}

/** The title as it may be shown: a title that looks like a pasted secret is left out (showableLabel). */
const shownTitle = (title: string | null | undefined, n: number) =>
  showableLabel(title?.trim() || `entry ${n}`, `entry ${n}`);
const entryRef = (fileName: string, n: number, title: string | null | undefined) => {
  const shown = shownTitle(title, n);
  return `${fileName}: entry ${n}${shown !== `entry ${n}` ? ` (${shown.slice(0, 60)})` : ''}`;
};

/** What is wrong with an item, by field path and expected type; SECURITY: never the value. */
function itemProblem(raw: unknown, issue: z.core.$ZodIssue | undefined): string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'is not a Bitwarden item (not an object)';
  const path = (issue?.path ?? []).map((p) => (typeof p === 'number' ? String(p + 1) : String(p))).join('.');
  if (path === 'type') return 'is not a Bitwarden item (needs a numeric "type")';
  const why =
    issue?.code === 'invalid_type'
      ? `must be ${issue.expected === 'string' ? 'text' : `a ${String(issue.expected)}`}`
      : issue?.code === 'too_big'
        ? 'is too long'
        : 'is not valid';
  return `${path || 'the item'} ${why}`;
}

/**
 * Refuses the two encrypted exports by name before anything else is read: a password-protected one
 * (`passwordProtected: true`, a `data` string and no items) and an account-encrypted one (items sealed with the
 * account's key). Neither can be read without Bitwarden.
 */
function refuseEncrypted(doc: unknown, fileName: string): void {
  if (typeof doc !== 'object' || doc === null || (doc as { encrypted?: unknown }).encrypted !== true) return;
  const kind =
    (doc as { passwordProtected?: unknown }).passwordProtected === true
      ? 'a password-protected Bitwarden export ("File password protected")'
      : 'an account-encrypted Bitwarden export ("Account restricted")';
  throw new AppError(
    'BAD_INPUT',
    `${fileName}: ${kind}; Keyward cannot decrypt it. Export again choosing ".json" (not encrypted).`,
    { subject: fileName },
  );
}

const folderTags = (folder: string) =>
  folder
    .split('/')
    .map((f) => f.trim().slice(0, 500))
    .filter(Boolean);

export function parseBitwarden({ text, fileName }: ParseInput): ParseResult {
  const doc = parseJson(text, fileName);
  refuseEncrypted(doc, fileName);
  const root = ExportSchema.safeParse(doc);
  if (!root.success)
    throw new AppError('BAD_INPUT', `${fileName}: not a Bitwarden JSON export (no "items" list).`, {
      subject: fileName,
    });
  const folders = new Map((root.data.folders ?? []).map((f) => [f.id, f.name]));
  const result: ParseResult = { candidates: [], issues: [], skipped: [] };
  root.data.items.forEach((raw, i) => {
    const parsed = ItemSchema.safeParse(raw);
    const rawName = (raw as { name?: unknown } | null)?.name;
    const ref = entryRef(fileName, i + 1, typeof rawName === 'string' ? rawName : undefined);
    if (!parsed.success) {
      result.issues.push({ ref, message: itemProblem(raw, parsed.error.issues[0]) });
      return;
    }
    const item = parsed.data;
    if (item.deletedDate) {
      result.skipped.push({ ref, reason: 'in the trash' });
      return;
    }
    if (item.type === 3 || item.type === 4) {
      result.skipped.push({ ref, reason: item.type === 3 ? 'a card, not a key' : 'an identity, not a key' });
      return;
    }
    const title = shownTitle(item.name, i + 1);
    const folder = item.folderId ? folders.get(item.folderId) : undefined;
    const uris = (item.login?.uris ?? []).map((u) => u.uri ?? '').filter(Boolean);
    const context = [item.name?.trim() ?? '', ...(folder ? [folder] : []), ...uris].filter(Boolean);
    const createdAt = item.creationDate ? toDay(item.creationDate) : undefined;
    const base = {
      ...(item.login?.username ? { account: item.login.username.slice(0, 500) } : {}),
      // A nested folder ("Work/CI") gives a tag per level, as KeePass groups do.
      ...(folder ? { tags: folderTags(folder) } : {}),
      ...(createdAt ? { createdAt } : {}),
    };
    const found: Candidate[] = [];
    const url = uris[0];
    const isLogin = item.type === 1 && Boolean(item.login?.username?.trim() && url);
    const keys: { name: string; value: string; context: string[]; isPassword: boolean }[] = [];
    const shown: [string, string][] = [];
    let otp = 0;
    if (item.login?.password?.trim())
      keys.push({ name: title, value: item.login.password, context: ['password'], isPassword: true });
    for (const f of item.fields ?? []) {
      const value = f.value?.trim();
      if (!value) continue;
      const fieldName = f.name?.trim() || 'field';
      const shownField = showableLabel(fieldName, 'field');
      if (isOtpField(fieldName, value)) otp += 1;
      else if (f.type === 1 || (f.type === 0 && detect(value, [fieldName]).confidence !== 'none' && !/\s/.test(value)))
        keys.push({ name: `${title} / ${shownField}`, value, context: [fieldName], isPassword: false });
      // A text or boolean field is shown in the clear by Bitwarden: kept in the notes (a hidden one never is).
      else if (f.type === 0 || f.type === 2) shown.push([shownField.slice(0, 100), value]);
    }
    const note = item.notes?.trim();
    const noteIsKey =
      keys.length === 0 && item.type === 2 && note && !/\s/.test(note) && detect(note, [title]).confidence !== 'none';
    if (noteIsKey) keys.push({ name: title, value: note, context: [], isPassword: false });
    // Every key of the item keeps its notes (unless the note is the key) and its other fields.
    const notes = withNoteLines(noteIsKey ? undefined : (item.notes ?? undefined), shown);
    const add = entryCollector(ref, base, context, found, { isLogin, ...(url ? { url } : {}) });
    for (const k of keys) add(k.name, k.value, k.context, notes, k.isPassword);
    if (otp > 0) result.skipped.push({ ref, reason: 'a one-time-password (TOTP) seed, not a key: not imported' });
    if (found.length === 0 && otp === 0)
      result.skipped.push({ ref, reason: 'holds no password, hidden field or key-shaped value' });
    result.candidates.push(...found);
  });
  return result;
}
