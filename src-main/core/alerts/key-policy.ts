// Resolves the alert policy that applies to one key (global -> platform -> key
// overrides) and reads the dated facts the rules need from a key record.
// Pure and cheap: policies are resolved once per platform, facts in one history scan.
import type { KeyRecord, PlatformId } from '../inventory/key.types.js';
import type { AlertOverrides, AlertSettings } from './alert.types.js';
import { EXTRA_KEYS } from './alert.types.js';
import type { DayNumber, DayResolver } from './calendar-date.js';
import { laterIso, parseDay } from './calendar-date.js';

export type KeyPolicy = {
  /** Ascending, unique, whole days >= 0. */
  thresholds: readonly number[];
  unusedDays: number;
  rotateEveryDays: number | null;
};

function normaliseThresholds(list: readonly number[]): number[] | undefined {
  const ok = list.filter((n) => Number.isInteger(n) && n >= 0);
  if (ok.length !== list.length) return undefined;
  return [...new Set(ok)].sort((a, b) => a - b);
}

function positiveInt(n: number | undefined): number | undefined {
  return n !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
}

function merge(base: KeyPolicy, o: AlertOverrides | undefined): KeyPolicy {
  if (o === undefined) return base;
  const thresholds = o.expiryThresholdsDays && normaliseThresholds(o.expiryThresholdsDays);
  return {
    thresholds: thresholds ?? base.thresholds,
    unusedDays: positiveInt(o.unusedDays) ?? base.unusedDays,
    rotateEveryDays:
      o.rotateEveryDays === undefined ? base.rotateEveryDays : (positiveInt(o.rotateEveryDays ?? undefined) ?? null),
  };
}

/** Overrides written on the key itself (KeyMeta.extra); malformed values are ignored. */
function extraOverrides(extra: Record<string, string>): AlertOverrides | undefined {
  const t = extra[EXTRA_KEYS.expiryThresholdsDays];
  const u = extra[EXTRA_KEYS.unusedDays];
  if (t === undefined && u === undefined) return undefined;
  const o: AlertOverrides = {};
  if (t !== undefined) {
    const parts = t.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
    const list = normaliseThresholds(parts);
    if (list) o.expiryThresholdsDays = list;
  }
  if (u !== undefined && positiveInt(Number(u)) !== undefined) o.unusedDays = Number(u);
  return o;
}

export type PolicyResolver = (key: KeyRecord) => KeyPolicy;

/** Precedence: forced > settings.perKey > KeyMeta.extra > KeyMeta.rotateEveryDays > perPlatform > defaults. */
export function policyResolver(settings: AlertSettings): PolicyResolver {
  const global: KeyPolicy = {
    thresholds: normaliseThresholds(settings.expiryThresholdsDays) ?? [30, 7, 1],
    unusedDays: positiveInt(settings.unusedDays) ?? 90,
    rotateEveryDays: null,
  };
  const byPlatform = new Map<PlatformId, KeyPolicy>();
  const platformPolicy = (p: PlatformId): KeyPolicy => {
    let pol = byPlatform.get(p);
    if (pol === undefined) {
      const rot = positiveInt(settings.rotationDefaultsDays[p]) ?? null;
      pol = merge({ ...global, rotateEveryDays: rot }, settings.perPlatform[p]);
      byPlatform.set(p, pol);
    }
    return pol;
  };
  // Keys that only set their own rotation share one policy object per (platform, days).
  const withRotation = new Map<string, KeyPolicy>();
  const ownRotation = (p: PlatformId, days: number): KeyPolicy => {
    const id = `${p}:${days}`;
    let pol = withRotation.get(id);
    if (pol === undefined) withRotation.set(id, (pol = { ...platformPolicy(p), rotateEveryDays: days }));
    return pol;
  };
  const hasPerKey = Object.keys(settings.perKey).length > 0;
  return (key) => {
    const own = positiveInt(key.rotateEveryDays ?? undefined);
    const pol = merge(
      own === undefined ? platformPolicy(key.platform) : ownRotation(key.platform, own),
      extraOverrides(key.extra),
    );
    const keyed = hasPerKey && Object.hasOwn(settings.perKey, key.id) ? merge(pol, settings.perKey[key.id]) : pol;
    return merge(keyed, settings.forced);
  };
}

