// Builds Alert objects with their stable ids: the one place an alert id is formed.
// Copies only non-secret fields of a key (id, name, platform).
import type { KeyRecord } from '../inventory/key.types.js';
import type { Alert, AlertAction, AlertRule, AlertSeverity } from './alert.types.js';
import type { DayNumber } from './calendar-date.js';
import { formatDay } from './calendar-date.js';

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Appends an alert; id = rule:keyId, plus :threshold when the rule has one, or :instance (which occurrence). */
export function push(
  out: Alert[],
  key: KeyRecord,
  rule: AlertRule,
  severity: AlertSeverity,
  action: AlertAction,
  reason: string,
  extra: { threshold?: number; due?: DayNumber | null; instance?: string } = {},
): void {
  const t = extra.threshold ?? extra.instance;
  const alert: Alert = {
    id: t === undefined ? `${rule}:${key.id}` : `${rule}:${key.id}:${t}`,
    rule,
    severity,
    keyId: key.id,
    keyName: key.name,
    platform: key.platform,
    reason,
    action,
  };
  if (extra.due !== undefined && extra.due !== null) alert.dueDate = formatDay(extra.due);
  if (extra.threshold !== undefined) alert.threshold = extra.threshold;
  out.push(alert);
}
