// Password managers' CSV exports, read by header name (column order varies by version):
// - 1Password 8: "Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes" (RFC 4180 quoting).
// - 1Password 7 for Mac and Windows: lower-case "title,username,password,urls,notesPlain,type,ainfo,uuid,...",
//   one column per custom field, quotes escaped as \" (as Bitwarden's 1Password 7 importer reads them);
//   the older documented "title,website,username,password,notes" reads too.
// - KeePassXC: "Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"
//   (older versions and KeePassX stop after Notes); Group is the path from the root group, which is no tag.
// The password is the key; a login (a username and a URL) is left out unless its value has a key's shape;
// the OTP columns are never read as keys.
import { AppError } from '../../errors.js';
import { detect, showableLabel } from './detect-rules.js';
import { readCsv } from '../csv-records.js';
import { checkHeader, fieldCountMessage, normaliseHeader } from './csv-reader.js';
import type { ParseInput, ParseResult } from './import.types.js';
import { candidateFromRow, isOtpField, toDay, withNoteLines, type MappedRow } from './row-candidate.js';

type Layout = {
  label: string;
  required: string[];
  read: (get: (...names: string[]) => string) => { row: MappedRow; context: string[]; skip?: string };
  /** Columns the layout reads itself (any other column is a custom field: kept in the notes, or a key). */
  known?: Set<string>;
};

/** 1Password's own columns (1Password 7 and 8), which are no custom fields. */
const ONEPASSWORD_COLUMNS = new Set([
  ...'title url website urls username password otpauth favorite archived tags notes notesplain type'.split(' '),
  ...'ainfo autosubmit ps scope uuid'.split(' '),
  'created date',
  'modified date',
]);
const SECRET_COLUMN = /(^|[^a-z])(key|token|secret|apikey|password)([^a-z]|$)/i;

const ONEPASSWORD: Layout = {
  label: '1Password CSV export',
  required: ['title', 'password'],
  known: ONEPASSWORD_COLUMNS,
  read: (get) => {
    const type = get('type').trim().toLowerCase();
    const created = toDay(get('created date'));
    const skip = /^true$/i.test(get('archived'))
      ? 'archived in 1Password'
      : type === 'credit card'
        ? 'a card, not a key'
        : type === 'identity'
          ? 'an identity, not a key'
          : undefined;
    return {
      row: {
        name: get('title'),
        secret: get('password'),
        url: firstUrl(get('url', 'website', 'urls')),
        account: get('username'),
        notes: [get('notesplain'), get('notes')].filter((n) => n.trim() !== '').join('\n'),
        tags: get('tags'),
        ...(created ? { createdAt: created } : {}),
      },
      context: [get('title'), get('url', 'website', 'urls'), 'password'],
      ...(skip ? { skip } : {}),
    };
  },
};

/** 1Password 7 for Mac lists several URLs in one cell, one a line. */
const firstUrl = (cell: string) => cell.split(/\r?\n/)[0]?.trim() ?? '';

/** KeePassXC's default recycle bin name in its translations (the CSV has no UUID to tell the bin by). */
const RECYCLE_BIN_NAMES = new Set(
  [
    'Recycle Bin',
    'Papierkorb',
    'Corbeille',
    'Papelera de reciclaje',
    'Papelera',
    'Cestino',
    'Prullenbak',
    'Lixeira',
    'Reciclagem',
    'Kosz',
    'Papperskorgen',
    'Papirkurv',
    'Roskakori',
    'Koš',
    'Корзина',
    'Кошик',
    'ごみ箱',
    '回收站',
    '資源回收筒',
    '휴지통',
  ].map((n) => n.toLowerCase()),
);

const KEEPASSXC: Layout = {
  label: 'KeePassXC CSV export',
  required: ['group', 'title', 'password'],
  read: (get) => {
    const group = get('group');
    const created = toDay(get('created'));
    // The first part of the path is the root group (KeePassXC names it "Passwords", translated): no tag, as in
    // the XML path; a row whose next part is the recycle bin was deleted in KeePassXC.
    const below = group.split('/').slice(1);
    const inBin = RECYCLE_BIN_NAMES.has((below[0] ?? '').trim().toLowerCase());
    return {
      row: {
        name: get('title'),
        secret: get('password'),
        url: get('url'),
        account: get('username'),
        notes: get('notes'),
        tags: below
          .map((g) => g.trim())
          .filter(Boolean)
          .join(','),
        ...(created ? { createdAt: created } : {}),
      },
      context: [get('title'), group, get('url'), 'password'],
      ...(inBin ? { skip: 'in the recycle bin' } : {}),
    };
  },
};

