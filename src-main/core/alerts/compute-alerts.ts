// computeAlerts: one pure pass from inventory + settings + now to alerts, plus the
// account-wide rules (key caps, duplicate secrets), snooze/ack filtering and the
// CI exit code. No I/O, no clock reads, never sees or compares a secret.
import type { KeyRecord, PlatformId } from '../inventory/key.types.js';
import type { Alert, AlertSeverity, AlertState, ComputeAlertsInput, PlatformLimits } from './alert.types.js';
import { DEFAULT_PLATFORM_LIMITS } from './alert.types.js';
import type { DayNumber } from './calendar-date.js';
import { dayResolver, parseDay } from './calendar-date.js';
import { keyFacts, policyResolver } from './key-policy.js';
import type { RuleContext } from './hygiene-rules.js';
import { keyRules } from './key-rules.js';
import { push } from './make-alert.js';
import { checklistAlerts } from './checklist-rules.js';

type CapGroup = { platform: PlatformId; count: number; pick: KeyRecord | null; pickDay: number };

// Keys that still exist on the platform and so count against its cap.
function countsAgainstCap(key: KeyRecord): boolean {
  return key.status === 'active' || key.status === 'revocation-pending';
}

function capAlerts(groups: Map<string, CapGroup>, limits: PlatformLimits, out: Alert[]): void {
  for (const g of groups.values()) {
    const cap = limits[g.platform];
    if (cap === undefined || g.pick === null || g.count < cap - 1) continue;
    const isFull = g.count >= cap;
    const full = isFull ? ': a rotation cannot create a new key' : '';
    const reason = `This platform account holds ${g.count} keys and the platform allows ${cap}${full}. This is its least recently used key: revoke it if nothing needs it.`;
    push(out, g.pick, 'near-key-cap', isFull ? 'warning' : 'info', 'revoke', reason, {
      threshold: isFull ? cap : cap - 1,
    });
  }
}

function byAge(a: KeyRecord, b: KeyRecord): number {
  if (a.recordCreatedAt !== b.recordCreatedAt) return a.recordCreatedAt < b.recordCreatedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// SECURITY: groups arrive precomputed by keyed hash; this module only sees ids.
function duplicateAlerts(groups: string[][], found: Map<string, KeyRecord>, out: Alert[]): void {
  for (const ids of groups) {
    const members = [...new Set(ids)].flatMap((id) => found.get(id) ?? []).sort(byAge);
    const first = members[0];
    if (first === undefined || members.length < 2) continue;
    for (const key of members.slice(1)) {
      const reason = `Holds the same secret as "${first.name}", stored earlier: keep one record and delete the other.`;
      push(out, key, 'duplicate-secret', 'warning', 'review', reason);
    }
  }
}

/** SECURITY: act now: whoever reads the file or repository holds the key. Names places, never a value. */
function plaintextAlert(key: KeyRecord, copies: { count: number; first: string }, out: Alert[]): void {
  const more = copies.count > 1 ? ` and ${copies.count - 1} more place${copies.count > 2 ? 's' : ''}` : '';
  const reason = `Found in plaintext at ${copies.first}${more}: rotate it, remove the copy, then scan again.`;
  push(out, key, 'found-in-plaintext', 'critical', 'rotate', reason);
}

/** Every alert that stands for these keys at `now`, in key order (see sortAlerts for display). */
export function computeAlerts(keys: readonly KeyRecord[], input: ComputeAlertsInput): Alert[] {
  const nowMs = input.now.getTime();
  const days = dayResolver(input.timeZone);
  const ctx: RuleContext = { today: days.dayOf(nowMs), nowMs, days, settings: input.settings };
  const policyFor = policyResolver(input.settings);
  const limits = input.platformLimits ?? DEFAULT_PLATFORM_LIMITS;
  const dupGroups = input.duplicateGroups ?? [];
  const dupIds = new Set(dupGroups.flat());
  const dupFound = new Map<string, KeyRecord>();
  const capGroups = new Map<PlatformId, Map<string, CapGroup>>();
  const out: Alert[] = [];

  for (const key of keys) {
    const last = keyRules(key, policyFor(key), keyFacts(key), ctx, out);
    const copies = input.plaintext?.get(key.id);
    if (copies && key.status !== 'revoked') plaintextAlert(key, copies, out);
    if (dupIds.size > 0 && dupIds.has(key.id)) dupFound.set(key.id, key);
    if (limits[key.platform] === undefined || !countsAgainstCap(key)) continue;
    let accounts = capGroups.get(key.platform);
    if (accounts === undefined) capGroups.set(key.platform, (accounts = new Map()));
    let g = accounts.get(key.account);
    if (g === undefined)
      accounts.set(key.account, (g = { platform: key.platform, count: 0, pick: null, pickDay: Infinity }));
    g.count++;
    // Least recently used active key; never used counts as oldest, ties go to the lower id.
    const day = key.status === 'active' ? (last ?? -Infinity) : Infinity;
    if (g.pick === null || day < g.pickDay || (day === g.pickDay && key.id < g.pick.id)) {
      g.pick = key;
      g.pickDay = day;
    }
  }
  for (const accounts of capGroups.values()) capAlerts(accounts, limits, out);
  if (dupFound.size > 0) duplicateAlerts(dupGroups, dupFound, out);
  if (input.checklists) checklistAlerts(input.checklists, ctx.today, out);
  return out;
}

function isSnoozed(until: string | undefined, today: DayNumber, nowMs: number): boolean {
  if (until === undefined) return false;
  const day = parseDay(until);
  if (day !== null) return today < day;
  const ms = Date.parse(until);
  return !Number.isNaN(ms) && nowMs < ms;
}

/** Hides acknowledged alerts and those snoozed until a later date (shown again on that date). */
export function applyAlertState(alerts: readonly Alert[], state: AlertState, now: Date, timeZone?: string): Alert[] {
  const acks = new Set(state.acks);
  const nowMs = now.getTime();
  const today = dayResolver(timeZone).dayOf(nowMs);
  return alerts.filter(
    (a) => !acks.has(a.id) && !(Object.hasOwn(state.snoozes, a.id) && isSnoozed(state.snoozes[a.id], today, nowMs)),
  );
}

/** CI exit status of `keyward check`: 1 when any warning or critical alert stands. */
export function alertExitCode(alerts: readonly Alert[]): 0 | 1 {
  return alerts.some((a) => a.severity !== 'info') ? 1 : 0;
}

const SEVERITY_RANK: Record<AlertSeverity, number> = { critical: 0, warning: 1, info: 2 };

/** Display order: most severe first, then soonest due, then key name and id. */
/** String.prototype.localeCompare builds its collator per call; one kept collator orders names the same way. */
let names: Intl.Collator | null = null;
export function sortAlerts(alerts: readonly Alert[]): Alert[] {
  names ??= new Intl.Collator();
  const byName = names.compare;
  return [...alerts].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      ((a.dueDate ?? '9999') < (b.dueDate ?? '9999') ? -1 : (a.dueDate ?? '9999') > (b.dueDate ?? '9999') ? 1 : 0) ||
      byName(a.keyName, b.keyName) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}
