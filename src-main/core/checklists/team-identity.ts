// The vault's team identity (display name + Ed25519 keypair), the trusted teammates
// and the team folder, all as sealed settings. SECURITY: the signing secret key lives
// only inside the sealed setting and in memory while a file is being signed.
import { userInfo } from 'node:os';
import { z } from 'zod';
import { fingerprintOf, fromBase64, newSigningKeypair, toBase64 } from '../crypto/signing.js';
import { AppError } from '../errors.js';
import type { Clock } from '../ports/clock.port.js';
import type { Settings } from '../settings/settings.service.js';
import type { Vault } from '../vault/vault.js';
import type { Person } from './checklist.types.js';
import { SAFE_TEXT_MESSAGE, UNSAFE_TEXT } from './checklist.schemas.js';
import type { Identity, SignedFile, TrustedSigner } from './signed-file.js';

const IdentitySchema = z.strictObject({
  name: z.string().min(1).max(120),
  publicKey: z.string(),
  secretKey: z.string(),
  /** The user set this name (Team settings, or asked when first needed); absent: the OS account name stands in. */
  chosen: z.boolean().optional(),
});
const TrustedSchema = z.array(
  z.strictObject({ name: z.string(), publicKey: z.string(), fingerprint: z.string(), addedAt: z.string() }),
);
const FolderSchema = z.strictObject({ path: z.string().min(1) });

const defaultName = () => {
  try {
    return userInfo().username || 'me';
  } catch {
    return 'me';
  }
};

export function createTeamIdentity(vault: Vault, settings: Settings, clock: Clock) {
  const sodium = vault.sodium;
  const stored = () => settings.get('team.identity', IdentitySchema.nullable(), null);

  function ensure(name?: string): z.output<typeof IdentitySchema> {
    const current = stored();
    if (current && (name === undefined || (name === current.name && current.chosen === true))) return current;
    if (name !== undefined && name.trim() === '')
      throw new AppError('BAD_INPUT', 'Your display name must not be empty.');
    if (name !== undefined && UNSAFE_TEXT.test(name))
      throw new AppError('BAD_INPUT', `Your display name ${SAFE_TEXT_MESSAGE} (it is shown to teammates).`);
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
      name: name?.trim() ?? defaultName(),
      publicKey: toBase64(sodium, kp.publicKey),
      secretKey: toBase64(sodium, kp.secretKey),
      ...(name !== undefined ? { chosen: true } : {}),
    };
    sodium.memzero(kp.secretKey);
    return settings.put('team.identity', IdentitySchema, next);
  }

  const trusted = (): TrustedSigner[] => settings.get('team.trusted', TrustedSchema, []);

  return {
    /** Our display name and fingerprint; makes the keypair on first use. */
    me(): Person & { publicKey: string } {
      const id = ensure();
      return {
        name: id.name,
        publicKey: id.publicKey,
        fingerprint: fingerprintOf(sodium, fromBase64(sodium, id.publicKey, 'identity')),
      };
    },
    setName: (name: string) => void ensure(name),
    /** Whether the user has set the name teammates see (false: it is still the OS account's). */
    nameChosen: (): boolean => stored()?.chosen === true,
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
