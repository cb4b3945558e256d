// Rotation and revocation, one saved phase at a time (docs/ROTATION.md):
//   rotate: started -> new-key-stored -> new-key-verified -> deployments-updated -> old-revocation-pending
//           -> old-key-dead -> done (the new key verified again after the old one was refused)
//   revoke: old-revocation-pending -> done
// Each transition is one transaction; a newly shown key is stored before anything else happens,
// and no failure after that loses it. One open run per key, checked inside the transaction.
import { randomUUID } from 'node:crypto';
import { openJson, sealJson, slotAad } from '../crypto/aead.js';
import { createRotationsRepo, type RotationRow } from '../db/rotations.repo.js';
import { AppError } from '../errors.js';
import { EXTRA_KEYS } from '../alerts/alert.types.js';
import { refusePastExpiry as refusePast } from './expiry.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { KeyRecord, KeySecret } from '../inventory/key.types.js';
import { normalisePastedSecret, pastedSecretFor } from '../inventory/pasted-secret.js';
import { findPlatform } from '../platforms/definitions/index.js';
import type { PlatformDefinition } from '../platforms/platform.types.js';
import type { Clock } from '../ports/clock.port.js';
import type { Vault } from '../vault/vault.js';
import type {
  NextStep,
  PortalInstructions,
  RotationRun,
  RunKind,
  RunPhase,
  RunSequence,
  RunSteps,
} from './rotation.types.js';
import type { Verifier, VerifyReport } from './key-verification.service.js';
import { refuseTooShort } from '../inventory/new-key-checks.js';

export type NewKeyFacts = {
  expiresAt?: string | null;
  scopes?: string[];
  extra?: Record<string, string>;
  /** When the user confirmed the portal action that killed the old key (KAI's Regenerate): the outage's start. */
  outageStartedAt?: string;
};

/** The name a stored new key carries until it verifies valid (the old key keeps the name until then). */
export const pendingName = (name: string) => `${name} (new, not verified)`;

const CLOSED: readonly RunPhase[] = ['done', 'cancelled'];
const REVOKED_PROOF: readonly string[] = ['invalid', 'revoked', 'retired'];

export function portalFor(
  def: PlatformDefinition | undefined,
  action: 'create' | 'revoke' | 'regenerate',
): PortalInstructions {
  if (!def)
    return {
      platform: 'custom',
      menuPath: 'the service that issued this key',
      steps: [
        action === 'create'
          ? 'Create a new key where this one came from.'
          : 'Delete or revoke the key where it was issued.',
      ],
      notes: [],
    };
  return {
    platform: def.displayName,
    ...(def.portal.url ? { url: def.portal.url } : {}),
    menuPath: def.portal.menuPath,
    steps: action === 'regenerate' ? (def.portal.regenerate ?? def.portal.revoke) : def.portal[action],
    notes: def.portal.notes ?? [],
  };
}

/** KAI-like platforms: making a new key kills the current one at once. */
export const replacesAtOnce = (def: PlatformDefinition | undefined) => def?.rotation.sequence === 'replace-at-once';

/** The sequence a run follows: its own, or (runs saved before sequences) its platform's. */
export const sequenceOf = (run: Pick<RotationRun, 'sequence'>, def: PlatformDefinition | undefined): RunSequence =>
  run.sequence ?? (replacesAtOnce(def) ? 'replace-at-once' : 'overlap');

/** Sequences in which the old key is dead before the new one is deployed: an outage until deployments are updated. */
export const hasOutage = (seq: RunSequence) => seq !== 'overlap';

const OVERLAP_AT: Record<RunPhase, number> = {
  started: 1,
  'new-key-stored': 2,
  'new-key-verified': 3,
  'deployments-updated': 4,
  'old-revocation-pending': 5,
  'old-key-dead': 6,
  done: 7,
  cancelled: 7,
};
const AT_ONCE_AT: Record<RunPhase, number> = {
  started: 1,
  'new-key-stored': 2,
  'new-key-verified': 3,
  'deployments-updated': 4,
  'old-revocation-pending': 4,
  'old-key-dead': 5,
  done: 6,
  cancelled: 6,
};
const REVOKE_FIRST_STEPS = [
  'Before you start',
  'Delete the old key, make the new one, paste it',
  'Verify new key',
  'Deployments (outage running)',
  'Old key refused',
  'New key verified again',
] as const;
const CUSTOM_ROTATE = ['Before you start', 'New key', 'Deployments', 'Revoke old key', 'Done'] as const;

