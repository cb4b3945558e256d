// The checklist-due rule: every open rotation checklist is an alert, escalating as its
// due date nears like an expiry does. Pure; the runs are passed in (never read here).
import type { Alert, ChecklistDue } from './alert.types.js';
import { parseDay, type DayNumber } from './calendar-date.js';
import { severityForDaysLeft } from './key-rules.js';
import { plural } from './make-alert.js';

export function checklistAlerts(runs: readonly ChecklistDue[], today: DayNumber, out: Alert[]): void {
  for (const r of runs) {
    const due = parseDay(r.dueDate);
    const left = due === null ? null : due - today;
    const when =
      left === null
        ? 'has no due date'
        : left < 0
          ? `was due ${plural(-left, 'day')} ago`
          : left === 0
            ? 'is due today'
            : `is due in ${plural(left, 'day')}`;
    const alert: Alert = {
      id: `checklist-due:${r.runId}`,
      rule: 'checklist-due',
      severity: left === null ? 'info' : severityForDaysLeft(left),
      keyId: r.keyId,
      keyName: r.keyName,
      platform: r.platform,
      reason: `The rotation checklist ${when}; ${plural(r.open, 'step')} still open. See keyward checklist show ${r.runId}.`,
      action: 'rotate',
    };
    if (r.dueDate !== null) alert.dueDate = r.dueDate;
    out.push(alert);
  }
}
