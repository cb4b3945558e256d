// Output formats of `keyward check`: a human table, JSON, SARIF 2.1.0 and JUnit XML.
// Pure string builders over alerts; they print what the alerts hold and never a
// secret, and strip control characters so a key name cannot drive the terminal.
import type { KeyRecord } from '../inventory/key.types.js';
import type { Alert, AlertRule, AlertSeverity } from './alert.types.js';
import { ALERT_RULES } from './alert.types.js';
import { alertExitCode, sortAlerts } from './compute-alerts.js';

export const RULE_DESCRIPTIONS: Record<AlertRule, string> = {
  expiring: 'The key expires within an alert threshold.',
  'expired-active': 'The key has expired but is still marked active.',
  'expired-deployed': 'The key has expired but is still recorded as deployed.',
  unused: 'The key has not been used for longer than the unused limit.',
  'never-used': 'The key was never used within the unused limit after creation.',
  'rotation-due': 'The key is older than its rotation policy.',
  'no-expiry': 'No expiry date is recorded on a platform that sets one.',
  'revocation-pending': 'A revocation was started more than a day ago and is not confirmed.',
  'verify-failed': 'The last verification found the key not working.',
  'near-key-cap': 'The platform account is at or near its key limit.',
  'duplicate-secret': 'The same secret is stored in more than one record.',
  'checklist-due': 'A rotation checklist is open; it escalates as its due date nears.',
};

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
function clean(s: string): string {
  return s.replace(CONTROL, ' ');
}

function summary(alerts: readonly Alert[]): Record<AlertSeverity, number> & { total: number } {
  const s = { total: alerts.length, critical: 0, warning: 0, info: 0 };
  for (const a of alerts) s[a.severity]++;
  return s;
}

/** Human table, most severe first, with a summary line. */
export function formatText(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return 'No alerts.\n';
  const header = ['SEVERITY', 'KEY', 'PLATFORM', 'RULE', 'DUE', 'ACTION', 'REASON'];
  const rows = sortAlerts(alerts).map((a) =>
    [a.severity, a.keyName, a.platform, a.rule, a.dueDate ?? '-', a.action, a.reason].map(clean),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  const s = summary(alerts);
  const total = `${s.total} alert${s.total === 1 ? '' : 's'}: ${s.critical} critical, ${s.warning} warning, ${s.info} info.`;
  return [line(header), ...rows.map(line), '', total].join('\n') + '\n';
}

/** Machine-readable list with a summary and the exit code `check` will return. */
export function formatJson(alerts: readonly Alert[]): string {
  return (
    JSON.stringify({ version: 1, summary: { ...summary(alerts), exitCode: alertExitCode(alerts) }, alerts }, null, 2) +
    '\n'
  );
}

const SARIF_LEVEL: Record<AlertSeverity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  warning: 'warning',
  info: 'note',
};

/** SARIF 2.1.0: one result per alert, ruleId = the alert rule. */
export function formatSarif(alerts: readonly Alert[], tool: { version: string } = { version: '0.0.0' }): string {
  const rules = ALERT_RULES.map((id) => ({ id, name: id, shortDescription: { text: RULE_DESCRIPTIONS[id] } }));
  const results = alerts.map((a) => ({
    ruleId: a.rule,
    ruleIndex: ALERT_RULES.indexOf(a.rule),
    level: SARIF_LEVEL[a.severity],
    message: { text: `${clean(a.keyName)}: ${a.reason}` },
    locations: [
      {
        logicalLocations: [
          { name: clean(a.keyName), fullyQualifiedName: `${a.platform}/${a.keyId}`, kind: 'resource' },
        ],
      },
    ],
    partialFingerprints: { keywardAlertId: a.id },
    properties: {
      severity: a.severity,
      action: a.action,
      keyId: a.keyId,
      platform: a.platform,
      dueDate: a.dueDate ?? null,
    },
  }));
  const sarif = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'Keyward', version: tool.version, rules } }, results }],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

// XML 1.0 allows only TAB, LF, CR and characters from U+0020 up (less surrogates, FFFE/FFFF).
/* eslint-disable no-control-regex */
const XML_INVALID =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

/** Escapes text and attribute values alike (quotes and line breaks included). */
export function xmlEscape(s: string): string {
  return s
    .replace(XML_INVALID, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;');
}

export type JUnitKey = Pick<KeyRecord, 'id' | 'name' | 'platform'>;

function testcase(key: JUnitKey, own: readonly Alert[]): { xml: string; isFailed: boolean } {
  const failing = sortAlerts(own.filter((a) => a.severity !== 'info'));
  const infos = own.filter((a) => a.severity === 'info');
  const attrs = `classname="keyward.${xmlEscape(key.platform)}" name="${xmlEscape(`${key.name} (${key.id})`)}"`;
  const inner: string[] = [];
  const first = failing[0];
  // One <failure> per testcase (what JUnit consumers read), listing every failing alert.
  if (first !== undefined) {
    const body = failing.map((a) => `[${a.severity}] ${a.rule}: ${a.reason}`).join('\n');
    const message = failing.length === 1 ? first.reason : `${failing.length} alerts; first: ${first.reason}`;
    inner.push(
      `      <failure message="${xmlEscape(message)}" type="${xmlEscape(first.rule)}">${xmlEscape(body)}</failure>`,
    );
  }
  if (infos.length > 0)
    inner.push(
      `      <system-out>${xmlEscape(infos.map((a) => `[info] ${a.rule}: ${a.reason}`).join('\n'))}</system-out>`,
    );
  const xml =
    inner.length === 0
      ? `    <testcase ${attrs}/>`
      : [`    <testcase ${attrs}>`, ...inner, '    </testcase>'].join('\n');
  return { xml, isFailed: first !== undefined };
}

/** JUnit XML: one testcase per key, failed when a warning or critical alert stands for it. */
export function formatJUnit(alerts: readonly Alert[], keys: readonly JUnitKey[]): string {
  const byKey = new Map<string, Alert[]>();
  for (const a of alerts) {
    const list = byKey.get(a.keyId);
    if (list === undefined) byKey.set(a.keyId, [a]);
    else list.push(a);
  }
  const all: JUnitKey[] = [...keys];
  const known = new Set(keys.map((k) => k.id));
  for (const a of alerts)
    if (!known.has(a.keyId)) {
      known.add(a.keyId);
      all.push({ id: a.keyId, name: a.keyName, platform: a.platform });
    }
  const cases = all.map((k) => testcase(k, byKey.get(k.id) ?? []));
  const failures = cases.filter((c) => c.isFailed).length;
  const counts = `tests="${cases.length}" failures="${failures}" errors="0" skipped="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="keyward check" ${counts}>`,
    `  <testsuite name="keyward check" ${counts}>`,
    ...cases.map((c) => c.xml),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
