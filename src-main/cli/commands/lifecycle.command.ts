// keyward create | rotate | revoke: the platform flows on a terminal, over the core's
// saved rotation runs. Re-running a command resumes a run where it stopped.
import type { Session } from '../../core/app/session.js';
import { AppError } from '../../core/errors.js';
import { KeyInputSchema } from '../../core/inventory/key.schemas.js';
import { parseOrThrow } from '../../core/parse-input.js';
import type { KeySecret, PlatformId } from '../../core/inventory/key.types.js';
import { normalisePastedSecret } from '../../core/inventory/pasted-secret.js';
import { checkCreate, storeCreatedKey } from '../../core/lifecycle/create-key.js';
import { expiryFromDays, requireExpiry } from '../../core/lifecycle/expiry.js';
import { hasOutage, portalFor } from '../../core/lifecycle/rotation.service.js';
import type { NewKeyFacts } from '../../core/lifecycle/rotation.service.js';
import type { NextStep, RotationRun, RunPlan, RunSequence } from '../../core/lifecycle/rotation.types.js';
import { planRun } from '../../core/lifecycle/run-plan.js';
import { PLATFORM_TROUBLE } from '../../core/lifecycle/key-verification.service.js';
import { findPlatform } from '../../core/platforms/definitions/index.js';
import { describeKeyLocally } from '../../core/platforms/key-facts.js';
import { createKubiyaKey } from '../../core/platforms/kubiya-create.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { json, shortId } from '../format.js';
import { askLine, captureKey, confirmStep, printPortal } from '../guided.js';
import { isInteractive, readPipedInput } from '../terminal.js';
import { keyFieldsFromFlags, type KeyFlagValues } from '../key-flags.js';

export type LifecycleFlags = KeyFlagValues & {
  'expires-in'?: string;
  'experimental-api'?: boolean;
  'management-key'?: string;
  deployed?: boolean;
  revoked?: boolean;
  resume?: boolean;
  cancel?: boolean;
  'revoke-first'?: boolean;
  'confirm-name'?: string;
  yes?: boolean;
};

function expiryFromFlag(ctx: Ctx, platform: PlatformId, days: string | undefined): string | undefined {
  if (days === undefined) return undefined;
  if (!/^\d{1,4}$/.test(days))
    throw new AppError('BAD_INPUT', '--expires-in takes a whole number of days.', { subject: 'expires-in' });
  return expiryFromDays(platform, Number(days), ctx.clock.now(), 'expires-in');
}

/** The terminal's words for a platform whose keys must expire. */
const passExpiresIn = (days: readonly number[]) =>
  `pass --expires-in ${days.join('|')} (the choice you make in the portal).`;

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
      ...(f['expires-in'] !== undefined
        ? { expiresAt: expiryFromFlag(ctx, f.platform as PlatformId, f['expires-in']) }
        : {}),
    },
    'key',
  );
  const def = findPlatform(fields.platform);
  requireExpiry(fields.platform, fields.expiresAt, passExpiresIn, 'expires-in');
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

/** "step 3 of 6: Verify new key", from the platform's declared sequence (the app's stepper shows the same). */
function stepLine(s: Session, run: RotationRun): string {
  const { labels, at } = s.rotations.steps(run);
  const label = labels[Math.min(at, labels.length - 1)] ?? '';
  return at >= labels.length
    ? `${describe(run)}, all steps done`
    : `${describe(run)}, step ${at + 1} of ${labels.length}: ${label}`;
}

function minutesSince(ctx: Ctx, iso: string): string {
  const min = Math.max(0, Math.round((ctx.clock.now().getTime() - Date.parse(iso)) / 60_000));
  return min < 1 ? 'under a minute' : `${min} min`;
}

