// keyward check | calendar | alerts: what needs attention, for people, calendars and CI.
import {
  attentionByKey,
  checkExitCode,
  formatJUnit,
  formatJson,
  formatSarif,
  formatText,
  formatTextByKey,
  type Alert,
  type AlertSettings,
  type AlertState,
  type CheckAttention,
} from '../../core/alerts/index.js';
import { buildCalendar } from '../../core/calendar/ics.js';
import { makeRedactor, redactDeep } from '../../core/transfer/export/export-redactor.js';
import { storedSecrets } from '../../core/transfer/export/inventory-export.js';
import { AppError } from '../../core/errors.js';
import { checkWriteTarget, writeFileSafely, type WriteRule } from '../../core/files/safe-file.js';
import type { KeyRecord } from '../../core/inventory/key.types.js';
import type { Ctx } from '../context.js';
import { EXIT } from '../exit-codes.js';
import { json } from '../format.js';

const VERSION = '0.1.0';

function wholeDays(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d{1,4}$/.test(v)) throw new AppError('BAD_INPUT', `${flag} takes a whole number of days.`, { subject: flag });
  return Number(v);
}

export type CheckFlags = { within?: string; 'unused-for'?: string; format?: string; all?: boolean; by?: string };

export type CheckFormat = 'text' | 'json' | 'sarif' | 'junit';
export type CheckQuery = { withinDays?: number; unusedForDays?: number; includeHidden: boolean };
export type CheckBy = 'key' | 'alert';

/** Reads --format, --within, --unused-for, --all and --by as `keyward check` takes them. */
export function checkQueryOf(ctx: Ctx, f: CheckFlags): { format: CheckFormat; query: CheckQuery; by: CheckBy } {
  const format = f.format ?? (ctx.json ? 'json' : 'text');
  if (!['text', 'json', 'sarif', 'junit'].includes(format))
    throw new AppError('BAD_INPUT', '--format takes text, json, sarif or junit.');
  const by = f.by ?? 'key';
  if (by !== 'key' && by !== 'alert') throw new AppError('BAD_INPUT', '--by takes key or alert.', { subject: '--by' });
  return {
    by,
    format: format as CheckFormat,
    query: {
      withinDays: wholeDays(f.within, '--within'),
      unusedForDays: wholeDays(f['unused-for'], '--unused-for'),
      includeHidden: f.all === true,
    },
  };
}

/**
 * Each key's attention from the alerts `check` found (already without the snoozed and
 * acknowledged ones unless --all; `state` hides the never-verified reasons likewise).
 */
export function checkAttention(
  ctx: Ctx,
  found: readonly Alert[],
  keys: readonly KeyRecord[],
  state: AlertState | null,
): CheckAttention {
  return attentionByKey(keys, found, ctx.clock.now(), state === null ? {} : { alertState: state });
}

/** Prints alerts in a check format; exit 1 when a key needs action (act now or due soon), so a CI job can fail on it. */
export function printCheck(
  ctx: Ctx,
  found: Alert[],
  keys: readonly KeyRecord[],
  format: CheckFormat,
  attention: CheckAttention,
  by: CheckBy = 'key',
): number {
  const named = keys.map((k) => ({ id: k.id, name: k.name, platform: k.platform }));
  if (format === 'json') ctx.out(formatJson(found, attention, named));
  else if (format === 'sarif') ctx.out(formatSarif(found, { version: VERSION }, attention));
  else if (format === 'junit') ctx.out(formatJUnit(found, named, attention));
  else if (by === 'key') ctx.out(formatTextByKey(found, attention, named).trimEnd());
  else ctx.out(found.length === 0 ? 'No alerts: every key is in order.' : formatText(found));
  return checkExitCode(found, attention) === 1 ? EXIT.alerts : EXIT.ok;
}

export async function checkCommand(ctx: Ctx, f: CheckFlags): Promise<number> {
  const { format, query, by } = checkQueryOf(ctx, f);
  return ctx.withVault((session) => {
    const { alerts, inventory } = session;
    const listed = inventory.list().keys;
    // SECURITY: check's outputs end up in CI logs: a secret or hint typed into a name or a field
    // is written [redacted], as the exports write it.
    const redactor = makeRedactor(
      storedSecrets(session, listed),
      listed.map((k) => k.hint),
    );
    const keys = redactDeep(listed, redactor);
    const found = redactDeep(alerts.list(query), redactor);
    const attention = checkAttention(ctx, found, keys, query.includeHidden ? null : alerts.state());
    return printCheck(ctx, found, keys, format, attention, by);
  });
}

/**
 * A calendar is regenerated on a schedule, so it replaces the calendar Keyward wrote there
 * before (recognised by its PRODID); any other existing file needs --force, and a vault, a
 * backup or a special file is never replaced.
 */
