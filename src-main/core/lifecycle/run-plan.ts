// What a rotation or revocation will do, built before anything is written: the platform's
// step sequence, what depends on the key, the outage an at-once sequence causes and the
// choices a full key cap leaves. Both hosts show it and ask before calling rotations.start.
import type { Session } from '../app/session.js';
import { AppError } from '../errors.js';
import type { KeyRecord } from '../inventory/key.types.js';
import { findPlatform } from '../platforms/definitions/index.js';
import { checkLimits } from '../platforms/limits.js';
import { needsTypedName, outageWarning, replacesAtOnce, stepLabels } from './rotation.service.js';
import type { KeyCapChoice, RunKind, RunPlan, RunSequence } from './rotation.types.js';

const DAY_MS = 86_400_000;
const UNUSED_DAYS = 90;

/** Keys of the same platform account that still count against its cap but look unneeded. */
export function capCandidates(s: Session, key: Pick<KeyRecord, 'platform' | 'account'>, exceptId?: string) {
  const today = s.clock.now().toISOString().slice(0, 10);
  const cutoff = new Date(s.clock.now().getTime() - UNUSED_DAYS * DAY_MS).toISOString().slice(0, 10);
  const out: { id: string; name: string; why: string }[] = [];
  for (const k of s.inventory.list({ platform: key.platform }).keys) {
    if (k.account !== key.account || k.id === exceptId) continue;
    if (k.status === 'revoked')
      out.push({ id: k.id, name: k.name, why: 'revoked in Keyward: delete it from the list' });
    else if (k.status === 'expired' || (k.expiresAt !== null && k.expiresAt < today))
      out.push({ id: k.id, name: k.name, why: `expired${k.expiresAt ? ` ${k.expiresAt}` : ''}` });
    else if (k.lastUsedAt === null ? (k.createdAt ?? today) < cutoff : k.lastUsedAt < cutoff)
      out.push({
        id: k.id,
        name: k.name,
        why: k.lastUsedAt === null ? 'never used' : `unused since ${k.lastUsedAt}`,
      });
  }
  return out;
}

const activeCount = (s: Session, key: Pick<KeyRecord, 'platform' | 'account'>) =>
  s.inventory.list({ platform: key.platform, status: 'active' }).keys.filter((k) => k.account === key.account).length;

/** The cap choice a rotation of `key` faces, or undefined when the platform would accept one more key. */
export function capChoice(s: Session, key: KeyRecord): KeyCapChoice | undefined {
  const def = findPlatform(key.platform);
  if (!def || replacesAtOnce(def)) return undefined;
  const check = checkLimits(def, activeCount(s, key), key.extra['tier']);
  if (check.allowed || check.reason !== 'max-keys') return undefined;
  return {
    message: check.message,
    candidates: capCandidates(s, key, key.id),
    revokeFirstOutage: outageWarning(def, 'revoke-first', key),
  };
}

export function planRun(s: Session, keyRef: string, kind: RunKind): RunPlan {
  const key = s.inventory.get(keyRef);
  if (key.status === 'revoked') throw new AppError('BAD_INPUT', `${key.name} is already revoked.`, { subject: key.id });
  const def = findPlatform(key.platform);
  const open = s.rotations.openFor(key.id);
  const sequence: RunSequence = replacesAtOnce(def) ? 'replace-at-once' : 'overlap';
  const cap = kind === 'rotate' ? capChoice(s, key) : undefined;
  const openChecklists = s.checklists
    .runs()
    .filter((r) => r.local.keyId === key.id && r.local.finishedAt === null)
    .map((r) => ({ id: r.id, title: r.title }));
  return {
    kind,
    keyId: key.id,
    keyName: key.name,
    platform: def?.displayName ?? 'custom',
    sequence,
    steps: stepLabels(def, kind, sequence),
    dependants: {
      deployments: [...key.deployedTo],
      environment: key.environment,
      lastUsedAt: key.lastUsedAt,
      openChecklists,
    },
    typeNameToConfirm: kind === 'revoke' && needsTypedName(key),
    ...(kind === 'rotate' && sequence === 'replace-at-once'
      ? { outageWarning: outageWarning(def, sequence, key) }
      : {}),
    ...(cap ? { cap } : {}),
    ...(open ? { openRunId: open.id } : {}),
  };
}
