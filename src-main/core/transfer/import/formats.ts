// The importers by format, and which format a file is: its extension first, then
// its content (a KeePass root element, Keyward's format tag, Bitwarden's items, a CSV
// header that names a password manager's columns, NAME=value lines).
import { AppError } from '../../errors.js';
import { parseBitwarden } from './bitwarden.parser.js';
import { normaliseHeader } from './csv-reader.js';
import { parseCsv } from './csv.parser.js';
import { parseEnv } from './env.parser.js';
import { IMPORT_FORMATS, type ImportFormat, type Parser } from './import.types.js';
import { parseKeePassXml } from './keepass-xml.parser.js';
import { parseKeyward } from './keyward.parser.js';
import { parseKeePassXcCsv, parseOnePasswordCsv } from './manager-csv.parser.js';

export const PARSERS: Record<ImportFormat, Parser> = {
  env: parseEnv,
  csv: parseCsv,
  keyward: parseKeyward,
  'bitwarden-json': parseBitwarden,
  'onepassword-csv': parseOnePasswordCsv,
  'keepassxc-csv': parseKeePassXcCsv,
  'keepass-xml': parseKeePassXml,
};

export function isImportFormat(f: string): f is ImportFormat {
  return (IMPORT_FORMATS as readonly string[]).includes(f);
}

function csvFlavour(text: string): ImportFormat {
  const first = text.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const cells = first.split(',').map((c) => normaliseHeader(c.replace(/^"|"$/g, '')));
  const has = (...names: string[]) => names.every((n) => cells.includes(n));
  if (has('group', 'title', 'username', 'password')) return 'keepassxc-csv';
  // 1Password 8 writes Favorite and Archived; Safari's Title,URL,Username,Password,Notes,OTPAuth is a browser's
  // password CSV, read by the generic path (its logins are passwords, not keys).
  if (has('title', 'username', 'password') && (has('archived') || has('favorite'))) return 'onepassword-csv';
  // 1Password 7 (Mac and Windows): its own columns notesPlain, ainfo, urls or uuid beside title and password.
  if (has('title', 'password') && ['notesplain', 'ainfo', 'urls', 'uuid'].some((n) => cells.includes(n)))
    return 'onepassword-csv';
  return 'csv';
}

/** The format of a file from its name and first bytes; BAD_INPUT when it cannot be told. */
export function sniffFormat(fileName: string, text: string): ImportFormat {
  const lower = fileName.toLowerCase();
  const head = text
    .slice(0, 4096)
    .replace(/^\uFEFF/, '')
    .trimStart();
  if (lower.endsWith('.xml') || head.startsWith('<')) {
    if (/<KeePassFile[\s>]/.test(head)) return 'keepass-xml';
    throw new AppError('BAD_INPUT', `${fileName}: an XML file that is not a KeePass 2.x XML export.`, {
      subject: fileName,
    });
  }
  if (lower.endsWith('.json') || head.startsWith('{')) {
    if (/"format"\s*:\s*"keyward\.inventory"/.test(head)) return 'keyward';
    if (/"items"\s*:/.test(text) || /"encrypted"\s*:/.test(head)) return 'bitwarden-json';
    throw new AppError(
      'BAD_INPUT',
      `${fileName}: a JSON file that is neither a Keyward document nor a Bitwarden export.`,
      {
        subject: fileName,
      },
    );
  }
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return csvFlavour(text);
  const base = lower.split(/[\\/]/).pop() ?? lower;
  if (base.startsWith('.env') || base.endsWith('.env')) return 'env';
  const lines = head.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (lines.length > 0 && lines.every((l) => /^\s*(export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*=/.test(l))) return 'env';
  if (lines.length > 0 && (lines[0] ?? '').includes(',')) return csvFlavour(text);
  throw new AppError(
    'BAD_INPUT',
    `${fileName}: cannot tell the format; give it with --format (${IMPORT_FORMATS.join(', ')}).`,
    {
      subject: fileName,
    },
  );
}
