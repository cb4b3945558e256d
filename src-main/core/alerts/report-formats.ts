// Output formats of `keyward check`: a human table, JSON, SARIF 2.1.0 and JUnit XML.
// Pure string builders over alerts; they print what the alerts hold and never a
// secret, and strip control characters so a key name cannot drive the terminal.
import type { KeyRecord } from '../inventory/key.types.js';
import type { Alert, AlertRule, AlertSeverity } from './alert.types.js';
import { ALERT_RULES } from './alert.types.js';
import { alertExitCode, sortAlerts } from './compute-alerts.js';
import { unsafeChars } from '../../contract/unsafe-text.js';
import type { AttentionState, KeyAttention } from './key-state.js';
import { NEVER_VERIFIED, attentionRank, countAttention, needsAction } from './key-state.js';

/**
 * What `check` knows of each key's attention (core/alerts/key-state.ts), by key id; the
 * formats then carry the state and reasons. Keys absent from the map are fine.
 */
export type CheckAttention = ReadonlyMap<string, KeyAttention>;

export const RULE_DESCRIPTIONS: Record<AlertRule, string> = {
  expiring: 'The key expires within an alert threshold.',
  'expired-active': 'The key has expired and is still in use: rotate it.',
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
  leaked: 'The secret was found in plain text somewhere.',
  'found-in-plaintext': 'A plaintext copy of the key was found in a file or in git history.',
};

/** A reason in a few words, for the "(+ …)" of a grouped line: what a person reads, never the rule id. */
export const REASON_WORDS: Record<AlertRule | typeof NEVER_VERIFIED, string> = {
  expiring: 'expiring',
  'expired-active': 'expired, still active',
  'expired-deployed': 'expired, still deployed',
  unused: 'unused',
  'never-used': 'never used',
  'rotation-due': 'rotation due',
  'no-expiry': 'no expiry recorded',
  'revocation-pending': 'revocation not confirmed',
  'verify-failed': 'refused by its platform',
  'near-key-cap': 'account near its key limit',
  'duplicate-secret': 'secret stored twice',
  'checklist-due': 'checklist open',
  leaked: 'leaked',
  'found-in-plaintext': 'plaintext copy found',
  [NEVER_VERIFIED]: 'never verified',
};
const reasonWords = (kind: string): string => (REASON_WORDS as Record<string, string>)[kind] ?? kind.replace(/-/g, ' ');

/** Where a reader of a SARIF log learns about Keyward (the tool driver's `informationUri`). */
export const KEYWARD_INFORMATION_URI = 'https://keyward.dev';

/**
 * What a SARIF viewer (GitHub code scanning, the SARIF Multitool) shows for each rule: a
 * readable PascalCase name (never the id), a full description, and help saying what to do.
 */
