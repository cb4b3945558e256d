// keyward create | rotate | revoke: the platform flows on a terminal, over the core's
// saved rotation runs. Re-running a command resumes a run where it stopped.
import type { Session } from '../../core/app/session.js';
import { AppError } from '../../core/errors.js';
import { KeyInputSchema, parseOrThrow } from '../../core/inventory/key.schemas.js';
import type { KeySecret } from '../../core/inventory/key.types.js';
import { checkCreate, storeCreatedKey } from '../../core/lifecycle/create-key.js';
import { portalFor } from '../../core/lifecycle/rotation.service.js';
import type { RotationRun } from '../../core/lifecycle/rotation.types.js';
import { findPlatform } from '../../core/platforms/definitions/index.js';
import { describeKeyLocally } from '../../core/platforms/key-facts.js';
import { createKubiyaKey } from '../../core/platforms/kubiya-create.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { json, shortId } from '../format.js';
import { captureKey, confirmStep, printPortal } from '../guided.js';
import { keyFieldsFromFlags, type KeyFlagValues } from '../key-flags.js';

export type LifecycleFlags = KeyFlagValues & {
  'expires-in'?: string;
  'experimental-api'?: boolean;
  'management-key'?: string;
  deployed?: boolean;
  revoked?: boolean;
  yes?: boolean;
};

function expiryFromDays(ctx: Ctx, platform: string, days: string | undefined): string | null | undefined {
  if (days === undefined) return undefined;
  const def = findPlatform(platform as never);
  if (!/^\d{1,4}$/.test(days))
    throw new AppError('BAD_INPUT', '--expires-in takes a whole number of days.', { subject: 'expires-in' });
  if (def?.expiry.kind === 'choices' && !def.expiry.days.includes(Number(days))) {
    throw new AppError('BAD_INPUT', `${def.displayName} offers expiry in ${def.expiry.days.join(', ')} days only.`, {
      subject: 'expires-in',
    });
  }
  return new Date(ctx.clock.now().getTime() + Number(days) * 86_400_000).toISOString().slice(0, 10);
}

/** Tries the platform's create API (Kubiya, experimental); null means "use the portal". */
async function createByApi(
  ctx: Ctx,
  s: Session,
  f: LifecycleFlags,
  name: string,
  scopes: string[],
  baseUrl?: string,
): Promise<KeySecret | null> {
  if (!f['experimental-api']) return null;
  if (!f['management-key'])
    throw new AppError(
      'BAD_INPUT',
      '--experimental-api needs --management-key ID: a stored Kubiya key allowed to create keys.',
    );
  const outcome = await createKubiyaKey(
    { managementKey: s.inventory.secretFor(f['management-key']), name, scopes, ...(baseUrl ? { baseUrl } : {}) },
    s.platformDeps,
  );
  if (outcome.outcome === 'created') return outcome.secret;
  ctx.warn(outcome.message);
  if (outcome.outcome === 'refused') throw new AppError('PLATFORM_ERROR', outcome.message);
  if (outcome.outcome === 'ambiguous')
    ctx.warn('Check the key list in the portal before creating another one; if the key was made, paste it below.');
  return null;
}

export async function createCommand(ctx: Ctx, f: LifecycleFlags): Promise<number> {
  if (!f.platform || !f.name) throw new AppError('BAD_INPUT', 'create needs --platform and --name.');
  const fields = parseOrThrow(
    KeyInputSchema,
    {
      ...keyFieldsFromFlags(f),
      ...(f['expires-in'] !== undefined ? { expiresAt: expiryFromDays(ctx, f.platform, f['expires-in']) } : {}),
    },
    'key',
  );
  const def = findPlatform(fields.platform);
  if (def?.expiry.kind === 'choices' && def.expiry.required && fields.expiresAt === null) {
    throw new AppError(
      'BAD_INPUT',
      `${def.displayName} keys must expire: pass --expires-in ${def.expiry.days.join('|')} (the choice you make in the portal).`,
      { subject: 'expires-in' },
    );
  }
  return ctx.withVault(async (s) => {
    for (const w of checkCreate(s, fields)) ctx.warn(`warning: ${w}`);
    let secret =
      fields.platform === 'kubiya' ? await createByApi(ctx, s, f, fields.name, fields.scopes, fields.baseUrl) : null;
    const via = secret ? 'api' : 'portal';
    if (!secret) {
      printPortal(ctx, `Create the key "${fields.name}" in the portal`, portalFor(def, 'create'));
      secret = await captureKey(ctx, fields.platform === 'kai' ? (f['instance-id'] ?? fields.account) : undefined);
    }
    // The new key is stored before anything else happens: a failed check below never loses it.
    const { record: rec, report, warnings } = await storeCreatedKey(s, fields, secret, via, ctx.clock.now());
    for (const w of warnings) ctx.warn(`warning: ${w}`);
    if (ctx.json) ctx.out(json({ id: rec.id, name: rec.name, hint: rec.hint, verification: report?.outcome ?? null }));
    else
      ctx.out(
        `Stored ${rec.name} (${shortId(rec.id)}), ${rec.hint}.${report ? ` Verification: ${report.outcome.result}: ${report.outcome.message}` : ''}`,
      );
    return report && report.outcome.result !== 'valid' ? EXIT.alerts : EXIT.ok;
  });
}

function describe(run: RotationRun): string {
  return `${run.kind} ${shortId(run.id)} at "${run.phase}"`;
}

