// The inventory as one self-contained HTML file for auditors: summary, alerts, an expiry
// timeline (inline SVG), the auditor's table and a second table of each key's details. No
// script, no network: a CSP meta forbids all but inline styles and data: images. All escaped.
// Light and dark follow the reader's system; the print stylesheet fits A4 and Letter portrait.
import { sortAlerts } from '../../alerts/compute-alerts.js';
import type { AlertSeverity } from '../../alerts/alert.types.js';
import { ATTENTION_STATE_LABEL } from '../../../contract/attention.js';
import { TABLE_COLUMNS, tableCells, type ReportInput } from './report-input.js';
import type { Count, TimelineBucket } from './summary.js';
import { unsafeChars } from '../../../contract/unsafe-text.js';

const HTML_CONTROL = unsafeChars('c0-and-del', '\t\n\r', 'g');

/** Escapes text and attribute values alike. */
export function htmlEscape(s: string): string {
  return s
    .replace(HTML_CONTROL, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
const h = htmlEscape;
/**
 * Text escaped with break opportunities: a name as a .env import gives it (`KNOUDS_PROD_DEPLOYMENT_…_API_KEY`, no
 * space) wraps after a `_`, `-`, `.` or `/`, an address after its `@` (on a narrow screen and on paper), instead
 * of widening the table past the page.
 */
const breakAfter = (at: RegExp) => (text: string) => text.split(at).map(h).join('<wbr>');
const NAME_BREAKS = breakAfter(/(?<=[_\-./])/);
const ADDRESS_BREAKS = breakAfter(/(?<=@)/);

export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const CSS = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1b1f24;--muted:#5b6470;--line:#d8dde3;--card:#f5f7f9;
--bar:#2f6fdb;--bar-expired:#c62828;--crit:#b3261e;--warn:#8a5a00;--info:#1f5fa8;--crit-bg:#fde7e6;--warn-bg:#fff3d6;--info-bg:#e3eefb}
@media (prefers-color-scheme:dark){:root{--bg:#14171b;--fg:#e6e9ed;--muted:#a2abb6;--line:#343b44;--card:#1d2228;
--bar:#6ea2ff;--bar-expired:#ff7a70;--crit:#ffb4ab;--warn:#ffd479;--info:#a8c8ff;--crit-bg:#4a1d1a;--warn-bg:#3d2f0a;--info-bg:#132a48}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1200px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 10px;padding-bottom:4px;border-bottom:1px solid var(--line)}
h3{font-size:14px;margin:0 0 6px;color:var(--muted);font-weight:600;text-transform:uppercase;letter-spacing:.04em}
.meta{color:var(--muted);margin:0}.note{margin:8px 0 0;color:var(--muted);font-size:13px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;margin-top:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px}
.card .n{font-size:26px;font-weight:700;line-height:1.1}.card .l{color:var(--muted);font-size:13px}
.card.crit .n{color:var(--crit)}.card.warn .n{color:var(--warn)}
.counts{display:grid;grid-template-columns:repeat(auto-fit,minmax(220px,1fr));gap:16px}
.chart{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px}
.chart svg{display:block;width:100%;height:auto}
.chart .bar{fill:var(--bar)}.chart .bar.expired{fill:var(--bar-expired)}
.chart .grid{stroke:var(--line);stroke-width:1}.chart text{fill:var(--muted);font-size:12px;font-family:inherit}
.chart text.v{fill:var(--fg);font-weight:600}
table{border-collapse:collapse;width:100%;font-size:13px}
th,td{text-align:left;vertical-align:top;padding:6px 8px;border-bottom:1px solid var(--line)}
th{font-weight:600;color:var(--muted);white-space:nowrap}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.wide{overflow-x:auto}
.keys td,.key-details td,.key-details th[scope=row]{overflow-wrap:break-word}
.keys td.name{min-width:11em;font-weight:600}.keys td.addr wbr{display:none}
@media (max-width:1100px){.keys td.addr wbr{display:inline}}.keys td.date,.keys td.nowrap,.alerts td.date{white-space:nowrap}
.key-details th[scope=row]{color:var(--fg);white-space:normal;min-width:12em;width:24%}
.key-details .id{display:block;font-family:ui-monospace,monospace;font-size:11px;font-weight:400;color:var(--muted);white-space:nowrap}
.key-details td{min-width:6em}
.sev{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.sev.critical{color:var(--crit);background:var(--crit-bg)}.sev.warning{color:var(--warn);background:var(--warn-bg)}.sev.info{color:var(--info);background:var(--info-bg)}
.st-expired,.st-revoked,.st-refused,.st-leaked{color:var(--crit)}.st-revocation-pending,.st-revoking{color:var(--warn)}.state{display:block;font-size:.78em;white-space:nowrap;color:var(--muted)}.state-act-now{color:var(--crit);font-weight:600}.state-due-soon{color:var(--warn)}
footer{margin-top:32px;color:var(--muted);font-size:12px}
@media print{:root{--bg:#fff;--fg:#000;--muted:#444;--line:#bbb;--card:#fff;--bar:#2f6fdb;--bar-expired:#c62828;
--crit:#9b1c14;--warn:#6b4500;--crit-bg:#fff;--warn-bg:#fff;--info-bg:#fff}
main{max-width:none;padding:0}body{font-size:10.5px}.wide{overflow:visible}table{font-size:9.5px}
th,td{padding:3px 4px}.keys td.name{min-width:8em}.keys td.addr wbr{display:inline}.key-details th[scope=row]{min-width:0}
.key-details .id{font-size:8px}.cards{grid-template-columns:repeat(6,1fr);gap:6px}.card{padding:6px 8px}
.card .n{font-size:18px}.counts{grid-template-columns:repeat(3,1fr)}
tr,.card,.chart{break-inside:avoid}h2{break-after:avoid;margin-top:18px}thead{display:table-header-group}
.sev{padding:0;border-radius:0;font-size:9.5px}.print-break{break-before:page}}
@page{margin:12mm 10mm}
`;

function countTable(title: string, list: Count[]): string {
  const rows = list.map((c) => `<tr><td>${h(c.label)}</td><td class="num">${c.count}</td></tr>`).join('');
  return `<section><h3>${h(title)}</h3><table><tbody>${rows || '<tr><td>none</td><td></td></tr>'}</tbody></table></section>`;
}

/** The expiry timeline as an inline SVG bar chart (no script, styled by the page's CSS). */
export function timelineSvg(buckets: readonly TimelineBucket[]): string {
  const W = 780;
  const H = 240;
  const left = 36;
  const top = 22;
  const bottom = 44;
  const plotH = H - top - bottom;
  const max = Math.max(0, ...buckets.map((b) => b.count));
  const step = Math.max(1, Math.ceil(max / 4));
  const ceil = step * Math.max(1, Math.ceil(max / step));
  const slot = (W - left - 8) / buckets.length;
  const y = (v: number) => top + plotH - (v / ceil) * plotH;
  const parts: string[] = [];
  for (let v = 0; v <= ceil; v += step)
    parts.push(
      `<line class="grid" x1="${left}" x2="${W - 8}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}"/>`,
      `<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`,
    );
  buckets.forEach((b, i) => {
    const x = left + i * slot + slot * 0.18;
    const w = slot * 0.64;
    const cx = (x + w / 2).toFixed(1);
    const bh = (b.count / ceil) * plotH;
    const names = b.names.length > 0 ? `: ${b.names.slice(0, 20).join(', ')}${b.names.length > 20 ? ', …' : ''}` : '';
    const [first, second] = b.label === 'Expired' ? ['Expired', ''] : b.label.split(' ');
    parts.push(
      `<g><title>${h(`${b.label}: ${b.count} key${b.count === 1 ? '' : 's'}${names}`)}</title>`,
      `<rect class="bar${i === 0 ? ' expired' : ''}" x="${x.toFixed(1)}" y="${(top + plotH - bh).toFixed(1)}" width="${w.toFixed(1)}" height="${bh.toFixed(1)}" rx="2"/>`,
      b.count > 0
        ? `<text class="v" x="${cx}" y="${(top + plotH - bh - 5).toFixed(1)}" text-anchor="middle">${b.count}</text>`
        : '',
      `<text x="${cx}" y="${H - bottom + 17}" text-anchor="middle">${h(first ?? '')}</text>`,
      second ? `<text x="${cx}" y="${H - bottom + 32}" text-anchor="middle">${h(second)}</text>` : '',
      '</g>',
    );
  });
  const described = buckets.map((b) => `${b.label} ${b.count}`).join(', ');
  return `<svg id="expiry-timeline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${h(`Keys expiring per month: ${described}`)}">${parts.join('')}</svg>`;
}

const SEVERITY_LABEL: Record<AlertSeverity, string> = { critical: 'Critical', warning: 'Warning', info: 'Info' };

function alertsSection(r: ReportInput): string {
  if (r.alerts.length === 0) return '<p>No alerts: every key is in order.</p>';
  const rows = sortAlerts(r.alerts)
    .map(
      (a) =>
        `<tr><td><span class="sev ${a.severity}">${SEVERITY_LABEL[a.severity]}</span></td><td>${h(a.keyName)}</td><td>${h(a.platform)}</td><td class="date">${h(a.dueDate ?? '')}</td><td>${h(a.action)}</td><td>${h(a.reason)}</td></tr>`,
    )
    .join('\n');
  return `<div class="wide"><table class="alerts"><thead><tr><th>Severity</th><th>Key</th><th>Platform</th><th>Due</th><th>Action</th><th>Reason</th></tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

type Column = (typeof TABLE_COLUMNS)[number];
/** What an auditor reads first (one row per key), and the rest of each key in a second table. */
export const MAIN_COLUMNS: readonly Column[] = [
  'Name',
  'Platform',
  'Account',
  'Environment',
  'Owner',
  'Status',
  'Expires',
  'Last used',
  'Last verified',
];
export const DETAIL_COLUMNS: readonly Column[] = ['Rotate every', 'Scopes', 'Deployed to', 'Tags', 'Purpose'];
const CELL_CLASS: Partial<Record<Column, string>> = {
  Name: 'name',
  Expires: 'date',
  'Last used': 'date',
  'Last verified': 'nowrap',
  Account: 'addr',
  Owner: 'addr',
  Platform: 'nowrap',
};

const BREAKS: Partial<Record<Column, (text: string) => string>> = {
  Name: NAME_BREAKS,
  Account: ADDRESS_BREAKS,
  Owner: ADDRESS_BREAKS,
};

function keysSection(r: ReportInput): string {
  const at = (c: Column) => TABLE_COLUMNS.indexOf(c);
  const head = MAIN_COLUMNS.map((c) => `<th scope="col">${h(c)}</th>`).join('');
  const rows = r.keys
    .map((k) => {
      const shown = r.shown.get(k.id);
      const cells = tableCells(k, shown);
      const tds = MAIN_COLUMNS.map((c) => {
        const cls = [CELL_CLASS[c], c === 'Status' ? `st-${shown?.statusShown ?? k.status}` : undefined]
          .filter(Boolean)
          .join(' ');
        const text = cells[at(c)] ?? '';
        // The status as the app tells it, and under it the key's state (act now, due soon…).
        const state =
          c === 'Status' && shown
            ? ` <span class="state state-${h(shown.state)}">${h(ATTENTION_STATE_LABEL[shown.state])}</span>`
            : '';
        return `<td${cls ? ` class="${h(cls)}"` : ''}>${(BREAKS[c] ?? h)(text)}${state}</td>`;
      });
      return `<tr>${tds.join('')}</tr>`;
    })
    .join('\n');
  return `<div class="wide"><table class="keys"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

/** The second table: each key by name and id, with its rotation, scopes, deployments, tags and purpose. */
function detailsSection(r: ReportInput): string {
  const at = (c: Column) => TABLE_COLUMNS.indexOf(c);
  const head = ['Key', ...DETAIL_COLUMNS].map((c) => `<th scope="col">${h(c)}</th>`).join('');
  const rows = r.keys
    .map((k) => {
      const cells = tableCells(k);
      const tds = DETAIL_COLUMNS.map((c) => `<td>${h(cells[at(c)] ?? '')}</td>`).join('');
      return `<tr><th scope="row">${NAME_BREAKS(k.name)}<span class="id">${h(k.id)}</span></th>${tds}</tr>`;
    })
    .join('\n');
  return `<div class="wide"><table class="key-details"><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

export function formatHtmlReport(r: ReportInput): string {
  const s = r.summary;
  const sev = { critical: 0, warning: 0, info: 0 };
  for (const a of r.alerts) sev[a.severity]++;
  const card = (n: number, label: string, cls = '') =>
    `<div class="card${cls ? ` ${cls}` : ''}"><div class="n">${n}</div><div class="l">${h(label)}</div></div>`;
  const { needAction } = r;
  const exported = r.doc.exportedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="generator" content="Keyward">
<title>Keyward inventory — ${h(r.doc.source)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>Keyward inventory</h1>
<p class="meta">Source <strong>${h(r.doc.source)}</strong> · exported ${h(exported)} · ${s.total} key${s.total === 1 ? '' : 's'}</p>
<p class="note">This report lists what is known about each key. It contains no secret and no part of one.</p>
</header>
<section class="cards" aria-label="Summary">
${card(s.total, 'keys')}
${needAction === null ? '' : card(needAction, needAction === 1 ? 'needs action' : 'need action', needAction > 0 ? 'crit' : '')}
${card(s.expired, 'expired', s.expired > 0 ? 'crit' : '')}
${card(s.expiringIn30Days, 'expire within 30 days', s.expiringIn30Days > 0 ? 'warn' : '')}
${card(s.noExpiry, 'without an expiry date')}
${card(sev.critical, 'critical alerts', sev.critical > 0 ? 'crit' : '')}
${card(sev.warning, 'warnings', sev.warning > 0 ? 'warn' : '')}
</section>
<h2>Expiry timeline</h2>
<div class="chart">${timelineSvg(s.timeline)}</div>
<p class="note">Keys in use (not revoked) by month of expiry over the next twelve months; the first bar counts keys already expired.</p>
<h2>Keys by platform, status and owner</h2>
<div class="counts">
${countTable('Platform', s.byPlatform)}
${countTable('Status', s.byStatus)}
${countTable('Owner', s.byOwner)}
</div>
<h2>Alerts (${r.alerts.length})</h2>
${alertsSection(r)}
<h2>All keys (${r.keys.length})</h2>
${keysSection(r)}
<h2 class="print-break">Key details (${r.keys.length})</h2>
<p class="note">Each key's id, rotation period, scopes, where it is deployed, tags and purpose, in the order of the table above.</p>
${detailsSection(r)}
<footer>Made by Keyward from ${h(r.doc.source)}. Open it anywhere: it needs no network and runs no script.</footer>
</main>
</body>
</html>
`;
}
