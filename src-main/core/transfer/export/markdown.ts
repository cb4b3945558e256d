// The inventory as Markdown: a summary, the alerts and one table row per key.
// Every value is escaped so a key name cannot break the table or inject markup.
import { sortAlerts } from '../../alerts/compute-alerts.js';
import { TABLE_COLUMNS, tableCells, type ReportInput } from './report-input.js';
import type { Count } from './summary.js';
import { unsafeCharClass } from '../../../contract/unsafe-text.js';

const MD_CONTROL_RUN = new RegExp(`${unsafeCharClass('c0-and-del')}+`, 'g');

/** Escapes Markdown punctuation (pipes included) and folds line breaks into spaces. */
export function mdEscape(s: string): string {
  return s.replace(MD_CONTROL_RUN, ' ').replace(/[\\`*_{}[\]<>()#!|~&]/g, (c) => `\\${c}`);
}

const counts = (title: string, list: Count[]) =>
  `**${title}:** ${list.length === 0 ? 'none' : list.map((c) => `${mdEscape(c.label)} ${c.count}`).join(', ')}`;

export function formatMarkdown(r: ReportInput): string {
  const s = r.summary;
  const out = [
    '# Keyward inventory',
    '',
    `Source: ${mdEscape(r.doc.source)} · exported ${mdEscape(r.doc.exportedAt)} · no secrets or hints are included.`,
    '',
    '## Summary',
    '',
    `- **Keys:** ${s.total}; expired ${s.expired}; expiring within 30 days ${s.expiringIn30Days}; no expiry date ${s.noExpiry}`,
    ...(r.needAction === null ? [] : [`- **Need action:** ${r.needAction} (act now or due soon)`]),
    `- ${counts('By platform', s.byPlatform)}`,
    `- ${counts('By status', s.byStatus)}`,
    `- ${counts('By owner', s.byOwner)}`,
    '',
    '## Expiry timeline',
    '',
    '| Month | Keys expiring |',
    '| --- | ---: |',
    ...s.timeline.map((b) => `| ${mdEscape(b.label)} | ${b.count} |`),
    '',
    `## Alerts (${r.alerts.length})`,
    '',
  ];
  if (r.alerts.length === 0) out.push('No alerts: every key is in order.', '');
  else {
    out.push('| Severity | Key | Platform | Due | Action | Reason |', '| --- | --- | --- | --- | --- | --- |');
    for (const a of sortAlerts(r.alerts))
      out.push(
        `| ${[a.severity, a.keyName, a.platform, a.dueDate ?? '', a.action, a.reason].map(mdEscape).join(' | ')} |`,
      );
    out.push('');
  }
  out.push(`## Keys (${r.keys.length})`, '');
  out.push(`| ${TABLE_COLUMNS.join(' | ')} |`, `| ${TABLE_COLUMNS.map(() => '---').join(' | ')} |`);
  for (const k of r.keys) out.push(`| ${tableCells(k, r.shown.get(k.id)).map(mdEscape).join(' | ')} |`);
  return out.join('\n') + '\n';
}