/** The step labels of a sequence, as declared by the platform's definition. */
export function stepLabels(def: PlatformDefinition | undefined, kind: RunKind, seq: RunSequence): readonly string[] {
  if (kind === 'revoke') return def?.rotation.revokeSteps ?? ['What depends on it', 'Revoke', 'Confirm it is dead'];
  if (seq === 'revoke-first') return REVOKE_FIRST_STEPS;
  return def?.rotation.steps ?? CUSTOM_ROTATE;
}

/** Where a run stands in its sequence: 0 is the "before you start" screen, shown before any run exists. */
export function stepsOf(run: RotationRun, def: PlatformDefinition | undefined): RunSteps {
  const seq = sequenceOf(run, def);
  const labels = stepLabels(def, run.kind, seq);
  // A cancelled run shows the steps it had done when it was cancelled, not every step ticked.
  const phase = run.phase === 'cancelled' && run.cancelledFrom ? run.cancelledFrom : run.phase;
  if (run.kind === 'revoke') return { labels, at: phase === 'done' ? 3 : 1 };
  const at = (seq === 'overlap' ? OVERLAP_AT : AT_ONCE_AT)[phase];
  return { labels, at: Math.min(at, labels.length) };
}

/** Revoking a production key, or one with deployments, asks the user to type its name. */
export const needsTypedName = (key: KeyRecord) => key.environment === 'production' || key.deployedTo.length > 0;

/** What a user is told before an outage sequence starts: the window and every recorded deployment. */
export function outageWarning(def: PlatformDefinition | undefined, seq: RunSequence, key: KeyRecord): string {
  const name = def?.displayName ?? 'The platform';
  const where =
    key.deployedTo.length > 0
      ? ` Recorded deployments: ${key.deployedTo.join('; ')}.`
      : ' No deployments are recorded for this key.';
  const cause =
    seq === 'replace-at-once'
      ? `${name} kills the current key the moment the new one is made (Regenerate API key).`
      : `The old key is deleted before the new one is made (${name}'s key limit is reached).`;
  return `${cause} Every deployment is down from that moment until it has the new key.${where}`;
}

