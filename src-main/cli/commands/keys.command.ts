// keyward add | list | show | edit | rm: the key inventory from a terminal.
import { isPastDay, pastExpiryMessage } from '../../contract/expiry.js';
import { dayResolver, formatDay } from '../../core/alerts/calendar-date.js';
import { AppError } from '../../core/errors.js';
import { checkNewKey } from '../../core/inventory/new-key-checks.js';
import type { KeyFilter } from '../../core/inventory/key-filter.js';
import { KeyInputSchema, KeyPatchSchema } from '../../core/inventory/key.schemas.js';
import { parseOrThrow } from '../../core/parse-input.js';
import { PLATFORM_IDS, type KeyRecord, type KeySecret, type PlatformId } from '../../core/inventory/key.types.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { localLastUse } from '../../core/alerts/key-policy.js';
import { readFindings } from '../../core/scan/findings.js';
import { findingsLines, json, keyDetail, keyTable, shortId, sortForList, writeListJson } from '../format.js';
import { keyFieldsFromFlags, type KeyFlagValues } from '../key-flags.js';
import {
  DEFAULT_DATA_FIELDS,
  LIST_STATUSES,
  fieldsOf,
  formatOf,
  orderByState,
  renderKeys,
  sortKeys,
  useAttention,
} from '../list-output.js';
import { needsAction, shownFields, statusTruth, type KeyAttention } from '../../core/alerts/key-state.js';

const FINE: KeyAttention = { state: 'fine', reasons: [], action: 'none' };
import { confirm, isInteractive, promptHidden, readStdin, terminalSafe } from '../terminal.js';

/** SECURITY: the secret comes from standard input (or a no-echo prompt), never from a flag. */
async function readSecret(ctx: Ctx, platform: string | undefined, instanceId: string | undefined): Promise<KeySecret> {
  const read = await readSecretText(ctx);
  const value = read.trim(); // once: every string operation on a secret leaves another copy in the heap
  if (value === '') throw new AppError('BAD_INPUT', 'No secret was given on standard input.', { subject: 'secret' });
  if (platform === 'kai') {
    if (!instanceId)
      throw new AppError('BAD_INPUT', 'KAI keys need --instance-id (or --account set to the instance id).', {
        subject: 'instance-id',
      });
    return { value, instanceId };
  }
  return { value };
}

/** add's fields from its flags, checked before the secret is asked for (so a typo costs no paste). */
export function addFieldsOf(flags: KeyFlagValues) {
  if (!flags.platform || !flags.name) throw new AppError('BAD_INPUT', 'add needs --platform and --name.');
  const fields = parseOrThrow(KeyInputSchema, keyFieldsFromFlags(flags), 'key');
  if (flags.platform === 'kai' && flags.account && flags['instance-id'] && flags.account !== flags['instance-id'])
    throw new AppError(
      'BAD_INPUT',
      'For KAI the account is the instance id: give --instance-id or --account, not two.',
    );
  return fields;
}

/** The secret as typed or piped, before its checks: what a client hands the agent for add and edit. */
export const readSecretText = (ctx: Ctx): Promise<string> =>
  isInteractive(ctx.io) ? promptHidden(ctx.io, 'Secret (input hidden): ') : readStdin(ctx.io);

export async function addCommand(ctx: Ctx, flags: KeyFlagValues, allowDuplicate = false): Promise<number> {
  // Every field is checked before the secret is asked for, so a typo costs no paste.
  const fields = addFieldsOf(flags);
  const secret = await readSecret(ctx, flags.platform, flags['instance-id'] || flags.account);
  return ctx.withVault(({ inventory }) => {
    // The app's checks (keys.checkNew): a refusal stops here; a warning is printed and the key is added.
    const today = formatDay(dayResolver().dayOf(ctx.clock.now().getTime()));
    for (const issue of checkNewKey(inventory, fields, secret, today)) {
      if (issue.level === 'refuse') throw new AppError('BAD_INPUT', issue.message, { subject: issue.field });
      if (issue.code !== 'duplicate') ctx.warn(`warning: ${issue.message}`);
    }
    const { sameName, sameSecret } = inventory.sameAs(fields.name, secret);
    const first = sameSecret[0];
    // The same secret twice is one key recorded twice: refused unless asked for.
    if (first && !allowDuplicate)
      throw new AppError(
        'BAD_INPUT',
        `This secret is already stored as "${first.name}" (${shortId(first.id)}); nothing was added. ` +
          'Use keyward edit to change that key, or --allow-duplicate to store it twice.',
        { subject: 'secret' },
      );
    const rec = inventory.add(fields, secret);
    if (sameName.length > 0)
      ctx.warn(
        `warning: ${sameName.length === 1 ? 'another key has' : `${sameName.length} other keys have`} the name "${rec.name}" ` +
          `(${sameName.map((k) => shortId(k.id)).join(', ')}); name these keys by id or a unique prefix of it, ` +
          `such as ${shortId(rec.id)}.`,
      );
    if (ctx.json) ctx.out(json(rec));
    else ctx.out(`Added ${rec.name} (${shortId(rec.id)}), ${rec.platform}, ${rec.hint}`);
    return EXIT.ok;
  });
}

