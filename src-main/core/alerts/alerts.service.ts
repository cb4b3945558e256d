// Alerts of an unlocked vault: computes them from the inventory, keeps the user's
// alert settings, snoozes and acknowledgements sealed in the vault, and writes the
// small locked-state notification schedule beside it (docs/ALERTS.md says what it reveals).
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../errors.js';
import { writeSideFile } from '../files/side-file.js';
import type { Inventory } from '../inventory/inventory.service.js';
import type { Clock } from '../ports/clock.port.js';
import type { Settings } from '../settings/settings.service.js';
import {
  DEFAULT_ALERT_SETTINGS,
  EMPTY_ALERT_STATE,
  type Alert,
  type AlertOverrides,
  type AlertSettings,
  type AlertState,
} from './alert.types.js';
import { dayResolver, formatDay, machineTimeZone, parseDay } from './calendar-date.js';
import { applyAlertState, computeAlerts, sortAlerts } from './compute-alerts.js';
import { checkOverrides } from './key-policy.js';
import type { ChecklistDue } from './alert.types.js';
import { buildNotificationSchedule, parseScheduleEntries, spliceSchedule, type ScheduleEntry } from './schedule.js';
import type { Standing, StandingState } from './schedule.js';
import type { KeyRecord } from '../inventory/key.types.js';
import type { AttentionSummary, KeyAttention } from './key-state.js';
import { attentionByKey, countAttention, neverVerifiedId } from './key-state.js';
import { readFindings } from '../scan/findings.js';
import type { PlaintextFinding } from '../../contract/scan.js';

/** Reasons the schedule's own entries carry by their dates (expiries and rotation dates of active keys). */
const DATED_KINDS: ReadonlySet<string> = new Set(['expiring', 'expired-active', 'rotation-due']);

function plaintextByKey(findings: readonly PlaintextFinding[]): Map<string, { count: number; first: string }> {
  const m = new Map<string, { count: number; first: string }>();
  for (const f of findings) {
    const prev = m.get(f.keyId);
    const where = `${f.path}${f.line > 0 ? `:${f.line}` : ' (in the name)'}${f.commit ? ` (commit ${f.commit.slice(0, 12)})` : ''}`;
    m.set(f.keyId, { count: (prev?.count ?? 0) + 1, first: prev?.first ?? where });
  }
  return m;
}

const days = z.number().int().min(0).max(3650);
const overrides = z
  .object({
    expiryThresholdsDays: z.array(days).max(10).optional(),
    unusedDays: days.optional(),
    rotateEveryDays: days.nullable().optional(),
  })
  .strict();
const platformMap = <T extends z.ZodType>(v: T) => z.record(z.string(), v);

export const AlertSettingsSchema = z.object({
  expiryThresholdsDays: z.array(days).min(1).max(10),
  unusedDays: days,
  rotationDefaultsDays: platformMap(days),
  expirySupport: platformMap(z.enum(['mandatory', 'optional'])),
  perPlatform: platformMap(overrides),
  perKey: z.record(z.string(), overrides),
});
export const AlertStateSchema = z.object({ snoozes: z.record(z.string(), z.string()), acks: z.array(z.string()) });
export const ScheduleOptionsSchema = z.object({ includeNames: z.boolean() });

const dateOrInstant = z.string().refine((s) => /^\d{4}-\d{2}-\d{2}/.test(s) && !Number.isNaN(Date.parse(s)), {
  message: 'must be a date YYYY-MM-DD',
});

export type AlertQuery = { withinDays?: number; unusedForDays?: number; includeHidden?: boolean; timeZone?: string };