/** RFC 4180 first; a 1Password CSV that does not read so is read with 1Password 7 for Mac's `\"` escapes. */
function readManagerCsv(layout: Layout, text: string, fileName: string) {
  // 1Password 7 (its own columns in the header) escapes with a backslash; 1Password 8 doubles quotes.
  const header = (text.slice(0, 4000).split('\n', 1)[0] ?? '').toLowerCase();
  const v7 = /(^|,)"?(notesplain|ainfo|urls|uuid)"?(,|\r|$)/.test(header);
  if (layout === ONEPASSWORD && v7) return readCsv(text, fileName, ',', true);
  try {
    return readCsv(text, fileName);
  } catch (e) {
    if (layout !== ONEPASSWORD) throw e;
    return readCsv(text, fileName, ',', true);
  }
}

function parseWith(layout: Layout, { text, fileName }: ParseInput): ParseResult {
  const [head, ...rows] = readManagerCsv(layout, text, fileName);
  const names = (head?.cells ?? []).map(normaliseHeader);
  const missing = layout.required.filter((r) => !names.includes(r));
  if (!head || missing.length > 0) {
    throw new AppError(
      'BAD_INPUT',
      `${fileName}:1: not a ${layout.label}: the header has no ${missing.join(', ')} column.`,
      {
        subject: fileName,
      },
    );
  }
  checkHeader(head.cells, fileName, (h) => showableLabel(h, ''));
  const result: ParseResult = { candidates: [], issues: [], skipped: [] };
  for (const { line, cells } of rows) {
    const ref = `${fileName}:${line}`;
    if (cells.length !== names.length) {
      result.issues.push({ ref, message: fieldCountMessage(cells.length, names.length) });
      continue;
    }
    const get = (...want: string[]) => {
      const i = names.findIndex((n) => want.includes(n));
      return i < 0 ? '' : (cells[i] ?? '');
    };
    const { row, context, skip } = layout.read(get);
    if (skip) {
      result.skipped.push({ ref, reason: skip });
      continue;
    }
    // Custom fields (1Password 7 writes one column per field): a value under a key/secret name is a key of its
    // own; any other is kept in the notes.
    const extraKeys: [string, string][] = [];
    const shown: [string, string][] = [];
    if (layout.known) {
      (head?.cells ?? []).forEach((h, i) => {
        const value = (cells[i] ?? '').trim();
        if (layout.known?.has(names[i] ?? '') || value === '') return;
        const label = showableLabel(h.trim(), 'field').slice(0, 100);
        if (isOtpField(h, value)) return;
        // SECURITY: a value with a key's shape is a key, never a notes line (notes reach no-secret exports).
        const keyLike = !/\s/.test(value) && (SECRET_COLUMN.test(h) || detect(value, [h]).confidence !== 'none');
        if (keyLike) extraKeys.push([label, value]);
        else shown.push([label, value]);
      });
    }
    const notes = withNoteLines(row.notes, shown);
    const full: MappedRow = { ...row, ...(notes ? { notes } : {}) };
    const login = Boolean(row.account?.trim() && row.url?.trim());
    if (row.secret?.trim()) {
      const c = candidateFromRow(ref, full, context, result.issues);
      if (c) result.candidates.push(login ? { ...c, login: true } : c);
    }
    for (const [label, value] of extraKeys) {
      const c = candidateFromRow(ref, { ...full, secret: value }, [label, ...context], result.issues);
      if (c) result.candidates.push({ ...c, name: `${c.name} / ${label}`.slice(0, 200) });
    }
    if (!row.secret?.trim() && extraKeys.length === 0)
      result.skipped.push({ ref, reason: 'no password in this entry' });
  }
  return result;
}

export const parseOnePasswordCsv = (input: ParseInput) => parseWith(ONEPASSWORD, input);
export const parseKeePassXcCsv = (input: ParseInput) => parseWith(KEEPASSXC, input);
