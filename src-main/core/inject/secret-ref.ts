// Secret references (keyward://ID-or-name[/field]) and .env.keyward files that mix
// plain values with them. Parsing only: nothing here opens the vault or holds a secret.
import { AppError } from '../errors.js';
import { looksLikeSecret } from '../scan/key-catalog.js';

export const REF_SCHEME = 'keyward://';
/** What a reference can name: the secret (default) or, for KAI, the instance id of the pair. */
export const REF_FIELDS = ['secret', 'instance-id'] as const;
export type RefField = (typeof REF_FIELDS)[number];
export type SecretRef = { key: string; field: RefField };

export const isRef = (value: string): boolean => value.startsWith(REF_SCHEME);

/**
 * `keyward://Deploy%20bot/instance-id` -> { key: 'Deploy bot', field: 'instance-id' }. The key
 * part is an id, an id prefix or a name, percent-decoded (write a slash in a name as %2F).
 */
export function parseRef(text: string): SecretRef {
  if (!isRef(text)) throw new AppError('BAD_INPUT', `A reference starts with ${REF_SCHEME}.`);
  const rest = text.slice(REF_SCHEME.length);
  const slash = rest.indexOf('/');
  const rawKey = slash === -1 ? rest : rest.slice(0, slash);
  const rawField = slash === -1 ? 'secret' : rest.slice(slash + 1);
  if (!(REF_FIELDS as readonly string[]).includes(rawField)) {
    // SECURITY: a key pasted after the slash is not repeated (errors reach terminals and logs).
    const what = looksLikeSecret(rawField)
      ? `The part after the slash in a ${REF_SCHEME} reference looks like a key itself (not repeated here)`
      : `Unknown field "${rawField}" in a ${REF_SCHEME} reference`;
    throw new AppError('BAD_INPUT', `${what}; fields: ${REF_FIELDS.join(', ')} (a slash in a name is written %2F).`);
  }
  let key: string;
  try {
    key = decodeURIComponent(rawKey);
  } catch (cause) {
    throw new AppError('BAD_INPUT', `The key part of a ${REF_SCHEME} reference is not valid percent-encoding.`, {
      cause,
    });
  }
  if (key.trim() === '') throw new AppError('BAD_INPUT', `A ${REF_SCHEME} reference names no key.`);
  return { key, field: rawField as RefField };
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** One variable for the child: a plain value, or a reference to resolve from the vault. */
export type EnvEntry = { name: string; value: string; ref: SecretRef | null; from: string };

export function envEntry(name: string, value: string, from: string): EnvEntry {
  if (!NAME.test(name))
    // SECURITY: the text is not echoed: a line of a file (or a flag) may be a secret itself.
    throw new AppError('BAD_INPUT', `${from}: the text before "=" is not a variable name (letters, digits, _).`);
  return { name, value, ref: isRef(value) ? parseRef(value) : null, from };
}

/** `--env NAME=REF` (a plain value is allowed too). */
export function envFlag(text: string): EnvEntry {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new AppError('BAD_INPUT', `--env takes NAME=VALUE or NAME=${REF_SCHEME}KEY.`);
  return envEntry(text.slice(0, eq), text.slice(eq + 1), '--env');
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0])) return v.slice(1, -1);
  const hash = v.search(/\s#/); // an unquoted value ends at a comment
  return hash === -1 ? v : v.slice(0, hash).trimEnd();
}

/**
 * A .env-style file: NAME=VALUE lines, optional `export `, # comments, blank lines, values
 * quoted or not. Values that are references are resolved later; the others are passed as they are.
 */
export function parseEnvFile(text: string, file: string): EnvEntry[] {
  const entries: EnvEntry[] = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const body = line.startsWith('export ') ? line.slice(7).trimStart() : line;
    const eq = body.indexOf('=');
    if (eq <= 0) throw new AppError('BAD_INPUT', `${file}:${i + 1}: expected NAME=VALUE.`, { subject: file });
    entries.push(envEntry(body.slice(0, eq).trim(), unquote(body.slice(eq + 1)), `${file}:${i + 1}`));
  });
  return entries;
}