/**
 * Settings for `keyward check --within DAYS --unused-for DAYS`: the flags win over
 * every other override. --within keeps the default thresholds up to DAYS and adds DAYS.
 */
export function checkOverrides(
  settings: AlertSettings,
  flags: { withinDays?: number; unusedForDays?: number },
): AlertSettings {
  const forced: AlertOverrides = { ...settings.forced };
  const within = flags.withinDays;
  if (within !== undefined && Number.isInteger(within) && within >= 0)
    forced.expiryThresholdsDays = [...settings.expiryThresholdsDays.filter((t) => t <= within), within];
  if (positiveInt(flags.unusedForDays) !== undefined) forced.unusedDays = flags.unusedForDays;
  return { ...settings, forced };
}

/** History actions that count as Keyward using the secret (run, read, clip), or replacing it. */
const USE_ACTIONS = new Set(['copied', 'revealed', 'used']);
const SECRET_CHANGE_ACTIONS = new Set(['secret-changed', 'rotated']);

export type KeyFacts = {
  /** Latest ISO instant Keyward saw the key used: valid verification, copy, reveal. */
  lastUseIso: string | null;
  /** Latest ISO instant the secret was replaced in this record. */
  secretChangedIso: string | null;
  /** When revocation was started (history), if recorded. */
  pendingSinceIso: string | null;
};

/** The latest time Keyward itself handed out the secret (run, read, clip, reveal), from the sealed history. */
export function localLastUse(key: KeyRecord): { at: string; action: string; detail?: string } | null {
  let last: { at: string; action: string; detail?: string } | null = null;
  for (const h of key.history)
    if (USE_ACTIONS.has(h.action) && (last === null || h.at >= last.at))
      last = { at: h.at, action: h.action, ...(h.detail ? { detail: h.detail } : {}) };
  return last;
}

/**
 * What "last used" shows: the platform's last-used date, or Keyward's own last use when that is
 * as late or later (an ISO instant), so a key served by `run` never reads as unused.
 */
export function lastUsedShown(key: KeyRecord): string | null {
  const local = localLastUse(key)?.at ?? null;
  if (local === null) return key.lastUsedAt;
  return key.lastUsedAt !== null && key.lastUsedAt > local.slice(0, 10) ? key.lastUsedAt : local;
}

/** One scan of a key's history and verification. */
export function keyFacts(key: KeyRecord): KeyFacts {
  let lastUseIso: string | null = null;
  let secretChangedIso: string | null = null;
  let pendingSinceIso: string | null = null;
  const v = key.lastVerification;
  if (v !== null && v.result === 'valid') lastUseIso = v.at;
  for (const h of key.history) {
    if (USE_ACTIONS.has(h.action)) lastUseIso = laterIso(lastUseIso, h.at);
    else if (SECRET_CHANGE_ACTIONS.has(h.action)) secretChangedIso = laterIso(secretChangedIso, h.at);
    else if (h.action === 'revocation-pending' || (h.action === 'status' && h.detail?.includes('revocation-pending')))
      pendingSinceIso = laterIso(pendingSinceIso, h.at);
  }
  return { lastUseIso, secretChangedIso, pendingSinceIso };
}

function laterDay(a: DayNumber | null, b: DayNumber | null): DayNumber | null {
  if (a === null) return b;
  return b === null || a >= b ? a : b;
}

/** Last day the key was used, from the recorded date and Keyward's own log. */
export function lastUsedDay(key: KeyRecord, facts: KeyFacts, days: DayResolver): DayNumber | null {
  return laterDay(parseDay(key.lastUsedAt), days.dayOfIso(facts.lastUseIso));
}

/** The platform's creation date, else the day the record was made. */
export function createdDay(key: KeyRecord, days: DayResolver): DayNumber | null {
  return parseDay(key.createdAt) ?? days.dayOfIso(key.recordCreatedAt);
}

/** Day the key is due for rotation: age counted from creation or the last secret change. */
export function rotationDueDay(key: KeyRecord, pol: KeyPolicy, facts: KeyFacts, days: DayResolver): DayNumber | null {
  if (pol.rotateEveryDays === null) return null;
  const base = laterDay(createdDay(key, days), days.dayOfIso(facts.secretChangedIso));
  return base === null ? null : base + pol.rotateEveryDays;
}