/** What happens and what depends on the key, printed before anything is written. */
function showPlan(ctx: Ctx, plan: RunPlan): void {
  ctx.warn(`\n${plan.kind === 'rotate' ? 'Rotate' : 'Revoke'} "${plan.keyName}" (${plan.platform}). The steps:`);
  plan.steps.forEach((label, i) => ctx.warn(`  ${i + 1}. ${label}`));
  const d = plan.dependants;
  ctx.warn('What depends on this key:');
  ctx.warn(`  Environment: ${d.environment || 'not recorded'}`);
  ctx.warn(`  Last used: ${d.lastUsedAt ?? 'not recorded'}`);
  if (d.deployments.length === 0) ctx.warn('  Deployments: none recorded');
  else for (const p of d.deployments) ctx.warn(`  Deployment: ${p}`);
  for (const c of d.openChecklists) ctx.warn(`  Open checklist: ${c.title} (${shortId(c.id)})`);
  if (plan.outageWarning) ctx.warn(`WARNING: ${plan.outageWarning}`);
}

/** A full key cap: the user chooses between deleting an unneeded key first and revoking first. */
function capRefusal(plan: RunPlan): AppError {
  const cap = plan.cap as NonNullable<RunPlan['cap']>;
  const list =
    cap.candidates.length > 0
      ? cap.candidates.map((c) => `\n  - ${c.name} (${shortId(c.id)}): ${c.why}`).join('')
      : '\n  (Keyward knows no revoked, unused or expired key of this account: check the portal list.)';
  return new AppError(
    'LIMIT_REACHED',
    `${cap.message}\nChoose one:\n1. Delete an unused key first (then keyward revoke it), and rotate again. Candidates:${list}\n2. Revoke first: keyward rotate "${plan.keyName}" --revoke-first. ${cap.revokeFirstOutage}\nNothing was changed.`,
    { subject: plan.keyId },
  );
}

/** Asks before a run is started; without a terminal a missing --yes stops with exit 2 and nothing written. */
async function confirmStart(ctx: Ctx, plan: RunPlan, f: LifecycleFlags, question: string): Promise<string | undefined> {
  if (plan.typeNameToConfirm) {
    const why = plan.dependants.environment === 'production' ? 'a production key' : 'deployed';
    if (!isInteractive(ctx.io)) {
      if (f.yes && f['confirm-name'] === plan.keyName) return plan.keyName;
      throw new AppError(
        'BAD_INPUT',
        `"${plan.keyName}" is ${why}: without a terminal, pass --yes --confirm-name "${plan.keyName}" to revoke it. Nothing was changed.`,
        { subject: 'confirm-name' },
      );
    }
    const typed = await askLine(ctx, `"${plan.keyName}" is ${why}. Type its name to confirm: `);
    // Exact text, as GitHub asks for a repository's name: "Name " is not "Name".
    if (typed !== plan.keyName)
      throw new AppError('CANCELLED', 'The name typed does not match exactly: nothing was changed.');
    return plan.keyName;
  }
  if (!isInteractive(ctx.io) && !f.yes)
    throw new AppError('BAD_INPUT', `${question} needs confirmation: re-run with --yes. Nothing was changed.`, {
      subject: 'yes',
    });
  if (!(await confirmStep(ctx, `${question}?`, f.yes === true)))
    throw new AppError('CANCELLED', 'Stopped before anything was changed.');
  return undefined;
}

type Captured = { secret: KeySecret; facts: NewKeyFacts; via: 'api' | 'portal' };

/**
 * The portal steps, then the new key from the terminal or standard input, checked before
 * anything is written: a required expiry, and a secret already in the vault (the old key again).
 */