const EMPTY_VAULT = [
  'The vault is empty.',
  'Add a key:      printf %s "$KEY" | keyward add --platform P --name N   (the secret on standard input)',
  'or import some: keyward import FILE --dry-run   (.env, CSV, Bitwarden, 1Password, KeePass ...)',
].join('\n');

export type ListFlags = { platform?: string; status?: string; search?: string; tag?: string; owner?: string } & {
  sort?: string;
  fields?: string;
  format?: string;
  /** Only the keys that act now or are due soon. */
  needsAction?: boolean;
};

const truthNamed = (s: string): string => (s === 'revocation-pending' ? 'revoking' : s);
/** Whether a key's truthful status is the one --status asks for (always, without --status). */
export const statusWanted = (f: ListFlags, truth: string): boolean =>
  f.status === undefined || truthNamed(f.status) === truth;

/** The flags of `list` as a filter; a misspelt filter is bad usage, not an empty list. */
export function listFilterOf(f: ListFlags): KeyFilter {
  if (f.platform !== undefined && !(PLATFORM_IDS as readonly string[]).includes(f.platform)) {
    throw new AppError('BAD_INPUT', `--platform must be one of ${PLATFORM_IDS.join(', ')}.`, { subject: 'platform' });
  }
  if (f.status !== undefined && !LIST_STATUSES.includes(f.status)) {
    throw new AppError('BAD_INPUT', `--status must be one of ${LIST_STATUSES.join(', ')}.`, { subject: 'status' });
  }
  return {
    platform: f.platform as PlatformId | undefined,
    // --status filters on the truthful status (statusTruth), after the attention is known: see listCommand.
    search: f.search,
    tag: f.tag,
    owner: f.owner,
  };
}

export async function listCommand(ctx: Ctx, f: ListFlags): Promise<number> {
  const filter = listFilterOf(f);
  // Output flags are checked before the vault is opened, so a typo costs no password.
  const format = formatOf(f.format);
  const fields = fieldsOf(f.fields);
  sortKeys([], f.sort);
  return ctx.withVault(({ inventory, alerts }) => {
    const { keys: listed, damaged } = inventory.list(filter);
    // The same computation as the badge and alerts.attention (snoozed alerts left out).
    const { byKey } = alerts.attention();
    const now = ctx.clock.now();
    const truth = (k: KeyRecord) => statusTruth(k, byKey.get(k.id) ?? FINE, now);
    useAttention(byKey, truth);
    const found = listed.filter(
      (k) => (!f.needsAction || needsAction(byKey.get(k.id) ?? FINE)) && statusWanted(f, truth(k)),
    );
    const keys = f.sort === undefined ? orderByState(sortForList(found), byKey) : sortKeys(found, f.sort);
    const isEmpty = keys.length === 0 && damaged.length === 0 && inventory.list().keys.length === 0;
    if (ctx.json && f.format === undefined)
      writeListJson(ctx.io.stdout, terminalSafe, {
        keys: keys.map((k) => shownOf(k, byKey.get(k.id) ?? FINE, now)),
        damaged,
      });
    else if (format === 'table' && isEmpty) ctx.out(EMPTY_VAULT);
    else if (format === 'table' && keys.length === 0)
      ctx.out(f.needsAction ? 'No key needs action.' : 'No keys match.');
    else if (format === 'table' && f.fields === undefined)
      ctx.out(
        keyTable(keys, {
          state: (k) => byKey.get(k.id)?.state ?? 'fine',
          status: truth,
        }),
      );
    else ctx.out(renderKeys(keys, f.fields === undefined && format !== 'table' ? DEFAULT_DATA_FIELDS : fields, format));
    for (const d of damaged) ctx.warn(`damaged: key ${d.id}: ${d.message}`);
    return damaged.length > 0 ? EXIT.damaged : EXIT.ok;
  });
}