export function createRotations(deps: { vault: Vault; inventory: Inventory; verifier: Verifier; clock: Clock }) {
  const { vault, inventory, verifier } = deps;
  const repo = createRotationsRepo(vault.db);
  const now = () => deps.clock.now().toISOString();
  const aad = (id: string) => slotAad({ vaultId: vault.vaultId, table: 'rotations', field: 'data', recordId: id });

  const decode = (row: RotationRow): RotationRun =>
    openJson(vault.sodium, vault.keys().records, row.data, aad(row.id), `rotation ${row.id}`) as RotationRun;

  /** Writes the run and whatever else `also` does in one transaction (sealed after `also` ran). */
  function save(run: RotationRun, also?: () => void, insert = false): RotationRun {
    try {
      vault.write(() => {
        also?.();
        run.updatedAt = now();
        const blob = sealJson(vault.sodium, vault.keys().records, run, aad(run.id));
        if (insert)
          repo.insert({
            id: run.id,
            keyId: run.keyId,
            kind: run.kind,
            phase: run.phase,
            at: run.updatedAt,
            data: blob,
          });
        else if (repo.update(run.id, run.phase, blob, run.updatedAt) !== 1)
          throw new AppError('NOT_FOUND', `Rotation ${run.id} no longer exists.`);
      });
    } catch (e) {
      inventory.invalidate(); // the inventory's cache may hold a change that was rolled back
      throw e;
    }
    return run;
  }

  const event = (run: RotationRun, name: string, detail?: string) =>
    run.log.push({ at: now(), event: name, ...(detail ? { detail } : {}) });

  function load(runId: string): RotationRun {
    const row = repo.one(runId);
    if (!row) throw new AppError('NOT_FOUND', `No rotation with id "${runId}".`, { subject: runId });
    return decode(row);
  }

  function expect(run: RotationRun, ...phases: RunPhase[]): void {
    if (!phases.includes(run.phase)) {
      throw new AppError('BAD_INPUT', `This ${run.kind} is at "${run.phase}", not at "${phases.join('" or "')}".`, {
        subject: run.id,
      });
    }
  }

  /** The open run of a key, found by the old key or by its replacement (which now carries the name). */
  function openFor(keyRef: string): RotationRun | null {
    const id = inventory.resolve(keyRef);
    const row = repo.openForKey(id);
    if (row) return decode(row);
    return (
      repo
        .open()
        .map(decode)
        .find((r) => r.newKeyId === id) ?? null
    );
  }

  /**
   * Starts a run. Refused (BAD_INPUT, the open run's id as subject) when the key already has an
   * open run, checked inside the write transaction so two processes never open two runs.
   * A revoke of a production key or a key with deployments needs `confirmName` equal to its name.
   */
  function start(
    keyRef: string,
    kind: RunKind,
    opts: { confirmName?: string; sequence?: RunSequence } = {},
  ): RotationRun {
    const key = inventory.get(keyRef);
    if (key.status === 'revoked')
      throw new AppError('BAD_INPUT', `${key.name} is already revoked.`, { subject: key.id });
    if (kind === 'revoke' && needsTypedName(key) && opts.confirmName !== key.name) {
      throw new AppError(
        'BAD_INPUT',
        `${key.name} is ${key.environment === 'production' ? 'a production key' : 'deployed'}: type its name exactly to confirm the revocation. Nothing was changed.`,
        { subject: 'confirmName' },
      );
    }
    const def = findPlatform(key.platform);
    if (opts.sequence === 'replace-at-once' && !replacesAtOnce(def))
      throw new AppError('BAD_INPUT', `${def?.displayName ?? 'This platform'} does not regenerate keys in one step.`);
    const at = now();
    const run: RotationRun = {
      id: randomUUID(),
      kind,
      keyId: key.id,
      phase: kind === 'rotate' ? 'started' : 'old-revocation-pending',
      ...(kind === 'rotate' ? { sequence: opts.sequence ?? sequenceOf({}, def) } : {}),
      // A revoke changes the key's status at once: what a cancel puts back.
      ...(kind === 'revoke' ? { before: { name: key.name, status: key.status, deployedTo: [...key.deployedTo] } } : {}),
      deployments: key.deployedTo.map((place) => ({ place, state: 'todo' })),
      log: [{ at, event: 'started' }],
      createdAt: at,
      updatedAt: at,
    };
    return save(
      run,
      () => {
        const open = openInTransaction(key.id);
        if (open)
          throw new AppError(
            'BAD_INPUT',
            `${key.name} already has an open ${open.kind} (${open.id}) at "${open.phase}": finish or cancel it first.`,
            { subject: open.id },
          );
        if (kind === 'revoke')
          inventory.annotate(
            key.id,
            { status: 'revocation-pending' },
            { action: 'status', detail: 'revocation-pending' },
          );
      },
      true,
    );
  }

  /** The open run of a key, read inside the caller's transaction. */
  function openInTransaction(keyId: string): RotationRun | null {
    const row = repo.openForKey(keyId);
    if (row) return decode(row);
    return (
      repo
        .open()
        .map(decode)
        .find((r) => r.newKeyId === keyId) ?? null
    );
  }

  /**
   * The pasted new key, normalised (white space, quotes, `NAME=` / `export NAME=` from a .env
   * line), then refused when it carries another platform's prefix or is already stored. Nothing
   * is written or sent before this passes.
   */
  function checkNewSecret(oldId: string, secret: KeySecret): KeySecret {
    const platform = inventory.get(oldId).platform;
    const clean = refuseTooShort(platform, pastedSecretFor(platform, secret));
    inventory.refuseKnownSecret(clean, { currentId: oldId, as: 'new-key' });
    return clean;
  }

  /** A replacement already expired is a typo, and storing it would retire a working key for a dead one. */
  function refusePastExpiry(expiresAt: string | null | undefined): void {
    refusePast(expiresAt, deps.clock.now());
  }

  /**
   * Stores the replacement key at once, in the same transaction as the phase change. A secret
   * already in the vault is refused before anything is written. When another process stored a
   * new key for this run first, this one is kept as its own record (never lost) and the call fails.
   */
  function storeNewKey(
    runId: string,
    secret: KeySecret,
    facts: NewKeyFacts = {},
    via: 'api' | 'portal' = 'portal',
  ): { run: RotationRun; newKey: KeyRecord } {
    let run = load(runId);
    if (run.kind !== 'rotate') expect(run, 'started');
    const old = inventory.get(run.keyId);
    secret = checkNewSecret(old.id, secret);
    refusePastExpiry(facts.expiresAt);
    const def = findPlatform(old.platform);
    const day = now().slice(0, 10);
    let newKey: KeyRecord | undefined;
    let lostRace: RotationRun | null = null;
    const fields = (name: string, extra: Record<string, string>, deployedTo: string[] = []) => ({
      platform: old.platform,
      name,
      account: old.account,
      ...(old.baseUrl ? { baseUrl: old.baseUrl } : {}),
      scopes: facts.scopes ?? old.scopes,
      environment: old.environment,
      owner: old.owner,
      purpose: old.purpose,
      deployedTo,
      tags: old.tags,
      notes: old.notes,
      createdAt: day,
      expiresAt: facts.expiresAt ?? null,
      rotateEveryDays: old.rotateEveryDays,
      // A leak mark stays on the leaked key: its replacement is a new secret.
      extra: { ...withoutLeakMark(old.extra), ...facts.extra, ...extra },
    });
    try {
      vault.write(() => {
        // Read again inside the transaction: another process may have stored a key for this run since.
        run = load(runId);
        if (run.phase !== 'started') {
          lostRace = run;
          newKey = inventory.add(
            fields(`${run.before?.name ?? old.name} (unclaimed ${day})`, { 'rotation.unclaimedFrom': run.id }),
            secret,
          );
          return;
        }
        const seq = sequenceOf(run, def);
        run.phase = 'new-key-stored';
        run.createdVia = via;
        // The outage began when the user confirmed the portal action, not at the paste.
        if (hasOutage(seq)) run.outage = { startedAt: run.outage?.startedAt ?? facts.outageStartedAt ?? now() };
        // The old key keeps its name, deployments and references until the new one verifies valid.
        run.before = { name: old.name, status: old.status, deployedTo: [...old.deployedTo] };
        newKey = inventory.add(fields(pendingName(old.name), { 'rotation.replaces': old.id }), secret);
        run.newKeyId = newKey.id;
        event(run, 'new-key-stored', via);
        inventory.edit(old.id, { extra: { ...old.extra, 'rotation.replacedBy': newKey.id } });
        if (hasOutage(seq))
          inventory.annotate(
            old.id,
            { status: 'revocation-pending' },
            { action: 'status', detail: 'revocation-pending' },
          );
        run.updatedAt = now();
        const blob = sealJson(vault.sodium, vault.keys().records, run, aad(run.id));
        if (repo.update(run.id, run.phase, blob, run.updatedAt) !== 1)
          throw new AppError('NOT_FOUND', `Rotation ${run.id} no longer exists.`);
      });
    } catch (e) {
      inventory.invalidate();
      throw e;
    }
    if (lostRace) {
      const kept = newKey as KeyRecord;
      throw new AppError(
        'BAD_INPUT',
        `Another process stored the new key of this rotation (${(lostRace as RotationRun).id}) first. The key you gave was kept as "${kept.name}" (${kept.id.slice(0, 8)}) so it is not lost: revoke it in the portal if nothing uses it.`,
        { subject: (lostRace as RotationRun).id },
      );
    }
    return { run, newKey: newKey as KeyRecord };
  }

  async function verifyNewKey(runId: string): Promise<{ run: RotationRun; report: VerifyReport }> {
    const run = load(runId);
    expect(run, 'new-key-stored');
    const report = await verifier.verify(run.newKeyId as string);
    if (report.outcome.result === 'valid') {
      run.phase = 'new-key-verified';
      event(run, 'new-key-verified');
      if (run.deployments.length === 0) deploymentsDone(run);
      save(run, () => promote(run));
    }
    return { run, report };
  }

  /** The new key verified valid: it takes the old key's name (and so its references) and deployments. */
  function promote(run: RotationRun): void {
    if (!run.before || run.promoted || !run.newKeyId) return; // runs saved before this rule moved them at once
    const old = inventory.get(run.keyId);
    const day = now().slice(0, 10);
    inventory.edit(old.id, { name: `${run.before.name} (replaced ${day})` });
    inventory.edit(run.newKeyId, { name: run.before.name, deployedTo: run.before.deployedTo });
    run.promoted = true; // recorded on the run; its log keeps the phases' own events
  }

  /** Puts the old key back as it was before the run (unless it is already dead), and names the new key for what it is. */
  function restore(run: RotationRun): void {
    if (!run.before || !run.newKeyId) return;
    const old = inventory.get(run.keyId);
    if (old.status === 'revoked') return; // the new key is the one that works now: it keeps the name
    const day = now().slice(0, 10);
    inventory.edit(run.newKeyId, { name: `${run.before.name} (cancelled rotation ${day})`, deployedTo: [] });
    const { 'rotation.replacedBy': _by, ...extra } = old.extra;
    inventory.edit(old.id, { name: run.before.name, deployedTo: run.before.deployedTo, extra });
    if (old.status !== run.before.status)
      inventory.annotate(
        old.id,
        { status: run.before.status },
        { action: 'status', detail: `${run.before.status} (rotation cancelled)` },
      );
    run.promoted = false;
  }

  function tickDeployment(
    runId: string,
    place: string | 'all',
    state: 'done' | 'skipped' = 'done',
    note?: string,
  ): RotationRun {
    const run = load(runId);
    expect(run, 'new-key-verified');
    const targets = run.deployments.filter((d) => (place === 'all' ? d.state === 'todo' : d.place === place));
    if (targets.length === 0 && place !== 'all')
      throw new AppError('NOT_FOUND', `"${place}" is not a deployment of this key.`, { subject: place });
    for (const d of targets) Object.assign(d, { state, at: now(), ...(note ? { note } : {}) });
    event(run, 'deployment', `${place}: ${state}`);
    if (run.deployments.every((d) => d.state !== 'todo')) deploymentsDone(run);
    return save(run);
  }

  /** Every deployment has the new key: the outage ends; where the old key is dead already, Keyward only checks it. */
  function deploymentsDone(run: RotationRun): void {
    run.phase = 'deployments-updated';
    if (run.outage && !run.outage.endedAt) run.outage.endedAt = now();
    const def = findPlatform(inventory.get(run.keyId).platform);
    if (hasOutage(sequenceOf(run, def))) {
      run.phase = 'old-revocation-pending';
      event(run, 'revocation-pending', 'the old key died when the new one was made');
    }
  }

  /** The user is about to revoke the old key in the portal: mark it pending first. */
  function beginRevocation(runId: string): RotationRun {
    const run = load(runId);
    expect(run, 'deployments-updated');
    run.phase = 'old-revocation-pending';
    event(run, 'revocation-pending');
    const old = inventory.get(run.keyId);
    return save(
      run,
      old.status === 'revocation-pending'
        ? undefined
        : () =>
            void inventory.annotate(
              old.id,
              { status: 'revocation-pending' },
              { action: 'status', detail: 'revocation-pending' },
            ),
    );
  }

  /**
   * Verifies the old key expecting a refusal; only then is it marked revoked. A rotation then
   * verifies the new key again: it is done only when the new key works after the old one died.
   */
  async function confirmOldKeyDead(runId: string): Promise<{
    run: RotationRun;
    report: VerifyReport;
    confirmed: boolean;
    newKeyReport?: VerifyReport;
  }> {
    let run = load(runId);
    const def = findPlatform(inventory.get(run.keyId).platform);
    // Runs saved before sequences: a replace-at-once run may wait at deployments-updated.
    if (run.phase === 'deployments-updated' && hasOutage(sequenceOf(run, def))) run.phase = 'old-revocation-pending';
    expect(run, 'old-revocation-pending');
    const report = await verifier.verify(run.keyId, { previouslyValid: true });
    // Only a refusal of the key itself proves revocation: a 403 or KAI's 404 (unknown instance) does not.
    const confirmed = REVOKED_PROOF.includes(report.outcome.result);
    if (!confirmed) return { run, report, confirmed };
    event(run, 'old-key-confirmed-dead', report.outcome.result);
    if (run.kind === 'revoke' || !run.newKeyId) {
      run.phase = 'done';
      save(run, () => inventory.annotate(run.keyId, { status: 'revoked' }, { action: 'status', detail: 'revoked' }));
      return { run, report, confirmed };
    }
    run.phase = 'old-key-dead';
    const newId = run.newKeyId;
    save(run, () => {
      inventory.annotate(run.keyId, { status: 'revoked' }, { action: 'status', detail: 'revoked' });
      // The alert rules read this: a new key that fails from now on means the integrations are down.
      inventory.edit(newId, { extra: { ...inventory.get(newId).extra, 'rotation.oldKeyDeadAt': now() } });
    });
    const again = await reverifyNewKey(run.id);
    run = again.run;
    return { run, report, confirmed, newKeyReport: again.report };
  }

  /** The old key is dead: the run is done only once the new key verifies valid now. */
  async function reverifyNewKey(runId: string): Promise<{ run: RotationRun; report: VerifyReport }> {
    const run = load(runId);
    expect(run, 'old-key-dead');
    const newId = run.newKeyId as string;
    const report = await verifier.verify(newId);
    if (report.outcome.result === 'valid') {
      run.phase = 'done';
      event(run, 'new-key-verified-after-old-dead');
      save(run, () => {
        const { 'rotation.oldKeyDeadAt': _dead, ...extra } = inventory.get(newId).extra;
        inventory.edit(newId, { extra });
        inventory.annotate(newId, {}, { action: 'rotated', detail: `replaces ${run.keyId}` });
      });
    } else {
      event(run, 'new-key-failed-after-old-dead', report.outcome.result);
      save(run);
    }
    return { run, report };
  }

  /**
   * Why a cancel is refused, or null when it may go on. Once the portal action that kills the old
   * key was confirmed (KAI's Regenerate, a revoke-first delete), a cancel would put the name,
   * deployments and references back on a dead key: the only way out is to finish the rotation.
   */
  function cancelRefusal(run: RotationRun): string | null {
    if (run.kind !== 'rotate' || CLOSED.includes(run.phase) || !run.outage) return null;
    const old = inventory.get(run.keyId);
    const def = findPlatform(old.platform);
    const action =
      sequenceOf(run, def) === 'replace-at-once'
        ? `${def?.portal.regenerate?.join(' ').match(/Regenerate( API)? key/)?.[0] ?? 'Regenerate'} was confirmed`
        : 'you confirmed deleting it in the portal';
    const name = run.before?.name ?? old.name;
    return `The old key of "${name}" died when ${action}: cancelling would put its name, deployments and references back on a dead key. Finish the rotation instead (store and verify the new key, update the deployments; Keyward then confirms the old key is refused). Nothing was changed.`;
  }

  function cancel(runId: string, reason: string): RotationRun {
    const run = load(runId);
    if (CLOSED.includes(run.phase)) return run;
    const refusal = cancelRefusal(run);
    if (refusal) throw new AppError('BAD_INPUT', refusal, { subject: run.id });
    run.cancelledFrom = run.phase;
    run.phase = 'cancelled';
    event(run, 'cancelled', reason);
    if (run.kind === 'revoke') return save(run, () => restoreRevoked(run));
    return save(run, () => restore(run)); // a stored new key stays in the vault
  }

  /** A cancelled revocation: the key gets back the status it had before (active for runs saved without it). */
  function restoreRevoked(run: RotationRun): void {
    const key = inventory.get(run.keyId);
    if (key.status !== 'revocation-pending') return;
    const status = run.before?.status ?? 'active';
    inventory.annotate(key.id, { status }, { action: 'status', detail: `${status} (revocation cancelled)` });
  }

  /**
   * KAI's Regenerate (or a revoke-first delete) was pressed in the portal: the old key is dead
   * from now on, so the outage window starts here, before the paste.
   */
  function markOutageStarted(runId: string): RotationRun {
    const run = load(runId);
    expect(run, 'started');
    if (!hasOutage(sequenceOf(run, findPlatform(inventory.get(run.keyId).platform))))
      throw new AppError('BAD_INPUT', 'This rotation has no outage: the old key keeps working until you revoke it.');
    if (run.outage) return run;
    run.outage = { startedAt: now() };
    event(run, 'outage-started', 'the portal action that kills the old key was confirmed');
    return save(run);
  }

  /**
   * A key given for a run that already has its new key (a second process lost the race): kept
   * as its own record so it is never lost. Returns that record, or null when the vault already holds it.
   */
  function keepUnclaimed(runId: string, secret: KeySecret): KeyRecord | null {
    const run = load(runId);
    const old = inventory.get(run.keyId);
    const clean = { ...secret, value: normalisePastedSecret(secret.value) };
    if (clean.value === '' || inventory.holderOfSecret(clean)) return null;
    const day = now().slice(0, 10);
    return inventory.add(
      {
        platform: old.platform,
        name: `${run.before?.name ?? old.name} (unclaimed ${day})`,
        account: old.account,
        ...(old.baseUrl ? { baseUrl: old.baseUrl } : {}),
        scopes: old.scopes,
        environment: old.environment,
        owner: old.owner,
        purpose: old.purpose,
        deployedTo: [],
        tags: old.tags,
        notes: old.notes,
        createdAt: day,
        expiresAt: null,
        rotateEveryDays: old.rotateEveryDays,
        extra: { 'rotation.unclaimedFrom': run.id },
      },
      clean,
    );
  }

  function nextStep(run: RotationRun): NextStep {
    const old = inventory.get(run.keyId);
    const def = findPlatform(old.platform);
    const seq = sequenceOf(run, def);
    switch (run.phase) {
      case 'started':
        if (seq === 'replace-at-once')
          return {
            step: 'capture-new-key',
            portal: portalFor(def, 'regenerate'),
            warning: outageWarning(def, seq, old),
          };
        if (seq === 'revoke-first')
          return {
            step: 'capture-new-key',
            portal: {
              ...portalFor(def, 'create'),
              steps: [...portalFor(def, 'revoke').steps, ...portalFor(def, 'create').steps],
            },
            warning: outageWarning(def, seq, old),
          };
        return { step: 'capture-new-key', portal: portalFor(def, 'create') };
      case 'new-key-stored':
        return { step: 'verify-new-key' };
      case 'new-key-verified':
        return {
          step: 'update-deployments',
          pending: run.deployments.filter((d) => d.state === 'todo').map((d) => d.place),
        };
      case 'deployments-updated':
        return hasOutage(seq)
          ? { step: 'confirm-old-key-dead', automatic: true }
          : { step: 'revoke-in-portal', portal: portalFor(def, 'revoke') };
      case 'old-revocation-pending':
        return { step: 'confirm-old-key-dead', automatic: run.kind === 'rotate' && hasOutage(seq) };
      case 'old-key-dead':
        return { step: 'reverify-new-key' };
      case 'done':
      case 'cancelled':
        return { step: 'finished' };
    }
  }

  return {
    start,
    openFor,
    get: load,
    storeNewKey,
    verifyNewKey,
    tickDeployment,
    beginRevocation,
    confirmOldKeyDead,
    reverifyNewKey,
    cancel,
    cancelRefusal,
    nextStep,
    checkNewSecret,
    refusePastExpiry,
    markOutageStarted,
    keepUnclaimed,
    steps: (run: RotationRun) => stepsOf(run, findPlatform(inventory.get(run.keyId).platform)),
    list: (all = false) => (all ? repo.all() : repo.open()).map(decode),
  };
}
export type Rotations = ReturnType<typeof createRotations>;

function withoutLeakMark(extra: Record<string, string>): Record<string, string> {
  const { [EXTRA_KEYS.leakedAt]: _leak, ...rest } = extra;
  return rest;
}
