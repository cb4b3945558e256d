// Rotation and revocation, one saved phase at a time:
//   rotate: started -> new-key-stored -> new-key-verified -> deployments-updated -> old-revocation-pending -> done
//   revoke: old-revocation-pending -> done
// Each transition is one transaction; a newly shown key is stored before anything
// else happens, and no failure after that loses it. The old key is marked revoked
// only once the platform refuses it.
import { randomUUID } from 'node:crypto';
import { openJson, sealJson, slotAad } from '../crypto/aead.js';
import { createRotationsRepo, type RotationRow } from '../db/rotations.repo.js';
import { AppError } from '../errors.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { KeyRecord, KeySecret } from '../inventory/key.types.js';
import { findPlatform } from '../platforms/definitions/index.js';
import type { PlatformDefinition } from '../platforms/platform.types.js';
import type { Clock } from '../ports/clock.port.js';
import type { Vault } from '../vault/vault.js';
import type { NextStep, PortalInstructions, RotationRun, RunKind, RunPhase } from './rotation.types.js';
import type { Verifier, VerifyReport } from './verification.service.js';

export type NewKeyFacts = { expiresAt?: string | null; scopes?: string[]; extra?: Record<string, string> };

const CLOSED: readonly RunPhase[] = ['done', 'cancelled'];
const REVOKED_PROOF: readonly string[] = ['invalid', 'revoked', 'retired'];

export function portalFor(def: PlatformDefinition | undefined, action: 'create' | 'revoke'): PortalInstructions {
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
    steps: def.portal[action],
    notes: def.portal.notes ?? [],
  };
}