/**
 * A record as `--json` prints it: the record (`status` as recorded) with what the app shows beside
 * it: `statusShown` (a key past its expiry is expired, a refused key refused), `state`, `reasons`.
 */
function shownOf(k: KeyRecord, a: KeyAttention, now: Date) {
  return { ...k, ...shownFields(k, a, now), lastUsedInKeyward: localLastUse(k)?.at ?? null };
}

export async function showCommand(ctx: Ctx, ref: string, reveal: boolean): Promise<number> {
  return ctx.withVault(({ inventory, alerts, settings }) => {
    const rec = inventory.get(ref);
    const secret = reveal ? inventory.reveal(rec.id, 'revealed') : undefined;
    // This key's own alerts only (no scan of every key): what its row in the app says.
    const shown = shownOf(rec, alerts.attentionOf([rec]).get(rec.id) ?? FINE, ctx.clock.now());
    const findings = readFindings(settings).filter((f) => f.keyId === rec.id);
    const withFindings = { ...shown, findings: findings.map(({ keyId: _keyId, ...f }) => f) };
    if (ctx.json) ctx.out(json(secret ? { ...withFindings, secret } : withFindings));
    else {
      ctx.out(keyDetail(rec, shown));
      ctx.out(findingsLines(findings));
      if (secret?.instanceId) ctx.out(`instance-id: ${secret.instanceId}`);
      if (secret) ctx.out(`secret: ${secret.value}`);
    }
    return EXIT.ok;
  });
}

/** edit's change from its flags, checked before a new secret is asked for. */
export function editPatchOf(flags: KeyFlagValues, replaceSecret: boolean) {
  const patch = parseOrThrow(KeyPatchSchema, keyFieldsFromFlags(flags), 'change');
  const instanceId = flags['instance-id'];
  if (instanceId !== undefined && patch.account !== undefined && patch.account !== instanceId)
    throw new AppError(
      'BAD_INPUT',
      'For KAI the account is the instance id: give --instance-id or --account, not two.',
    );
  if (Object.keys(patch).length === 0 && instanceId === undefined && !replaceSecret)
    throw new AppError('BAD_INPUT', 'edit needs at least one field flag or --replace-secret.');
  return patch;
}

export async function editCommand(
  ctx: Ctx,
  ref: string,
  flags: KeyFlagValues,
  replaceSecret: boolean,
  allowDuplicate = false,
): Promise<number> {
  const patch = editPatchOf(flags, replaceSecret);
  const instanceId = flags['instance-id'];
  const secret = replaceSecret ? await readSecret(ctx, undefined, undefined) : undefined;
  return ctx.withVault(({ inventory }) => {
    const current = inventory.get(ref);
    if (instanceId !== undefined) {
      if ((patch.platform ?? current.platform) !== 'kai')
        throw new AppError('BAD_INPUT', '--instance-id is for KAI keys only.', { subject: 'instance-id' });
      // The core moves the sealed pair's instance id with the account (kai-account.ts).
      patch.account = instanceId;
    }
    // A past expiry is saved (the key's real expiry may be past), with the warning the app shows as it is typed.
    const today = formatDay(dayResolver().dayOf(ctx.clock.now().getTime()));
    if (patch.expiresAt !== current.expiresAt && isPastDay(patch.expiresAt, today))
      ctx.warn(`warning: ${pastExpiryMessage(patch.expiresAt, 'edit')}`);
    const rec = inventory.edit(current.id, patch, secret, { allowDuplicate });
    ctx.out(ctx.json ? json(rec) : `Updated ${rec.name} (${shortId(rec.id)}).`);
    return EXIT.ok;
  });
}

const SCRUB_PENDING =
  'The scrub is pending: another process is reading the vault, so the deleted key\u2019s id and encrypted bytes are still in the vault file itself (its pages are zeroed only in the WAL until the checkpoint copies them back). Keyward finishes the scrub the next time it opens the vault with no other reader.';

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
