// CANARY scans (S-3, S-9): a unique fake secret, the forms it could leak in (raw,
// hex, base64, SHA-256 ...) and a byte search over the vault's artefacts.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const newCanary = (prefix = 'sk-CANARY') => `${prefix}-${randomUUID()}`;

export type Needle = { label: string; bytes: Buffer };

/** Every form of `value` a scan looks for. An unkeyed hash still confirms a guess offline. */
export function canaryForms(value: string, name = 'canary'): Needle[] {
  const raw = Buffer.from(value, 'utf8');
  const digest = createHash('sha256').update(raw).digest();
  return [
    ['raw', raw],
    ['utf16le', Buffer.from(value, 'utf16le')],
    ['hex', Buffer.from(raw.toString('hex'))],
    ['HEX', Buffer.from(raw.toString('hex').toUpperCase())],
    ['base64', Buffer.from(raw.toString('base64').replace(/=+$/, ''))],
    ['base64url', Buffer.from(raw.toString('base64url'))],
    ['sha256', digest],
    ['sha256-hex', Buffer.from(digest.toString('hex'))],
    ['sha256-HEX', Buffer.from(digest.toString('hex').toUpperCase())],
    ['sha256-base64', Buffer.from(digest.toString('base64').replace(/=+$/, ''))],
  ].map(([label, bytes]) => ({ label: `${name}/${label as string}`, bytes: bytes as Buffer }));
}

/** The vault file and the SQLite companions that exist next to it. */
export const vaultArtefacts = (vaultPath: string) =>
  ['', '-wal', '-shm', '-journal'].map((s) => vaultPath + s).filter((p) => existsSync(p));

/** Every regular file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** `file: label` for every needle found in any of `files` (empty when clean). */
export function scan(files: string[], needles: Needle[]): string[] {
  const hits: string[] = [];
  for (const file of files) {
    const content = readFileSync(file);
    for (const n of needles) if (content.includes(n.bytes)) hits.push(`${file}: ${n.label}`);
  }
  return hits;
}

/** Scans text (CLI output) for the textual forms of a secret. */
export function scanText(text: string, needles: Needle[]): string[] {
  const buf = Buffer.from(text, 'utf8');
  return needles.filter((n) => buf.includes(n.bytes)).map((n) => n.label);
}