export const SARIF_RULE_HELP: Record<AlertRule, { name: string; full: string; help: string }> = {
  expiring: {
    name: 'KeyExpiresSoon',
    full: 'The key expires within one of the alert thresholds (30, 7 and 1 days by default); the alert is critical within a day of the expiry and a warning within seven.',
    help: 'Rotate the key before it expires: create its replacement on the platform, store it with keyward edit KEY --replace-secret (or keyward rotate KEY), update every deployment, then revoke the old key.',
  },
  'expired-active': {
    name: 'ExpiredKeyStillActive',
    full: 'The expiry date of the key has passed but its status is still active, so whatever uses it is failing or about to.',
    help: 'Rotate the key now (keyward rotate KEY); if it was already replaced outside Keyward, record that with keyward edit KEY --status expired.',
  },
  'expired-deployed': {
    name: 'ExpiredKeyStillDeployed',
    full: 'The key has expired (by its date or its status) and is not revoked, but it is still recorded as deployed somewhere.',
    help: "Deploy a working key to every place listed in the key's deployments, then remove the old deployments from the record (keyward edit KEY --deployed-to).",
  },
  unused: {
    name: 'KeyUnused',
    full: 'The key has not been used for longer than the unused limit (90 days by default).',
    help: 'Find out whether anything still needs the key; if nothing does, revoke it on the platform (keyward revoke KEY). Record a recent use with keyward edit KEY --last-used.',
  },
  'never-used': {
    name: 'KeyNeverUsed',
    full: 'The key shows no trace of use and was created at least the unused limit ago.',
    help: 'Revoke a key nothing uses (keyward revoke KEY), or record where it is used with keyward edit KEY --last-used and --deployed-to.',
  },
  'rotation-due': {
    name: 'KeyRotationDue',
    full: 'The key is older than its rotation policy (its own --rotate-every, a platform default or a setting).',
    help: 'Rotate the key (keyward rotate KEY, or a team checklist with keyward checklist start KEY); replacing its secret restarts the rotation clock.',
  },
  'no-expiry': {
    name: 'KeyExpiryMissing',
    full: 'No valid expiry date is recorded for a key on a platform that sets one, so Keyward cannot warn before it stops working.',
    help: 'Look up the expiry in the platform portal and record it with keyward edit KEY --expires YYYY-MM-DD.',
  },
  'revocation-pending': {
    name: 'RevocationUnconfirmed',
    full: 'A revocation of the key was started more than a day ago and it is not confirmed that the platform refuses the key.',
    help: 'Finish the revocation in the platform portal, then confirm it with keyward revoke KEY --revoked (Keyward checks that the key is refused).',
  },
  'verify-failed': {
    name: 'KeyVerificationFailed',
    full: 'The last verification with the platform found the key not working (refused, retired, forbidden or for another instance).',
    help: 'Run keyward verify KEY again; a key refused with 401 was probably revoked elsewhere and must be replaced (keyward rotate KEY).',
  },
  'near-key-cap': {
    name: 'AccountNearKeyLimit',
    full: 'The platform account holds as many active and pending keys as its limit allows, or one fewer, so the next rotation may be blocked.',
    help: 'Revoke a key the account no longer needs (keyward revoke KEY; the alert names its least recently used one) before the next rotation.',
  },
  'duplicate-secret': {
    name: 'SecretStoredTwice',
    full: 'The same secret is stored in more than one record, so a rotation of one record leaves the other out of date.',
    help: 'Keep one record for the secret: delete the duplicate (keyward rm KEY) or, if they are really two keys, replace the wrong secret (keyward edit KEY --replace-secret).',
  },
  'checklist-due': {
    name: 'RotationChecklistOpen',
    full: 'A rotation checklist is open; the alert becomes a warning within seven days of its due date and critical within one day or when overdue.',
    help: 'Finish the open steps (keyward checklist show RUN, keyward checklist tick RUN STEP) or skip them with a reason.',
  },
  leaked: {
    name: 'KeyLeaked',
    full: 'The secret of the key was recorded as found in plain text (a repository, a log, a chat), so anyone who saw it can use the key.',
    help: 'Rotate the key now (keyward rotate KEY) and revoke the old one; the replacement carries no leak mark.',
  },
  'found-in-plaintext': {
    name: 'KeyFoundInPlaintext',
    full: 'keyward scan found a plaintext copy of the key in a file or in a commit: anyone who can read that file or repository holds the key.',
    help: 'Rotate the key (keyward rotate KEY), remove the copy (use keyward run or a .env.keyward file instead), and scan again to clear the finding; a copy in git history stays there until the history is rewritten.',
  },
};

const CONTROL = unsafeChars('controls', '', 'g');
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

const STATE_WORDS: Record<AttentionState, string> = {
  'act-now': 'ACT NOW',
  'due-soon': 'DUE SOON',
  housekeeping: 'HOUSEKEEPING',
  fine: 'FINE',
};

/** The summary line of `check`: keys needing action (act now + due soon), the badge's number. */
export function attentionLine(attention: CheckAttention): string {
  const c = countAttention(attention.values());
  const keys = (n: number) => `${n} key${n === 1 ? '' : 's'}`;
  return `${keys(c.needsAction)} need${c.needsAction === 1 ? 's' : ''} action (${c.actNow} act now, ${c.dueSoon} due soon); ${c.housekeeping} housekeeping, ${c.fine} fine.`;
}

/**
 * CI exit status of `keyward check`: with the keys' attention, 1 when a key needs action (act
 * now or due soon), so housekeeping (unused, never verified, no expiry recorded) never fails a
 * job; without it, 1 when any warning or critical alert stands.
 */