async function captureNew(
  ctx: Ctx,
  s: Session,
  run: RotationRun,
  next: Extract<NextStep, { step: 'capture-new-key' }>,
  f: LifecycleFlags,
  onPortalConfirmed?: () => void,
): Promise<Captured> {
  const old = s.inventory.get(run.keyId);
  // As for create: a platform that requires an expiry reports none, so the portal choice is asked for before the paste.
  requireExpiry(
    old.platform,
    f['expires-in'] ?? f.expires,
    (days) => `${passExpiresIn(days)} Nothing was changed.`,
    'expires-in',
  );
  // A past --expires is refused before the paste (and before the portal step), as the core would after it.
  if (f.expires) s.rotations.refusePastExpiry(f.expires);
  let secret = old.platform === 'kubiya' ? await createByApi(ctx, s, f, old.name, old.scopes, old.baseUrl) : null;
  const via = secret ? 'api' : 'portal';
  let outageStartedAt: string | undefined;
  if (!secret) {
    printPortal(ctx, `Make the replacement for "${old.name}"`, next.portal, next.warning);
    if (run.sequence && hasOutage(run.sequence)) {
      // The old key dies when the portal action is done: the outage starts at this answer, not at the paste.
      const question =
        run.sequence === 'replace-at-once'
          ? 'Have you pressed Regenerate API key in the portal?'
          : 'Have you deleted the old key in the portal?';
      if (!(await confirmStep(ctx, question, f.yes === true)))
        throw new AppError('CANCELLED', 'Stopped before anything was changed.');
      outageStartedAt = ctx.clock.now().toISOString();
      // The old key is dead from here: the run and its outage clock are recorded before the paste can fail.
      onPortalConfirmed?.();
    }
    secret = await captureKey(ctx, old.platform === 'kai' ? (f['instance-id'] ?? old.account) : undefined);
  }
  secret = s.rotations.checkNewSecret(old.id, secret);
  const local = describeKeyLocally(old.platform, secret, ctx.clock.now());
  const expiresAt =
    expiryFromFlag(ctx, old.platform, f['expires-in']) ??
    (f.expires === undefined ? local.expiresAt : f.expires || null);
  return {
    secret,
    via,
    facts: {
      ...(expiresAt !== undefined ? { expiresAt } : {}),
      ...(outageStartedAt ? { outageStartedAt } : {}),
      extra: local.facts,
    },
  };
}

/** Walks a run forward as far as the answers allow; returns the exit status. */
/** Where one step leaves the command: the run moved on, or the command stops with this exit code. */
type Moved = RotationRun | number;
type OpenStep = Exclude<NextStep, { step: 'finished' }>;

/** Stores the new key the user pasted (or the API made), saying so and when the outage started. */
function storeNew(ctx: Ctx, s: Session, run: RotationRun, got: Captured): Moved {
  run = s.rotations.storeNewKey(run.id, got.secret, got.facts, got.via).run;
  ctx.warn(`New key stored (${shortId(run.newKeyId ?? '')}).`);
  if (run.outage && !run.outage.endedAt)
    ctx.warn(`Outage started at ${run.outage.startedAt}: every deployment is down until it has the new key.`);
  return run;
}

/** Checks the new key against the platform; a key that does not work stops the run where it is. */
async function verifyNew(ctx: Ctx, s: Session, run: RotationRun): Promise<Moved> {
  const r = await s.rotations.verifyNewKey(run.id);
  run = r.run;
  ctx.warn(`New key: ${r.report.outcome.result}: ${r.report.outcome.message}`);
  if (r.report.outcome.result === 'valid') return run;
  ctx.warn(
    `The rotation waits at "${run.phase}": fix the new key (keyward edit ${shortId(run.newKeyId ?? '')} --replace-secret) and run this again.`,
  );
  return PLATFORM_TROUBLE.includes(r.report.outcome.result) ? EXIT.platform : EXIT.alerts;
}

/** Lists the deployments still to update and waits for the user (or --deployed) to say they are. */
async function updateDeployments(
  ctx: Ctx,
  s: Session,
  run: RotationRun,
  pending: string[],
  f: LifecycleFlags,
): Promise<Moved> {
  ctx.warn('\nPut the new key in place everywhere the old one is deployed:');
  for (const p of pending) ctx.warn(`  - ${p}`);
  if (run.outage && !run.outage.endedAt)
    ctx.warn(`Outage running for ${minutesSince(ctx, run.outage.startedAt)} (since ${run.outage.startedAt}).`);
  if (!(await confirmStep(ctx, 'Are all of them updated?', f.deployed === true))) {
    ctx.warn(`Paused at "${run.phase}". Run this again with --deployed once every deployment has the new key.`);
    return EXIT.ok;
  }
  return s.rotations.tickDeployment(run.id, 'all', 'done');
}

