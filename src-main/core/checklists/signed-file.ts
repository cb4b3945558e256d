// Signed checklist files: a readable JSON document signed with the vault's Ed25519
// identity key over a canonical serialisation (docs/CHECKLISTS.md, "Signature").
// Verifying never trusts the file's own claim of who signed it: only the trusted list.
import { z } from 'zod';
import {
  PUBLIC_KEY_BYTES,
  SIGNATURE_BYTES,
  fingerprintOf,
  fromBase64,
  signDetached,
  toBase64,
  verifyDetached,
} from '../crypto/signing.js';
import type { Sodium } from '../crypto/sodium.js';
import { AppError } from '../errors.js';
import { repeatedMemberName } from '../json-repeats.js';
import type { TrustedSigner } from '../../contract/checklists.js';
import type { Person, RunBody, Template } from './checklist.types.js';
import { RunBodySchema, safeText, TemplateSchema } from './checklist.schemas.js';

export const FILE_FORMAT = 'keyward.checklist';
export const FILE_VERSION = 1;
const DOMAIN = 'keyward.checklist/v1\n';

export type Identity = { name: string; publicKey: Uint8Array; secretKey: Uint8Array };
export type { TrustedSigner };

type Signed<K, B> = { format: string; version: number; kind: K; body: B; signer: { name: string; publicKey: string } };
export type SignedFile = (Signed<'run', RunBody> | Signed<'template', Template>) & { signature: string };

const FileSchema = z.strictObject({
  format: z.literal(FILE_FORMAT),
  version: z.literal(FILE_VERSION),
  kind: z.enum(['run', 'template']),
  body: z.unknown(),
  // The signer's name is shown before any trust (team trust): no control characters.
  signer: z.strictObject({ name: safeText(120), publicKey: z.string().max(100) }),
  signature: z.string().max(200),
});

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function canonicalString(s: string): string {
  if (LONE_SURROGATE.test(s))
    throw new AppError('BAD_INPUT', 'A signed checklist holds well-formed Unicode text only (a lone surrogate).');
  return JSON.stringify(s);
}

/**
 * Canonical JSON: object keys sorted by UTF-16 code units, no white space, strings and
 * integers as JSON.stringify writes them. Refuses what has no single form (a number that is
 * not a safe integer, a lone surrogate, undefined). Numbers count by value: 1.0 is 1.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean') return JSON.stringify(value);
  if (typeof value === 'string') return canonicalString(value);
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value))
      throw new AppError(
        'BAD_INPUT',
        Number.isInteger(value)
          ? 'A signed checklist holds whole numbers from -(2^53 - 1) to 2^53 - 1 only.'
          : 'A signed checklist holds whole numbers only.',
      );
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${canonicalString(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw new AppError('BAD_INPUT', `A signed checklist cannot hold a ${typeof value}.`);
}

/** The exact bytes that are signed: a domain line, then the canonical JSON of everything but the signature. */
export function signingMessage(file: Omit<SignedFile, 'signature'>): Uint8Array {
  const { format, version, kind, body, signer } = file;
  return new TextEncoder().encode(DOMAIN + canonicalJson({ format, version, kind, body, signer }));
}

export function signFile(sodium: Sodium, kind: 'run' | 'template', body: RunBody | Template, me: Identity): SignedFile {
  const unsigned = {
    format: FILE_FORMAT,
    version: FILE_VERSION,
    kind,
    body,
    signer: { name: me.name, publicKey: toBase64(sodium, me.publicKey) },
  } as Omit<SignedFile, 'signature'>;
  const signature = toBase64(sodium, signDetached(sodium, signingMessage(unsigned), me.secretKey));
  return { ...unsigned, signature } as SignedFile;
}

export const formatFile = (file: SignedFile) => JSON.stringify(file, null, 2) + '\n';

/** Parses the outer shape; the body is checked only after the signature (verifyFile). */
export function parseFile(text: string, source: string): SignedFile {
  if (text.startsWith('\uFEFF'))
    throw new AppError(
      'BAD_INPUT',
      `${source} starts with a byte order mark: a Keyward checklist file is UTF-8 without one (it was re-saved by an editor?).`,
      { subject: source },
    );
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new AppError('BAD_INPUT', `${source} is not JSON: it is not a Keyward checklist file.`, { cause });
  }
  const repeated = repeatedMemberName(text);
  if (repeated !== null)
    throw new AppError(
      'BAD_INPUT',
      `${source} gives the member ${JSON.stringify(repeated)} twice in one object: a Keyward checklist file names each member once.`,
      { subject: source },
    );
  const parsed = FileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') || 'the document';
    throw new AppError(
      'BAD_INPUT',
      `${source} is not a Keyward checklist file (${where}: ${issue?.message ?? 'bad'}).`,
      {
        subject: source,
      },
    );
  }
  return parsed.data as SignedFile;
}

export type Verified = { file: SignedFile; signer: Person };

/**
 * Checks the signature against the key the file names, then that key against the trusted
 * list (and our own key). Tampered -> INTEGRITY_ERROR; unknown signer -> UNTRUSTED_SIGNER.
 */
export function verifyFile(
  sodium: Sodium,
  file: SignedFile,
  source: string,
  trusted: readonly TrustedSigner[],
  own: { name: string; publicKey: string } | null,
): Verified {
  // Malformed base64 or a wrong length is a malformed file (BAD_INPUT), checked before the signature.
  const publicKey = fromBase64(sodium, file.signer.publicKey, `${source}: the signer's public key`, 'BAD_INPUT');
  const signature = fromBase64(sodium, file.signature, `${source}: the signature`, 'BAD_INPUT');
  if (publicKey.length !== PUBLIC_KEY_BYTES || signature.length !== SIGNATURE_BYTES)
    throw new AppError(
      'BAD_INPUT',
      `${source} is not a Keyward checklist file: the signer's public key must be ${PUBLIC_KEY_BYTES} bytes and the signature ${SIGNATURE_BYTES}.`,
      { subject: source },
    );
  if (!verifyDetached(sodium, signingMessage(file), signature, publicKey)) {
    throw new AppError(
      'INTEGRITY_ERROR',
      `${source}: the signature does not match the content. The file was changed after it was signed, or is damaged; nothing was imported.`,
      { subject: source },
    );
  }
  const fingerprint = fingerprintOf(sodium, publicKey);
  const known =
    own?.publicKey === file.signer.publicKey ? own : trusted.find((t) => t.publicKey === file.signer.publicKey);
  if (!known) {
    throw new AppError(
      'UNTRUSTED_SIGNER',
      `${source} is signed by "${file.signer.name}" with key ${fingerprint}, who is not among your trusted teammates; nothing was imported. Compare that fingerprint with ${file.signer.name}, then run: keyward team trust ${source}`,
      { subject: source },
    );
  }
  const schema = file.kind === 'run' ? RunBodySchema : TemplateSchema;
  const body = schema.safeParse(file.body);
  if (!body.success) {
    const issue = body.error.issues[0];
    throw new AppError(
      'BAD_INPUT',
      `${source}: the ${file.kind} is malformed at ${issue?.path.join('.') || 'body'} (${issue?.message ?? 'bad'}).`,
      { subject: source },
    );
  }
  // The name shown is the one the user trusted, not whatever the file claims now.
  return { file: { ...file, body: body.data } as SignedFile, signer: { name: known.name, fingerprint } };
}