export function checkExitCode(alerts: readonly Alert[], attention?: CheckAttention): 0 | 1 {
  if (attention === undefined) return alertExitCode(alerts);
  for (const a of attention.values()) if (needsAction(a)) return 1;
  return 0;
}

type KeyLine = { keyId: string; keyName: string; platform: string; attention: KeyAttention; due: string };

/** Keys with a reason, most urgent first, then soonest due, then name and id. */
function keyLines(
  alerts: readonly Alert[],
  attention: CheckAttention,
  names: ReadonlyMap<string, JUnitKey>,
): KeyLine[] {
  const due = new Map<string, string>();
  for (const a of alerts) {
    const d = a.dueDate ?? '9999';
    if ((due.get(a.keyId) ?? '9999') > d) due.set(a.keyId, d);
  }
  const lines: KeyLine[] = [];
  for (const [keyId, att] of attention) {
    if (att.reasons.length === 0) continue;
    const k = names.get(keyId);
    const alert = k === undefined ? alerts.find((a) => a.keyId === keyId) : undefined;
    lines.push({
      keyId,
      keyName: k?.name ?? alert?.keyName ?? keyId,
      platform: k?.platform ?? alert?.platform ?? 'custom',
      attention: att,
      due: due.get(keyId) ?? '9999',
    });
  }
  return lines.sort(
    (a, b) =>
      attentionRank(a.attention.state) - attentionRank(b.attention.state) ||
      a.due.localeCompare(b.due) ||
      a.keyName.localeCompare(b.keyName) ||
      (a.keyId < b.keyId ? -1 : a.keyId > b.keyId ? 1 : 0),
  );
}

/**
 * Human table grouped by key: one line per key with a reason, its state first, the next
 * action, the most urgent reason and the kinds of the others; then the keys-needing-action line.
 */