/** Shows the portal's revoke steps and waits for the user (or --revoked); false: the run waits. */
async function askRevoked(ctx: Ctx, s: Session, run: RotationRun, f: LifecycleFlags): Promise<boolean> {
  const old = s.inventory.get(run.keyId);
  printPortal(
    ctx,
    `Revoke the ${run.kind === 'rotate' ? 'old ' : ''}key "${old.name}" in the portal`,
    portalFor(findPlatform(old.platform), 'revoke'),
  );
  if (await confirmStep(ctx, 'Is the old key revoked in the portal?', f.revoked === true)) return true;
  ctx.warn(
    `Waiting at "${run.phase}": the old key is marked revocation-pending. Run this again with --revoked once it is revoked.`,
  );
  return false;
}

/** Checks that the platform refuses the old key (revoked in the portal, or killed by the sequence itself). */
async function confirmOldDead(
  ctx: Ctx,
  s: Session,
  run: RotationRun,
  automatic: boolean,
  f: LifecycleFlags,
): Promise<Moved> {
  if (automatic) ctx.warn('The old key died when the new one was made: Keyward checks that the platform refuses it.');
  else if (!(await askRevoked(ctx, s, run, f))) return EXIT.ok;
  const r = await s.rotations.confirmOldKeyDead(run.id);
  run = r.run;
  ctx.warn(`Old key: ${r.report.outcome.result}: ${r.report.outcome.message}`);
  if (!r.confirmed) {
    ctx.warn(
      automatic
        ? 'CRITICAL: the platform still accepts the old key, so the new key may not be the one the portal made. Check the portal and run this again.'
        : 'The platform still accepts the old key: it is not revoked yet. Revoke it in the portal and run this again.',
    );
    return r.report.outcome.result === 'valid' ? EXIT.alerts : EXIT.platform;
  }
  if (r.newKeyReport) {
    ctx.warn(`New key, checked again: ${r.newKeyReport.outcome.result}: ${r.newKeyReport.outcome.message}`);
    if (r.newKeyReport.outcome.result !== 'valid')
      return newKeyFailedAfterOldDead(ctx, run, r.newKeyReport.outcome.result);
  }
  return run;
}

/** Checks the new key again once the old one is dead. */
async function reverifyNew(ctx: Ctx, s: Session, run: RotationRun): Promise<Moved> {
  const r = await s.rotations.reverifyNewKey(run.id);
  run = r.run;
  ctx.warn(`New key, checked again: ${r.report.outcome.result}: ${r.report.outcome.message}`);
  return r.report.outcome.result === 'valid' ? run : newKeyFailedAfterOldDead(ctx, run, r.report.outcome.result);
}

/** Says how a finished (or cancelled) run ended. */
function reportFinished(ctx: Ctx, run: RotationRun): number {
  if (ctx.json) ctx.out(json(run));
  else if (run.phase === 'cancelled') ctx.out(`The ${run.kind} was cancelled.`);
  else
    ctx.out(
      run.kind === 'rotate'
        ? `Rotation finished: the old key is confirmed dead and marked revoked, and the new key verified valid after that.${run.outage?.endedAt ? ` Outage window: ${run.outage.startedAt} to ${run.outage.endedAt}.` : ''}`
        : 'Revocation finished: the key is confirmed dead and marked revoked.',
    );
  return EXIT.ok;
}

/** Runs the step the run is at. */
async function advance(
  ctx: Ctx,
  s: Session,
  run: RotationRun,
  next: OpenStep,
  f: LifecycleFlags,
  captured: Captured | undefined,
): Promise<Moved> {
  switch (next.step) {
    case 'capture-new-key':
      return storeNew(ctx, s, run, captured ?? (await captureNew(ctx, s, run, next, f)));
    case 'verify-new-key':
      return verifyNew(ctx, s, run);
    case 'update-deployments':
      return updateDeployments(ctx, s, run, next.pending, f);
    case 'revoke-in-portal':
      return s.rotations.beginRevocation(run.id);
    case 'confirm-old-key-dead':
      return confirmOldDead(ctx, s, run, next.automatic, f);
    case 'reverify-new-key':
      return reverifyNew(ctx, s, run);
  }
}

