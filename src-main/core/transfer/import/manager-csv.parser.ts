// Password managers' CSV exports, read by header name (column order varies by version):
// - 1Password: "Title,Url,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes" (1Password 8 export;
//   1Password 7's documented login layout "title,website,username,password,notes,custom fields..." also reads).
// - KeePassXC: "Group","Title","Username","Password","URL","Notes","TOTP","Icon","Last Modified","Created"
//   (older versions stop after Notes).
// The password is the key; username becomes the account; group and title are detection context.
import { AppError } from '../../errors.js';
import { showableLabel } from './detect-rules.js';
import { checkHeader, fieldCountMessage, normaliseHeader, readCsv } from './csv-reader.js';
import type { ParseInput, ParseResult } from './import.types.js';
import { candidateFromRow, toDay, type MappedRow } from './row-candidate.js';

type Layout = {
  label: string;
  required: string[];
  read: (get: (...names: string[]) => string) => { row: MappedRow; context: string[]; skip?: string };
};

const ONEPASSWORD: Layout = {
  label: '1Password CSV export',
  required: ['title', 'password'],
  read: (get) => ({
    row: {
      name: get('title'),
      secret: get('password'),
      url: get('url', 'website'),
      account: get('username'),
      notes: get('notes'),
      tags: get('tags'),
    },
    context: [get('title'), get('url', 'website'), 'password'],
    ...(/^true$/i.test(get('archived')) ? { skip: 'archived in 1Password' } : {}),
  }),
};

const KEEPASSXC: Layout = {
  label: 'KeePassXC CSV export',
  required: ['group', 'title', 'password'],
  read: (get) => {
    const group = get('group');
    const created = toDay(get('created'));
    return {
      row: {
        name: get('title'),
        secret: get('password'),
        url: get('url'),
        account: get('username'),
        notes: get('notes'),
        tags: group
          .split('/')
          .filter((g) => g !== '' && g !== 'Root')
          .join(','),
        ...(created ? { createdAt: created } : {}),
      },
      context: [get('title'), group, get('url'), 'password'],
    };
  },
};

function parseWith(layout: Layout, { text, fileName }: ParseInput): ParseResult {
  const [head, ...rows] = readCsv(text, fileName);
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
    if (skip) result.skipped.push({ ref, reason: skip });
    else if (!row.secret?.trim()) result.skipped.push({ ref, reason: 'no password in this entry' });
    else {
      const c = candidateFromRow(ref, row, context, result.issues);
      if (c) result.candidates.push(c);
    }
  }
  return result;
}

export const parseOnePasswordCsv = (input: ParseInput) => parseWith(ONEPASSWORD, input);
export const parseKeePassXcCsv = (input: ParseInput) => parseWith(KEEPASSXC, input);
