// keyward add | list | show | edit | rm: the key inventory from a terminal.
import { AppError } from '../../core/errors.js';
import type { KeyFilter } from '../../core/inventory/key-filter.js';
import { KeyInputSchema, KeyPatchSchema, parseOrThrow } from '../../core/inventory/key.schemas.js';
import {
  KEY_STATUSES,
  PLATFORM_IDS,
  type KeySecret,
  type KeyStatus,
  type PlatformId,
} from '../../core/inventory/key.types.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { json, keyDetail, keyTable, shortId } from '../format.js';
import { keyFieldsFromFlags, type KeyFlagValues } from '../key-flags.js';
import { confirm, isInteractive, promptHidden, readStdin } from '../terminal.js';

/** SECURITY: the secret comes from standard input (or a no-echo prompt), never from a flag. */
async function readSecret(ctx: Ctx, platform: string | undefined, instanceId: string | undefined): Promise<KeySecret> {
  const value = isInteractive(ctx.io) ? await promptHidden(ctx.io, 'Secret (input hidden): ') : await readStdin(ctx.io);
  if (value.trim() === '')
    throw new AppError('BAD_INPUT', 'No secret was given on standard input.', { subject: 'secret' });
  if (platform === 'kai') {
    if (!instanceId)
      throw new AppError('BAD_INPUT', 'KAI keys need --instance-id (or --account set to the instance id).', {
        subject: 'instance-id',
      });
    return { value: value.trim(), instanceId };
  }
  return { value: value.trim() };
}

export async function addCommand(ctx: Ctx, flags: KeyFlagValues): Promise<number> {
  if (!flags.platform || !flags.name) throw new AppError('BAD_INPUT', 'add needs --platform and --name.');
  // Check every field before asking for the secret, so a typo costs no paste.
  const fields = parseOrThrow(KeyInputSchema, keyFieldsFromFlags(flags), 'key');
  const secret = await readSecret(ctx, flags.platform, flags['instance-id'] ?? flags.account);
  return ctx.withVault(({ inventory }) => {
    const rec = inventory.add(fields, secret);
    if (ctx.json) ctx.out(json(rec));
    else ctx.out(`Added ${rec.name} (${shortId(rec.id)}), ${rec.platform}, ${rec.hint}`);
    return EXIT.ok;
  });
}

export type ListFlags = { platform?: string; status?: string; search?: string; tag?: string; owner?: string };

/** The flags of `list` as a filter; a misspelt filter is bad usage, not an empty list. */
export function listFilterOf(f: ListFlags): KeyFilter {
  if (f.platform !== undefined && !(PLATFORM_IDS as readonly string[]).includes(f.platform)) {
    throw new AppError('BAD_INPUT', `--platform must be one of ${PLATFORM_IDS.join(', ')}.`, { subject: 'platform' });
  }
  if (f.status !== undefined && !(KEY_STATUSES as readonly string[]).includes(f.status)) {
    throw new AppError('BAD_INPUT', `--status must be one of ${KEY_STATUSES.join(', ')}.`, { subject: 'status' });
  }
  return {
    platform: f.platform as PlatformId | undefined,
    status: f.status as KeyStatus | undefined,
    search: f.search,
    tag: f.tag,
    owner: f.owner,
  };
}

export async function listCommand(ctx: Ctx, f: ListFlags): Promise<number> {
  const filter = listFilterOf(f);
  return ctx.withVault(({ inventory }) => {
    const { keys, damaged } = inventory.list(filter);
    if (ctx.json) ctx.out(json({ keys, damaged }));
    else ctx.out(keys.length === 0 ? 'No keys match.' : keyTable(keys));
    for (const d of damaged) ctx.warn(`damaged: key ${d.id}: ${d.message}`);
    return damaged.length > 0 ? EXIT.damaged : EXIT.ok;
  });
}

export async function showCommand(ctx: Ctx, ref: string, reveal: boolean): Promise<number> {
  return ctx.withVault(({ inventory }) => {
    const rec = inventory.get(ref);
    const secret = reveal ? inventory.reveal(rec.id, 'revealed') : undefined;
    if (ctx.json) ctx.out(json(secret ? { ...rec, secret } : rec));
    else {
      ctx.out(keyDetail(rec));
      if (secret?.instanceId) ctx.out(`instance-id: ${secret.instanceId}`);
      if (secret) ctx.out(`secret: ${secret.value}`);
    }
    return EXIT.ok;
  });
}

export async function editCommand(
  ctx: Ctx,
  ref: string,
  flags: KeyFlagValues,
  replaceSecret: boolean,
): Promise<number> {
  const patch = parseOrThrow(KeyPatchSchema, keyFieldsFromFlags(flags), 'change');
  const secret = replaceSecret ? await readSecret(ctx, undefined, undefined) : undefined;
  if (Object.keys(patch).length === 0 && !secret)
    throw new AppError('BAD_INPUT', 'edit needs at least one field flag or --replace-secret.');
  return ctx.withVault(({ inventory }) => {
    const current = inventory.get(ref);
    // A KAI secret is the instance-id + api-key pair; the instance id defaults to the account.
    const nextSecret =
      secret && current.platform === 'kai'
        ? { ...secret, instanceId: flags['instance-id'] ?? current.account }
        : secret;
    const rec = inventory.edit(current.id, patch, nextSecret);
    ctx.out(ctx.json ? json(rec) : `Updated ${rec.name} (${shortId(rec.id)}).`);
    return EXIT.ok;
  });
}

const SCRUB_PENDING =
  'The scrub is pending: another process is reading the vault, so the deleted key\u2019s encrypted bytes are still in the vault\u2019s WAL file (vault.db-wal). Keyward finishes the scrub the next time it opens the vault with no other reader.';

export async function rmCommand(ctx: Ctx, ref: string, yes: boolean): Promise<number> {
  if (!yes && !isInteractive(ctx.io)) throw new AppError('BAD_INPUT', 'rm needs --yes when not run from a terminal.');
  return ctx.withVault(async ({ inventory }) => {
    const rec = inventory.get(ref);
    if (!yes && !(await confirm(ctx.io, `Delete ${rec.name} (${shortId(rec.id)})? This cannot be undone.`))) {
      ctx.warn('Nothing deleted.');
      return EXIT.ok;
    }
    const { scrubPending } = inventory.remove(rec.id);
    ctx.out(
      ctx.json
        ? json(scrubPending ? { removed: rec.id, scrubPending } : { removed: rec.id })
        : `Deleted ${rec.name} (${shortId(rec.id)}).`,
    );
    if (scrubPending) ctx.warn(`warning: ${SCRUB_PENDING}`);
    return EXIT.ok;
  });
}