/** Takes the run from where it is, step by step, until it finishes or waits for the user. */
async function drive(ctx: Ctx, s: Session, run: RotationRun, f: LifecycleFlags, captured?: Captured): Promise<number> {
  for (;;) {
    const next = s.rotations.nextStep(run);
    if (next.step === 'finished') return reportFinished(ctx, run);
    const moved = await advance(ctx, s, run, next, f, captured);
    if (next.step === 'capture-new-key') captured = undefined; // a key piped in is used once
    if (typeof moved === 'number') return moved;
    run = moved;
    ctx.warn(`(${stepLine(s, run)})`);
  }
}

/** How to go on with an open run, or drop it: both, always. */
function resumeHint(ref: string, kind: 'rotate' | 'revoke' = 'rotate'): string {
  const q = JSON.stringify(ref);
  return `Continue it with keyward ${kind} ${q} --resume${kind === 'rotate' ? ' (or --deployed / --revoked)' : ''}, or cancel it with keyward ${kind} ${q} --cancel.`;
}

/**
 * A run continued without a terminal already has its new key: a key piped here anyway (a second
 * rotation racing the first) is not dropped. It is kept as "NAME (unclaimed DATE)" and the
 * command stops with exit 2; the run's own new key piped again is fine.
 */
async function refusePipedKey(ctx: Ctx, s: Session, run: RotationRun, ref: string): Promise<'none' | 'own'> {
  const text = await readPipedInput(ctx.io);
  if (text.trim() === '') return 'none';
  const old = s.inventory.get(run.keyId);
  const secret: KeySecret = { value: text.trim(), ...(old.platform === 'kai' ? { instanceId: old.account } : {}) };
  const holder = s.inventory.holderOfSecret({ ...secret, value: normalisePastedSecret(secret.value) });
  if (holder && holder.id === run.newKeyId) return 'own';
  const kept = s.rotations.keepUnclaimed(run.id, secret);
  throw new AppError(
    'BAD_INPUT',
    kept
      ? `Rotation ${run.id} is already open at "${run.phase}" and has its new key, so the key on standard input is not its new key. It was kept as "${kept.name}" (${shortId(kept.id)}) so it is not lost: revoke it in the portal if nothing uses it. ${resumeHint(ref)}`
      : `Rotation ${run.id} is already open at "${run.phase}" and has its new key; the key on standard input is already stored as "${holder?.name ?? ''}", so nothing was stored. ${resumeHint(ref)}`,
    { subject: run.id },
  );
}

function newKeyFailedAfterOldDead(ctx: Ctx, run: RotationRun, result: string): number {
  ctx.warn(
    `CRITICAL: the old key is dead and the new key does not verify (${result}): integrations using this key are failing. The rotation stays open at "${run.phase}": store the right key (keyward edit ${shortId(run.newKeyId ?? '')} --replace-secret), then run this again.`,
  );
  return PLATFORM_TROUBLE.includes(result as never) ? EXIT.platform : EXIT.alerts;
}