export const calendarRule = (force: boolean): WriteRule => ({
  force,
  replaceIf: (head) => head.startsWith('BEGIN:VCALENDAR') && /\r?\nPRODID:-\/\/Keyward\/\//.test(head),
  hint: 'it is not a calendar Keyward wrote; use --force to replace it',
});

/** Writes the calendar of `keys` to `out` (0600) and says how many events it holds. */
export function writeCalendar(
  ctx: Ctx,
  keys: readonly KeyRecord[],
  settings: AlertSettings,
  out: string,
  force = false,
): number {
  const ics = buildCalendar(keys, { now: ctx.clock.now(), prodId: `-//Keyward//Keyward ${VERSION}//EN`, settings });
  writeFileSafely(out, ics, calendarRule(force));
  const events = (ics.match(/BEGIN:VEVENT/g) ?? []).length;
  ctx.out(ctx.json ? json({ out, events }) : `Wrote ${events} events to ${out}.`);
  return EXIT.ok;
}

export async function calendarCommand(ctx: Ctx, out: string | undefined, force = false): Promise<number> {
  if (!out) throw new AppError('BAD_INPUT', 'calendar needs --out FILE.ics.');
  checkWriteTarget(out, calendarRule(force)); // before the password is asked
  return ctx.withVault(({ inventory, alerts }) =>
    writeCalendar(ctx, inventory.list().keys, alerts.settings(), out, force),
  );
}

export async function alertsCommand(
  ctx: Ctx,
  action: string | undefined,
  alertId: string | undefined,
  until: string | undefined,
): Promise<number> {
  return ctx.withVault(({ alerts }) => {
    switch (action) {
      case undefined:
      case 'list': {
        const found = alerts.list({ includeHidden: true });
        const state = alerts.state();
        const rows = found.map((a) => ({
          ...a,
          snoozedUntil: state.snoozes[a.id] ?? null,
          acknowledged: state.acks.includes(a.id),
        }));
        if (ctx.json) ctx.out(json(rows));
        else if (rows.length === 0) ctx.out('No alerts.');
        else
          for (const r of rows)
            ctx.out(
              `${r.id}  ${r.severity.padEnd(8)} ${r.keyName}: ${r.reason}${r.acknowledged ? '  [acknowledged]' : ''}${r.snoozedUntil ? `  [snoozed until ${r.snoozedUntil}]` : ''}`,
            );
        return EXIT.ok;
      }
      case 'snooze': {
        if (!alertId || !until)
          throw new AppError('BAD_INPUT', 'Usage: keyward alerts snooze ALERT_ID --until YYYY-MM-DD');
        // A unique prefix of an alert id is enough, as for keys; the full id is printed.
        const full = alerts.resolveId(alertId);
        // The date given wins (shortening may be meant), but never silently: see docs/ALERTS.md.
        const before = alerts.state().snoozes[full];
        alerts.snooze(full, until);
        if (before !== undefined && before.slice(0, 10) > until.slice(0, 10))
          ctx.warn(`warning: this shortens the snooze until ${before.slice(0, 10)} to ${until.slice(0, 10)}.`);
        ctx.out(ctx.json ? json({ action: 'snooze', alertId: full, until }) : `Snoozed ${full} until ${until}.`);
        return EXIT.ok;
      }
      case 'ack': {
        if (!alertId) throw new AppError('BAD_INPUT', 'Usage: keyward alerts ack ALERT_ID');
        const full = alerts.resolveId(alertId);
        alerts.acknowledge(full);
        ctx.out(ctx.json ? json({ action: 'ack', alertId: full }) : `Acknowledged ${full}.`);
        return EXIT.ok;
      }
      case 'reopen': {
        if (!alertId) throw new AppError('BAD_INPUT', 'Usage: keyward alerts reopen ALERT_ID');
        const state = alerts.state();
        const full = alerts.resolveId(alertId, [...Object.keys(state.snoozes), ...state.acks]);
        alerts.reopen(full);
        ctx.out(ctx.json ? json({ action: 'reopen', alertId: full }) : `Reopened ${full}.`);
        return EXIT.ok;
      }
      case 'names': {
        // The locked-state schedule beside the vault: key names in it only if the user opts in.
        if (alertId !== 'on' && alertId !== 'off')
          throw new AppError('BAD_INPUT', 'Usage: keyward alerts names on|off');
        alerts.setScheduleNames(alertId === 'on');
        ctx.out(
          alertId === 'on'
            ? 'Key names will be written to the notification schedule beside the vault (readable without the password).'
            : 'The notification schedule holds key ids, dates and severities only.',
        );
        return EXIT.ok;
      }
      default:
        throw new AppError('BAD_INPUT', `Unknown alerts action "${action}": use list, snooze, ack, reopen or names.`);
    }
  });
}
