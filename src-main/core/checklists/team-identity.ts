// The vault's team identity (display name + Ed25519 keypair), the trusted teammates
// and the team folder, all as sealed settings. SECURITY: the signing secret key lives
// only inside the sealed setting and in memory while a file is being signed.
import { z } from 'zod';
import { fingerprintOf, fromBase64, newSigningKeypair, toBase64 } from '../crypto/signing.js';
import { AppError } from '../errors.js';
import type { Clock } from '../ports/clock.port.js';
import type { Settings } from '../settings/settings.service.js';
import type { Vault } from '../vault/vault.js';
import type { Person } from './checklist.types.js';
import { SAFE_TEXT_MESSAGE, UNSAFE_TEXT } from './checklist.schemas.js';
import type { Identity, SignedFile, TrustedSigner } from './signed-file.js';
import { looksLikeSecret } from '../scan/key-catalog.js';

const IdentitySchema = z.strictObject({
  name: z.string().min(1).max(120),
  publicKey: z.string(),
  secretKey: z.string(),
  /** The user set this name; absent in vaults whose identity earlier versions made with the OS account's name. */
  chosen: z.boolean().optional(),
});
const TrustedSchema = z.array(
  z.strictObject({ name: z.string(), publicKey: z.string(), fingerprint: z.string(), addedAt: z.string() }),
);
const FolderSchema = z.strictObject({ path: z.string().min(1) });

/** What recording an author without a name says; the CLI and the app word it for their user. */
export const NAME_REQUIRED_MESSAGE =
  'No name is set for you yet: teammates see it on the checklists you start, tick and sign. Set it first.';

export function createTeamIdentity(vault: Vault, settings: Settings, clock: Clock) {
  const sodium = vault.sodium;
  const stored = () => settings.get('team.identity', IdentitySchema.nullable(), null);

  function ensure(name?: string): z.output<typeof IdentitySchema> {
    const current = stored();
    if (current && (name === undefined || (name === current.name && current.chosen === true))) return current;
    // No default (the OS account's name is not what teammates know you by): the user sets it once.
    if (!current && name === undefined) throw new AppError('NAME_REQUIRED', NAME_REQUIRED_MESSAGE);
    if (name !== undefined && name.trim() === '')
      throw new AppError('BAD_INPUT', 'Your display name must not be empty.');
    if (name !== undefined && UNSAFE_TEXT.test(name))
      throw new AppError('BAD_INPUT', `Your display name ${SAFE_TEXT_MESSAGE} (it is shown to teammates).`);
    // SECURITY: the name goes on every signed file teammates receive: a key pasted as it is refused.
    if (name !== undefined && looksLikeSecret(name))
      throw new AppError('BAD_INPUT', 'That looks like a key, not a name: give the name your teammates know you by.');
    if (name !== undefined && name.trim().length > 120)
      throw new AppError('BAD_INPUT', 'Your display name must be at most 120 characters.');
    if (current)
      return settings.put('team.identity', IdentitySchema, {
        ...current,
        name: name?.trim() ?? current.name,
        ...(name !== undefined || current.chosen ? { chosen: true } : {}),
      });
    const kp = newSigningKeypair(sodium);
    const next = {
      name: (name ?? '').trim(),
      publicKey: toBase64(sodium, kp.publicKey),
      secretKey: toBase64(sodium, kp.secretKey),
      chosen: true,
    };
    sodium.memzero(kp.secretKey);
    return settings.put('team.identity', IdentitySchema, next);
  }

  const trusted = (): TrustedSigner[] => settings.get('team.trusted', TrustedSchema, []);

  return {
    /** Our name and fingerprint, or nulls before the user set a name; reads only, never makes the keypair. */
    status(): { name: string | null; fingerprint: string | null } {
      const id = stored();
      if (!id) return { name: null, fingerprint: null };
      return { name: id.name, fingerprint: fingerprintOf(sodium, fromBase64(sodium, id.publicKey, 'identity')) };
    },
    /** Our display name and fingerprint, for recording an author; NAME_REQUIRED before the user set a name. */
    me(): Person & { publicKey: string } {
      const id = ensure();
      return {
        name: id.name,
        publicKey: id.publicKey,
        fingerprint: fingerprintOf(sodium, fromBase64(sodium, id.publicKey, 'identity')),
      };
    },
    /** Sets the name teammates see; the first time, makes the keypair (a rename keeps it and its fingerprint). */
    setName: (name: string) => void ensure(name),
    /** Our public half for verifying our own files, or null before the first signature. */
    own(): { name: string; publicKey: string } | null {
      const id = stored();
      return id ? { name: id.name, publicKey: id.publicKey } : null;
    },
    /** Runs `fn` with the keypair; the decoded secret key is wiped afterwards. */
    withIdentity<T>(fn: (me: Identity) => T): T {
      const id = ensure();
      const secretKey = fromBase64(sodium, id.secretKey, 'identity');
      try {
        return fn({ name: id.name, publicKey: fromBase64(sodium, id.publicKey, 'identity'), secretKey });
      } finally {
        sodium.memzero(secretKey);
      }
    },
    trusted,
    /** Adds the signer of `file` to the trusted list (the caller confirmed the fingerprint). */
    trust(file: SignedFile): TrustedSigner {
      const key = fromBase64(sodium, file.signer.publicKey, "the signer's public key", 'BAD_INPUT');
      const entry: TrustedSigner = {
        name: file.signer.name,
        publicKey: file.signer.publicKey,
        fingerprint: fingerprintOf(sodium, key),
        addedAt: clock.now().toISOString(),
      };
      const others = trusted().filter((t) => t.publicKey !== entry.publicKey);
      settings.put('team.trusted', TrustedSchema, [...others, entry]);
      return entry;
    },
    fingerprintOf: (publicKeyB64: string) => fingerprintOf(sodium, fromBase64(sodium, publicKeyB64, 'public key')),
    folder: () => settings.get('team.folder', FolderSchema.nullable(), null)?.path ?? null,
    setFolder: (path: string) => void settings.put('team.folder', FolderSchema, { path }),
  };
}
export type TeamIdentity = ReturnType<typeof createTeamIdentity>;