export function formatTextByKey(
  alerts: readonly Alert[],
  attention: CheckAttention,
  keys: readonly JUnitKey[],
): string {
  const names = new Map(keys.map((k) => [k.id, k]));
  const lines = keyLines(alerts, attention, names);
  const summaryLine = attentionLine(attention);
  if (lines.length === 0) return `No alerts: every key is in order.\n${summaryLine}\n`;
  const header = ['STATE', 'KEY', 'PLATFORM', 'ACTION', 'REASONS'];
  const rows = lines.map(({ keyName, platform, attention: a }) => {
    const [first, ...rest] = a.reasons;
    const more = rest.length === 0 ? '' : ` (+ ${rest.map((r) => reasonWords(r.kind)).join('; ')})`;
    return [STATE_WORDS[a.state], keyName, platform, a.action, `${first?.message ?? ''}${more}`].map(clean);
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ');
  const s = summary(alerts);
  const total = `${s.total} alert${s.total === 1 ? '' : 's'}: ${s.critical} critical, ${s.warning} warning, ${s.info} info.`;
  return [line(header), ...rows.map(line), '', summaryLine, total].join('\n') + '\n';
}

/** The state of one alert's reason and of its key, for the machine formats. */
function stateOf(
  a: Alert,
  attention: CheckAttention | undefined,
): { state?: AttentionState; keyState?: AttentionState } {
  const att = attention?.get(a.keyId);
  if (att === undefined) return {};
  const reason = att.reasons.find((r) => r.alertId === a.id);
  return { ...(reason ? { state: reason.state } : {}), keyState: att.state };
}

/**
 * Machine-readable list with a summary and the exit code `check` will return; with the
 * attention, each alert carries its state and `keys` lists each key needing a look with its
 * state, next action and reasons, and `summary.keys` the counts in keys.
 */
export function formatJson(
  alerts: readonly Alert[],
  attention?: CheckAttention,
  keys: readonly JUnitKey[] = [],
): string {
  const base = { ...summary(alerts), exitCode: checkExitCode(alerts, attention) };
  if (attention === undefined) return JSON.stringify({ version: 1, summary: base, alerts }, null, 2) + '\n';
  const doc = {
    version: 1,
    summary: { ...base, keys: countAttention(attention.values()) },
    alerts: alerts.map((a) => ({ ...a, ...stateOf(a, attention) })),
    keys: keyLines(alerts, attention, new Map(keys.map((k) => [k.id, k]))).map((l) => ({
      keyId: l.keyId,
      keyName: l.keyName,
      platform: l.platform,
      state: l.attention.state,
      action: l.attention.action,
      reasons: l.attention.reasons,
    })),
  };
  return JSON.stringify(doc, null, 2) + '\n';
}

const SARIF_LEVEL: Record<AlertSeverity, 'error' | 'warning' | 'note'> = {
  critical: 'error',
  warning: 'warning',
  info: 'note',
};
/** With the attention, a result's level follows the state its reason gives the key. */
const SARIF_STATE_LEVEL: Record<AttentionState, 'error' | 'warning' | 'note'> = {
  'act-now': 'error',
  'due-soon': 'warning',
  housekeeping: 'note',
  fine: 'note',
};
const sarifLevel = (a: Alert, attention?: CheckAttention): 'error' | 'warning' | 'note' => {
  const state = stateOf(a, attention).state;
  return state === undefined ? SARIF_LEVEL[a.severity] : SARIF_STATE_LEVEL[state];
};

/** SARIF 2.1.0: one result per alert, ruleId = the alert rule. */
export function formatSarif(
  alerts: readonly Alert[],
  tool: { version: string } = { version: '0.0.0' },
  attention?: CheckAttention,
): string {
  const rules = ALERT_RULES.map((id) => ({
    id,
    name: SARIF_RULE_HELP[id].name,
    shortDescription: { text: RULE_DESCRIPTIONS[id] },
    fullDescription: { text: SARIF_RULE_HELP[id].full },
    help: { text: SARIF_RULE_HELP[id].help },
  }));
  const results = alerts.map((a) => ({
    ruleId: a.rule,
    ruleIndex: ALERT_RULES.indexOf(a.rule),
    level: sarifLevel(a, attention),
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
      ...stateOf(a, attention),
      ...(attention?.get(a.keyId) ? { keyReasons: attention.get(a.keyId)?.reasons.map((r) => r.kind) } : {}),
    },
  }));
  const sarif = {
    $schema: 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Keyward',
            version: tool.version,
            semanticVersion: tool.version,
            informationUri: KEYWARD_INFORMATION_URI,
            rules,
          },
        },
        results,
      },
    ],
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

function testcase(key: JUnitKey, own: readonly Alert[], att?: KeyAttention): { xml: string; isFailed: boolean } {
  // With the attention, a key fails only when it needs action; a housekeeping key's alerts go
  // to its output, as info alerts do, so a CI job fails on what it must act on.
  const fails = att === undefined ? (a: Alert) => a.severity !== 'info' : () => needsAction(att);
  const failing = sortAlerts(own.filter(fails));
  const infos = own.filter((a) => !fails(a));
  const attrs = `classname="keyward.${xmlEscape(key.platform)}" name="${xmlEscape(`${key.name} (${key.id})`)}"`;
  const inner: string[] = [];
  if (att !== undefined && att.reasons.length > 0) {
    const prop = (name: string, value: string) => `        <property name="${name}" value="${xmlEscape(value)}"/>`;
    inner.push(
      '      <properties>',
      prop('state', att.state),
      prop('action', att.action),
      prop('reasons', att.reasons.map((r) => r.kind).join(', ')),
      '      </properties>',
    );
  }
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
      `      <system-out>${xmlEscape(infos.map((a) => `[${a.severity}] ${a.rule}: ${a.reason}`).join('\n'))}</system-out>`,
    );
  const xml =
    inner.length === 0
      ? `    <testcase ${attrs}/>`
      : [`    <testcase ${attrs}>`, ...inner, '    </testcase>'].join('\n');
  return { xml, isFailed: first !== undefined };
}

/** JUnit XML: one testcase per key, failed when it needs action (without the attention: when a warning or critical alert stands for it). */
export function formatJUnit(alerts: readonly Alert[], keys: readonly JUnitKey[], attention?: CheckAttention): string {
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
  const cases = all.map((k) => testcase(k, byKey.get(k.id) ?? [], attention?.get(k.id)));
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