/** Walks a run forward as far as the answers allow; returns the exit status. */
async function drive(ctx: Ctx, s: Session, run: RotationRun, f: LifecycleFlags): Promise<number> {
  for (;;) {
    const next = s.rotations.nextStep(run);
    switch (next.step) {
      case 'capture-new-key': {
        const old = s.inventory.get(run.keyId);
        if (next.warning && !(await confirmStep(ctx, `${next.warning} Go on?`, f.yes === true))) {
          // Without a terminal the question above was never shown: say why it stopped.
          ctx.warn(`WARNING: ${next.warning}\nStopped before anything was changed. Re-run with --yes to go on.`);
          return EXIT.ok;
        }
        // As for create: a platform that requires an expiry reports none, so the portal choice is asked for before the paste.
        const oldDef = findPlatform(old.platform);
        if (
          oldDef?.expiry.kind === 'choices' &&
          oldDef.expiry.required &&
          f['expires-in'] === undefined &&
          !f.expires
        ) {
          throw new AppError(
            'BAD_INPUT',
            `${oldDef.displayName} keys must expire: pass --expires-in ${oldDef.expiry.days.join('|')} (the choice you make in the portal). Nothing was changed.`,
            { subject: 'expires-in' },
          );
        }
        let secret = old.platform === 'kubiya' ? await createByApi(ctx, s, f, old.name, old.scopes, old.baseUrl) : null;
        const via = secret ? 'api' : 'portal';
        if (!secret) {
          printPortal(ctx, `Make the replacement for "${old.name}"`, next.portal, next.warning);
          secret = await captureKey(ctx, old.platform === 'kai' ? (f['instance-id'] ?? old.account) : undefined);
        }
        const local = describeKeyLocally(old.platform, secret, ctx.clock.now());
        const expiresAt =
          expiryFromDays(ctx, old.platform, f['expires-in']) ??
          (f.expires === undefined ? local.expiresAt : f.expires || null);
        run = s.rotations.storeNewKey(
          run.id,
          secret,
          { ...(expiresAt !== undefined ? { expiresAt } : {}), extra: local.facts },
          via,
        ).run;
        ctx.warn(`New key stored (${shortId(run.newKeyId ?? '')}).`);
        break;
      }
      case 'verify-new-key': {
        const r = await s.rotations.verifyNewKey(run.id);
        run = r.run;
        ctx.warn(`New key: ${r.report.outcome.result}: ${r.report.outcome.message}`);
        if (r.report.outcome.result !== 'valid') {
          ctx.warn(
            `The rotation waits at "${run.phase}": fix the new key (keyward edit ${shortId(run.newKeyId ?? '')} --replace-secret) and run this again.`,
          );
          return r.report.outcome.result === 'rate-limited' ||
            r.report.outcome.result === 'unreachable' ||
            r.report.outcome.result === 'platform-error'
            ? EXIT.platform
            : EXIT.alerts;
        }
        break;
      }
      case 'update-deployments': {
        ctx.warn('\nPut the new key in place everywhere the old one is deployed:');
        for (const p of next.pending) ctx.warn(`  - ${p}`);
        if (!(await confirmStep(ctx, 'Are all of them updated?', f.deployed === true))) {
          ctx.warn(`Paused at "${run.phase}". Run this again with --deployed once every deployment has the new key.`);
          return EXIT.ok;
        }
        run = s.rotations.tickDeployment(run.id, 'all', 'done');
        break;
      }
      case 'revoke-in-portal': {
        run = s.rotations.beginRevocation(run.id);
        break;
      }
      case 'confirm-old-key-dead': {
        const old = s.inventory.get(run.keyId);
        if (old.platform !== 'kai' || run.kind === 'revoke')
          printPortal(
            ctx,
            `Revoke the old key "${old.name}" in the portal`,
            portalFor(findPlatform(old.platform), 'revoke'),
          );
        if (!(await confirmStep(ctx, 'Is the old key revoked in the portal?', f.revoked === true))) {
          ctx.warn(
            `Waiting at "${run.phase}": the old key is marked revocation-pending. Run this again with --revoked once it is revoked.`,
          );
          return EXIT.ok;
        }
        const r = await s.rotations.confirmOldKeyDead(run.id);
        run = r.run;
        ctx.warn(`Old key: ${r.report.outcome.result}: ${r.report.outcome.message}`);
        if (!r.confirmed) {
          ctx.warn(
            'The platform still accepts the old key: it is not revoked yet. Revoke it in the portal and run this again.',
          );
          return r.report.outcome.result === 'valid' ? EXIT.alerts : EXIT.platform;
        }
        break;
      }
      case 'finished':
        if (ctx.json) ctx.out(json(run));
        else
          ctx.out(
            `${run.kind === 'rotate' ? 'Rotation' : 'Revocation'} finished: the old key is confirmed dead and marked revoked.${run.outage?.endedAt ? ` Outage window: ${run.outage.startedAt} to ${run.outage.endedAt}.` : ''}`,
          );
        return EXIT.ok;
    }
    ctx.warn(`(${describe(run)})`);
  }
}

export async function rotateCommand(
  ctx: Ctx,
  ref: string,
  f: LifecycleFlags,
  kind: 'rotate' | 'revoke',
): Promise<number> {
  return ctx.withVault(async (s) => {
    const existing = s.rotations.openFor(ref);
    if (existing && existing.kind !== kind)
      throw new AppError(
        'BAD_INPUT',
        `This key has an open ${existing.kind} (${describe(existing)}); finish it first.`,
      );
    const run = existing ?? s.rotations.start(ref, kind);
    if (existing) ctx.warn(`Resuming ${describe(existing)}.`);
    return drive(ctx, s, run, f);
  });
}