export async function rotateCommand(
  ctx: Ctx,
  ref: string,
  f: LifecycleFlags,
  kind: 'rotate' | 'revoke',
): Promise<number> {
  return ctx.withVault(async (s) => {
    let existing = s.rotations.openFor(ref);
    if (existing && existing.kind !== kind)
      throw new AppError(
        'BAD_INPUT',
        `This key has an open ${existing.kind} (${existing.id} at "${existing.phase}"); finish or cancel it first: ${resumeHint(ref, existing.kind)}`,
        { subject: existing.id },
      );
    if (f.cancel) {
      if (!existing) throw new AppError('NOT_FOUND', 'This key has no open rotation or revocation to cancel.');
      const cancelled = s.rotations.cancel(existing.id, 'cancelled with --cancel');
      const name = s.inventory.get(cancelled.keyId).name;
      ctx.out(
        cancelled.kind === 'revoke'
          ? `Cancelled the revocation of "${name}"; the key is unchanged.`
          : cancelled.newKeyId
            ? `Cancelled rotation ${cancelled.id}. The new key it stored stays in the vault as "${s.inventory.get(cancelled.newKeyId).name}".`
            : `Cancelled rotation ${cancelled.id}; no new key was stored and "${name}" is unchanged.`,
      );
      return EXIT.ok;
    }
    let run: RotationRun | undefined;
    let captured: Captured | undefined;
    if (!existing) {
      const plan = planRun(s, ref, kind);
      showPlan(ctx, plan);
      let sequence: RunSequence | undefined;
      if (plan.cap) {
        if (!f['revoke-first']) throw capRefusal(plan);
        sequence = 'revoke-first';
        ctx.warn(`WARNING: ${plan.cap.revokeFirstOutage}`);
      }
      const needsAsk = kind === 'revoke' || plan.outageWarning !== undefined || sequence === 'revoke-first';
      const confirmName = needsAsk
        ? await confirmStart(
            ctx,
            plan,
            f,
            kind === 'revoke' ? `Revoking "${plan.keyName}"` : `Starting an outage for "${plan.keyName}"`,
          )
        : undefined;
      // A new rotation reads and checks the key before the run is written: a refused key records nothing.
      const key = s.inventory.get(ref);
      const draft: RotationRun = {
        id: '',
        kind,
        keyId: key.id,
        phase: 'started',
        sequence: sequence ?? plan.sequence,
        deployments: [],
        log: [],
        createdAt: '',
        updatedAt: '',
      };
      const draftNext = s.rotations.nextStep(draft);
      const startRun = () =>
        s.rotations.start(ref, kind, {
          ...(confirmName !== undefined ? { confirmName } : {}),
          ...(sequence ? { sequence } : {}),
        });
      let early: RotationRun | undefined;
      const recordOutage = () => {
        try {
          early = s.rotations.markOutageStarted(startRun().id);
        } catch (e) {
          // Another process opened a run for this key a moment ago: the key read next goes to it.
          existing = s.rotations.openFor(ref);
          if (!existing || existing.kind !== kind) throw e;
        }
      };
      if (kind === 'rotate' && draftNext.step === 'capture-new-key')
        captured = await captureNew(ctx, s, draft, draftNext, f, recordOutage);
      if (early) run = early;
      else if (!existing)
        try {
          run = startRun();
        } catch (e) {
          // Another process opened a run for this key a moment ago: treat it as the open run.
          existing = s.rotations.openFor(ref);
          if (!existing || existing.kind !== kind) throw e;
        }
    }
    if (existing && captured) run = existing;
    else if (existing) {
      if (kind === 'rotate' && existing.phase === 'started') {
        ctx.warn(
          isInteractive(ctx.io)
            ? `Resuming rotation ${existing.id}: it is waiting for its new key.`
            : `Rotation ${existing.id} is open and waiting for its new key: the key on standard input is stored into it.`,
        );
      } else if (kind === 'rotate' && !isInteractive(ctx.io) && !f.resume && !f.deployed && !f.revoked) {
        // SECURITY: a key piped here was shown once by the portal: kept as unclaimed, never dropped.
        const piped = await refusePipedKey(ctx, s, existing, ref);
        throw new AppError(
          'BAD_INPUT',
          `Rotation ${existing.id} is already open at "${existing.phase}" and has its new key; ${piped === 'own' ? 'the key on standard input is that new key' : 'no key came on standard input'}, so nothing was stored. ${resumeHint(ref)}`,
          { subject: existing.id },
        );
      } else {
        if (kind === 'rotate' && !isInteractive(ctx.io)) await refusePipedKey(ctx, s, existing, ref);
        ctx.warn(`Resuming ${describe(existing)}. (${resumeHint(ref)})`);
      }
      run = existing;
    }
    if (!run) throw new AppError('INTERNAL', 'No rotation run to drive.');
    ctx.warn(`(${stepLine(s, run)})`);
    // The run another process opened has its key already: storing keeps this one as its own record, never dropped.
    if (captured && run.phase !== 'started')
      s.rotations.storeNewKey(run.id, captured.secret, captured.facts, captured.via);
    return drive(ctx, s, run, f, captured);
  });
}
