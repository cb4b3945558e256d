// The backup's description (chunk 1 of docs/BACKUP-FORMAT.md): made and checked here,
// in its one exact form. A description that authenticates but is not exactly that form
// is refused member by member, so nothing downstream ever acts on an unchecked value.
import { basename } from 'node:path';
import { AppError } from '../errors.js';

export type BackupMeta = {
  format: 'keyward.backup';
  version: 1;
  /** A UTC instant, `YYYY-MM-DDTHH:MM:SS.sssZ`, years 1970 to 9999. */
  createdAt: string;
  /** The vault file's base name: 1 to 200 characters, no `/`, `\` or control character. */
  source: string;
  /** The vault's id, a lowercase UUID. */
  vaultId: string;
  databaseBytes: number;
};

const MEMBERS = ['format', 'version', 'createdAt', 'source', 'vaultId', 'databaseBytes'] as const;
const CREATED_AT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// A separator, a control character or (the `u` flag reads pairs as one) a lone surrogate.
// eslint-disable-next-line no-control-regex -- control characters are exactly what this refuses
const NOT_IN_SOURCE = /[/\\\u0000-\u001f\u007f-\u009f\ud800-\udfff]/u;
const MAX_SOURCE_CHARS = 200;

export function isBackupCreatedAt(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  const m = CREATED_AT.exec(v);
  if (m === null || Number(m[1]) < 1970) return false;
  const t = new Date(v);
  return !Number.isNaN(t.getTime()) && t.toISOString() === v; // a real day and time (no 30 February)
}

export function isBackupSource(v: unknown): v is string {
  if (typeof v !== 'string' || v === '.' || v === '..') return false;
  const chars = Array.from(v).length;
  return chars >= 1 && chars <= MAX_SOURCE_CHARS && !NOT_IN_SOURCE.test(v);
}

/** The `source` a backup of the vault at `vaultPath` names: its base name, made to fit the rule. */
export function backupSource(vaultPath: string): string {
  const chars = Array.from(basename(vaultPath), (c) => (NOT_IN_SOURCE.test(c) ? '_' : c));
  const name = chars.slice(0, MAX_SOURCE_CHARS).join('');
  return isBackupSource(name) ? name : 'vault';
}

/** The description's bytes: compact JSON of the six members in this order (the one form a reader accepts). */
export function encodeBackupMeta(meta: BackupMeta): Uint8Array {
  const text = JSON.stringify(Object.fromEntries(MEMBERS.map((k) => [k, meta[k]])));
  checkMeta(JSON.parse(text) as unknown, text); // what Keyward writes, it reads back
  return new TextEncoder().encode(text);
}

/** Reads an authenticated description, refusing (INTEGRITY_ERROR) anything but its documented form. */
export function parseBackupMeta(bytes: Uint8Array): BackupMeta {
  let text: string;
  let raw: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
    raw = JSON.parse(text);
  } catch (cause) {
    return refuse('it is not UTF-8 JSON', cause);
  }
  return checkMeta(raw, text);
}

function refuse(why: string, cause?: unknown): never {
  throw new AppError(
    'INTEGRITY_ERROR',
    `The backup authenticates but its description is not in the documented form: ${why}.`,
    {
      cause,
    },
  );
}

function checkMeta(raw: unknown, text: string): BackupMeta {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return refuse('it is not a JSON object');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !(MEMBERS as readonly string[]).includes(k));
  if (unknown !== undefined)
    refuse(`it has a member ${JSON.stringify(unknown.slice(0, 40))} that version 1 does not define`);
  const missing = MEMBERS.find((k) => !Object.hasOwn(o, k));
  if (missing !== undefined) refuse(`member ${missing} is missing`);
  if (o.format !== 'keyward.backup') refuse('format is not "keyward.backup"');
  if (o.version !== 1) refuse('version is not 1');
  if (!isBackupCreatedAt(o.createdAt))
    refuse('createdAt is not a UTC time written YYYY-MM-DDTHH:MM:SS.sssZ (years 1970 to 9999)');
  if (!isBackupSource(o.source))
    refuse('source is not a file base name (1 to 200 characters, no "/", "\\" or control character)');
  if (typeof o.vaultId !== 'string' || !UUID.test(o.vaultId)) refuse('vaultId is not a lowercase UUID');
  const n = o.databaseBytes;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1)
    refuse('databaseBytes is not a positive whole number');
  const meta = o as BackupMeta;
  if (JSON.stringify(Object.fromEntries(MEMBERS.map((k) => [k, meta[k]]))) !== text)
    refuse('it is not written in its one exact form (the six members in order, each once, no white space)');
  return meta;
}