/** KAI-like platforms: making a new key kills the current one at once. */
export const replacesAtOnce = (def: PlatformDefinition | undefined) =>
  def?.limits.maxActiveKeys?.newKeyReplacesCurrent === true;

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

  function start(keyRef: string, kind: RunKind): RotationRun {
    const key = inventory.get(keyRef);
    const existing = openFor(key.id);
    if (existing) return existing; // resume, never start a second run for the same key
    if (key.status === 'revoked')
      throw new AppError('BAD_INPUT', `${key.name} is already revoked.`, { subject: key.id });
    const at = now();
    const run: RotationRun = {
      id: randomUUID(),
      kind,
      keyId: key.id,
      phase: kind === 'rotate' ? 'started' : 'old-revocation-pending',
      deployments: key.deployedTo.map((place) => ({ place, state: 'todo' })),
      log: [{ at, event: 'started' }],
      createdAt: at,
      updatedAt: at,
    };
    if (kind === 'revoke') {
      return save(
        run,
        () =>
          void inventory.annotate(
            key.id,
            { status: 'revocation-pending' },
            { action: 'status', detail: 'revocation-pending' },
          ),
        true,
      );
    }
    return save(run, undefined, true);
  }

  /** Stores the replacement key at once, in the same transaction as the phase change. */
  function storeNewKey(
    runId: string,
    secret: KeySecret,
    facts: NewKeyFacts = {},
    via: 'api' | 'portal' = 'portal',
  ): { run: RotationRun; newKey: KeyRecord } {
    const run = load(runId);
    expect(run, 'started');
    const old = inventory.get(run.keyId);
    const def = findPlatform(old.platform);
    const day = now().slice(0, 10);
    let newKey: KeyRecord | undefined;
    run.phase = 'new-key-stored';
    run.createdVia = via;
    if (replacesAtOnce(def)) run.outage = { startedAt: now() };
    save(run, () => {
      newKey = inventory.add(
        {
          platform: old.platform,
          name: old.name,
          account: old.account,
          ...(old.baseUrl ? { baseUrl: old.baseUrl } : {}),
          scopes: facts.scopes ?? old.scopes,
          environment: old.environment,
          owner: old.owner,
          purpose: old.purpose,
          deployedTo: old.deployedTo,
          tags: old.tags,
          notes: old.notes,
          createdAt: day,
          expiresAt: facts.expiresAt ?? null,
          rotateEveryDays: old.rotateEveryDays,
          extra: { ...old.extra, ...facts.extra, 'rotation.replaces': old.id },
        },
        secret,
      );
      run.newKeyId = newKey.id;
      event(run, 'new-key-stored', via);
      inventory.edit(old.id, {
        name: `${old.name} (replaced ${day})`,
        extra: { ...old.extra, 'rotation.replacedBy': newKey.id },
      });
      if (replacesAtOnce(def))
        inventory.annotate(
          old.id,
          { status: 'revocation-pending' },
          { action: 'status', detail: 'revocation-pending' },
        );
    });
    return { run, newKey: newKey as KeyRecord };
  }

  async function verifyNewKey(runId: string): Promise<{ run: RotationRun; report: VerifyReport }> {
    const run = load(runId);
    expect(run, 'new-key-stored');
    const report = await verifier.verify(run.newKeyId as string);
    if (report.outcome.result === 'valid') {
      run.phase = 'new-key-verified';
      event(run, 'new-key-verified');
      if (run.deployments.length === 0) {
        run.phase = 'deployments-updated';
        if (run.outage && !run.outage.endedAt) run.outage.endedAt = now();
      }
      save(run);
    }
    return { run, report };
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
    if (run.deployments.every((d) => d.state !== 'todo')) {
      run.phase = 'deployments-updated';
      if (run.outage && !run.outage.endedAt) run.outage.endedAt = now();
    }
    return save(run);
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

  /** Verifies the old key expecting a refusal; only then is it marked revoked and the run closed. */
  async function confirmOldKeyDead(
    runId: string,
  ): Promise<{ run: RotationRun; report: VerifyReport; confirmed: boolean }> {
    const run = load(runId);
    expect(run, 'old-revocation-pending');
    const report = await verifier.verify(run.keyId, { previouslyValid: true });
    // Only a refusal of the key itself proves revocation: a 403 or KAI's 404 (unknown instance) does not.
    const confirmed = REVOKED_PROOF.includes(report.outcome.result);
    if (confirmed) {
      run.phase = 'done';
      event(run, 'old-key-confirmed-dead', report.outcome.result);
      save(run, () => {
        inventory.annotate(run.keyId, { status: 'revoked' }, { action: 'status', detail: 'revoked' });
        if (run.newKeyId) inventory.annotate(run.newKeyId, {}, { action: 'rotated', detail: `replaces ${run.keyId}` });
      });
    }
    return { run, report, confirmed };
  }

  function cancel(runId: string, reason: string): RotationRun {
    const run = load(runId);
    if (CLOSED.includes(run.phase)) return run;
    run.phase = 'cancelled';
    event(run, 'cancelled', reason);
    return save(run); // a stored new key stays in the vault
  }

  function nextStep(run: RotationRun): NextStep {
    const old = inventory.get(run.keyId);
    const def = findPlatform(old.platform);
    switch (run.phase) {
      case 'started':
        return replacesAtOnce(def)
          ? {
              step: 'capture-new-key',
              portal: portalFor(def, 'revoke'),
              warning: `${def?.displayName ?? 'The platform'} revokes the current key the moment a new one is made: every deployment is down until it has the new key.`,
            }
          : { step: 'capture-new-key', portal: portalFor(def, 'create') };
      case 'new-key-stored':
        return { step: 'verify-new-key' };
      case 'new-key-verified':
        return {
          step: 'update-deployments',
          pending: run.deployments.filter((d) => d.state === 'todo').map((d) => d.place),
        };
      case 'deployments-updated':
        return { step: 'revoke-in-portal', portal: portalFor(def, 'revoke') };
      case 'old-revocation-pending':
        return { step: 'confirm-old-key-dead' };
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
    cancel,
    nextStep,
    list: (all = false) => (all ? repo.all() : repo.open()).map(decode),
  };
}
export type Rotations = ReturnType<typeof createRotations>;