export function createAlerts(deps: {
  inventory: Inventory;
  settings: Settings;
  clock: Clock;
  schedulePath?: string;
  /** Open rotation checklists, read at each computation. */
  checklists?: () => ChecklistDue[];
}) {
  const { inventory, settings, clock } = deps;
  const readSettings = (): AlertSettings =>
    settings.get('alerts.settings', AlertSettingsSchema, DEFAULT_ALERT_SETTINGS) as AlertSettings;
  const readState = (): AlertState => settings.get('alerts.state', AlertStateSchema, EMPTY_ALERT_STATE);
  const writeState = (s: AlertState) => settings.put('alerts.state', AlertStateSchema, s);

  /**
   * The last computation over every key, kept for the next one in the same moment: a command asks for the
   * keys' attention (its output) and the schedule's standing reasons (after it) from the same alerts.
   */
  let last: { keys: readonly KeyRecord[]; inputs: string; at: number; all: Alert[] } | null = null;
  const REUSE_MS = 2000;
  const sameKeys = (a: readonly KeyRecord[], b: readonly KeyRecord[]) =>
    a.length === b.length && a.every((k, i) => k === b[i]);

  /** `duplicateGroups`: given when only some keys are open (the vault's groups open every key). */
  function compute(q: AlertQuery = {}, keys?: readonly KeyRecord[], duplicateGroups?: string[][]): Alert[] {
    const s = checkOverrides(readSettings(), { withinDays: q.withinDays, unusedForDays: q.unusedForDays });
    const now = clock.now();
    const plaintext = readFindings(settings);
    const checklists = deps.checklists?.() ?? [];
    // With the vault's own duplicate groups, `keys` are every key (the callers pass inventory.list()).
    const whole = duplicateGroups === undefined;
    const listed = keys ?? inventory.list().keys;
    // Every input but the keys, which are compared by identity (an opened record is never changed in place).
    const inputs = whole ? JSON.stringify([s, q.timeZone ?? machineTimeZone(), plaintext, checklists]) : '';
    const day = (ms: number) => dayResolver(q.timeZone).dayOf(ms);
    let all: Alert[];
    if (
      whole &&
      last !== null &&
      last.inputs === inputs &&
      Math.abs(now.getTime() - last.at) < REUSE_MS &&
      day(now.getTime()) === day(last.at) &&
      sameKeys(last.keys, listed)
    )
      all = last.all;
    else {
      all = computeAlerts(listed, {
        settings: s,
        now,
        timeZone: q.timeZone,
        duplicateGroups: duplicateGroups ?? inventory.duplicateGroups(),
        plaintext: plaintextByKey(plaintext),
        checklists,
      });
      if (whole) last = { keys: listed, inputs, at: now.getTime(), all };
    }
    return sortAlerts(q.includeHidden ? all : applyAlertState(all, readState(), now, q.timeZone));
  }

  /**
   * The attention of every key (core/alerts/key-state.ts), snoozed and acknowledged alerts left
   * out: the one computation behind every count of keys needing action.
   */
  function attention(q: AlertQuery = {}): { keys: KeyRecord[]; byKey: Map<string, KeyAttention>; alerts: Alert[] } {
    const keys = inventory.list().keys;
    const all = compute({ ...q, includeHidden: true }, keys);
    const byKey = attentionByKey(keys, all, clock.now(), {
      ...(q.includeHidden ? {} : { alertState: readState() }),
      ...(q.timeZone !== undefined ? { timeZone: q.timeZone } : {}),
    });
    return { keys, byKey, alerts: q.includeHidden ? all : applyAlertState(all, readState(), clock.now(), q.timeZone) };
  }

  /** The attention of just these keys from their own alerts (a command that opened only them; no cross-key rule). */
  function attentionOf(only: readonly KeyRecord[]): Map<string, KeyAttention> {
    const found = compute({ includeHidden: true }, only, []);
    return attentionByKey(only, found, clock.now(), { alertState: readState() });
  }

  /**
   * The keys needing action for a reason the schedule's dates cannot tell, for its `attention`
   * entries. `only`: just these keys (a command that opened only them); their cross-key reasons (a
   * full key cap) are then seen at the next whole rebuild.
   */
  function standing(only?: readonly KeyRecord[]): Map<string, Standing> {
    const keys = only ?? inventory.list().keys;
    const found =
      only === undefined ? compute({ includeHidden: true }, keys) : compute({ includeHidden: true }, only, []);
    // Every reason, snoozed ones included, so a snoozed reason's entry is dated its snooze's end.
    const byKey = attentionByKey(keys, found, clock.now());
    const state = readState();
    const acks = new Set(state.acks);
    const today = dayResolver().dayOf(clock.now().getTime());
    const worst = (a: StandingState | undefined, b: StandingState): StandingState =>
      a === 'act-now' || b === 'act-now' ? 'act-now' : 'due-soon';
    const out = new Map<string, Standing>();
    for (const [id, a] of byKey) {
      const st: Standing = {};
      for (const r of a.reasons) {
        if (DATED_KINDS.has(r.kind) || (r.state !== 'act-now' && r.state !== 'due-soon')) continue;
        if (r.alertId !== undefined && acks.has(r.alertId)) continue;
        const until =
          r.alertId !== undefined && Object.hasOwn(state.snoozes, r.alertId) ? state.snoozes[r.alertId] : undefined;
        const end = parseDay(until) ?? dayResolver().dayOfIso(until ?? null);
        if (end !== null && end > today) {
          const prev = st.snoozed;
          st.snoozed = {
            state: worst(prev?.state, r.state),
            until: prev === undefined ? end : Math.min(prev.until, end),
          };
        } else st.now = worst(st.now, r.state);
      }
      if (st.now !== undefined || st.snoozed !== undefined) out.set(id, st);
    }
    return out;
  }

  /** Ids of reasons that are no alert of a rule but can be snoozed like one (never verified). */
  const reasonIds = (keys: readonly KeyRecord[]): string[] =>
    keys.filter((k) => k.status === 'active' && k.lastVerification === null).map((k) => neverVerifiedId(k.id));

  /** A current alert's full id from its id or a unique prefix of it (as for keys); `extra`: other known ids. */
  function resolveId(ref: string, extra: readonly string[] = []): string {
    const keys = inventory.list().keys;
    const ids = new Set([...compute({ includeHidden: true }, keys).map((a) => a.id), ...reasonIds(keys), ...extra]);
    if (ids.has(ref)) return ref;
    const matches = ref.length >= 4 ? [...ids].filter((id) => id.startsWith(ref)) : [];
    if (matches.length === 1) return matches[0] as string;
    if (matches.length > 1)
      throw new AppError(
        'AMBIGUOUS',
        `"${ref}" starts ${matches.length} alert ids (${matches.slice(0, 3).join(', ')}${matches.length > 3 ? ', ...' : ''}); type more of one.`,
        { subject: ref },
      );
    throw new AppError('NOT_FOUND', `No current alert with id "${ref}".`, { subject: ref });
  }

  /** A snooze must end after today (or after now, for an instant): an earlier end hides nothing. */
  function checkSnoozeEnd(until: string): void {
    const now = clock.now();
    const day = parseDay(until);
    const today = dayResolver().dayOf(now.getTime());
    const isPast = day !== null ? day <= today : Date.parse(until) <= now.getTime();
    if (isPast)
      throw new AppError(
        'BAD_INPUT',
        `Snooze until a day after today (${formatDay(today)}): ${until} is not in the future.`,
        { subject: 'until' },
      );
  }

  function snoozeEnd(days: number): string {
    const today = dayResolver().dayOf(clock.now().getTime());
    return formatDay(today + days);
  }

  return {
    list: (q: AlertQuery = {}) => compute(q),
    attention,
    summary: (q: AlertQuery = {}): AttentionSummary => countAttention(attention(q).byKey.values()),
    /**
     * Snoozes (for `days`, default 7) or acknowledges a selection in one write: alert ids as
     * they are, or key ids standing for every reason their key shows now. Ids that no longer
     * exist (a key deleted meanwhile, an alert that stopped standing) are skipped and named in
     * `skipped`; the rest is acted on, so one stale id cannot jam a selection.
     */
    bulk(sel: { ids: readonly string[]; of: 'alerts' | 'keys'; op: 'snooze' | 'acknowledge'; days?: number }): {
      state: AlertState;
      alertIds: string[];
      skipped: string[];
    } {
      const { keys, byKey } = attention();
      let alertIds: string[];
      const skipped: string[] = [];
      if (sel.of === 'keys') {
        alertIds = sel.ids.flatMap((keyId) => {
          const a = byKey.get(keyId);
          if (a === undefined) {
            skipped.push(keyId);
            return [];
          }
          return a.reasons.flatMap((r) => (r.alertId === undefined ? [] : [r.alertId]));
        });
      } else {
        const known = new Set([...compute({ includeHidden: true }, keys).map((a) => a.id), ...reasonIds(keys)]);
        alertIds = sel.ids.filter((id) => known.has(id) || (skipped.push(id), false));
      }
      alertIds = [...new Set(alertIds)];
      const s = readState();
      if (alertIds.length === 0) return { state: s, alertIds, skipped };
      if (sel.op === 'acknowledge')
        return { state: writeState({ ...s, acks: [...new Set([...s.acks, ...alertIds])] }), alertIds, skipped };
      const until = snoozeEnd(sel.days ?? 7);
      const snoozes = { ...s.snoozes };
      for (const id of alertIds) snoozes[id] = until;
      return { state: writeState({ ...s, snoozes }), alertIds, skipped };
    },
    settings: readSettings,
    saveSettings: (next: AlertSettings) => settings.put('alerts.settings', AlertSettingsSchema, next) as AlertSettings,
    setKeyOverride(keyId: string, o: AlertOverrides): AlertSettings {
      const s = readSettings();
      return settings.put('alerts.settings', AlertSettingsSchema, {
        ...s,
        perKey: { ...s.perKey, [keyId]: overrides.parse(o) },
      }) as AlertSettings;
    },
    state: readState,
    attentionOf,
    resolveId,
    /** `ref`: an alert id or a unique prefix of one. */
    snooze(ref: string, until: string): AlertState {
      const alertId = resolveId(ref);
      const parsed = dateOrInstant.safeParse(until);
      if (!parsed.success)
        throw new AppError('BAD_INPUT', 'Snooze until a date written YYYY-MM-DD.', { subject: 'until' });
      // Date.parse rolls 2027-02-30 over to March; the day must exist, as for a key's expiry date.
      if (parseDay(until.slice(0, 10)) === null)
        throw new AppError('BAD_INPUT', `Snooze until a real day: ${until.slice(0, 10)} is not a real calendar date.`, {
          subject: 'until',
        });
      checkSnoozeEnd(until);
      const s = readState();
      return writeState({ ...s, snoozes: { ...s.snoozes, [alertId]: until } });
    },
    acknowledge(ref: string): AlertState {
      const alertId = resolveId(ref);
      const s = readState();
      return writeState({ ...s, acks: [...new Set([...s.acks, alertId])] });
    },
    /** Clears the user's snooze and acknowledgement of one alert (one no longer current too). */
    reopen(ref: string): AlertState {
      const before = readState();
      const alertId = resolveId(ref, [...Object.keys(before.snoozes), ...before.acks]);
      const s = readState();
      const { [alertId]: _gone, ...snoozes } = s.snoozes;
      return writeState({ snoozes, acks: s.acks.filter((a) => a !== alertId) });
    },

    /**
     * Writes the locked-state schedule (key id, date, severity, kind; names only if the user opted in)
     * atomically, readable by the shell's notifier without the master password. Nothing is written
     * when the file already holds these entries. Never throws for the disk: `problem` says why not.
     */
    refreshSchedule(opts: { incremental?: boolean } = {}): {
      entries: number;
      written: boolean;
      problem: string | null;
    } {
      if (!deps.schedulePath) return { entries: 0, written: false, problem: null };
      const path = deps.schedulePath;
      // A command that opened only some keys (show, edit, rm, add) updates only the entries of the
      // keys it changed, and a read of one key writes nothing; any command that opened every key
      // rebuilds the schedule whole (docs/ALERTS.md).
      const partial = opts.incremental === true && !inventory.isComplete();
      const touched = inventory.touched();
      if (partial && touched.size === 0) return { entries: 0, written: false, problem: null };
      const { includeNames } = settings.get('alerts.schedule', ScheduleOptionsSchema, { includeNames: false });
      const how = { includeNames, state: readState() };
      let entries: ScheduleEntry[] | null = null;
      if (partial) {
        let old: ScheduleEntry[] | null = null;
        try {
          old = parseScheduleEntries(readFileSync(path, 'utf8'));
        } catch {
          old = null; // absent or unreadable: rebuilt whole
        }
        if (old !== null && old.every((e) => (e.name !== undefined) === includeNames)) {
          const changed = inventory.existing(touched);
          entries = spliceSchedule(old, touched, changed, readSettings(), clock.now(), {
            ...how,
            standing: standing(changed),
          });
        }
      }
      entries ??= buildNotificationSchedule(inventory.list().keys, readSettings(), clock.now(), {
        ...how,
        standing: standing(),
      });
      // Compact, `entries` last: the file holds these entries when its text ends with them, so a
      // read whose schedule did not change compares one string and writes nothing.
      const tail = `,"entries":${JSON.stringify(entries)}}`;
      const head = '{"version":1,"writtenAt":';
      let written = true;
      const same = (old: string) => {
        const at = old.length > head.length + tail.length ? old.slice(head.length, old.length - tail.length) : '';
        written = !(old.startsWith(head) && old.endsWith(tail) && /^"[0-9T:.Z-]+"$/.test(at));
        return !written;
      };
      const text = `${head}${JSON.stringify(clock.now().toISOString())}${tail}`;
      const problem = writeSideFile(deps.schedulePath, text, same);
      return { entries: entries.length, written: written && problem === null, problem };
    },
    /** refreshSchedule that throws when the file cannot be written (the desktop shell catches it). */
    writeSchedule(): number {
      const r = this.refreshSchedule();
      if (r.problem !== null)
        throw new AppError(
          r.problem === 'the disk is full' ? 'DISK_FULL' : 'INTERNAL',
          `The notification schedule was not written: ${r.problem}.`,
        );
      return r.entries;
    },
    setScheduleNames: (includeNames: boolean) =>
      settings.put('alerts.schedule', ScheduleOptionsSchema, { includeNames }),
    /** Whether the user allowed key names outside the encryption (the schedule, the OS notification). */
    scheduleNames: (): boolean =>
      settings.get('alerts.schedule', ScheduleOptionsSchema, { includeNames: false }).includeNames,
  };
}
export type Alerts = ReturnType<typeof createAlerts>;

/** The schedule file's path for a vault file. */
export const schedulePathFor = (vaultPath: string) => `${vaultPath}.schedule.json`;
