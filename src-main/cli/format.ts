// Human output for the CLI: a table for lists, labelled lines for one key.
// SECURITY: these functions format metadata only; a secret is printed by show --reveal alone.
import type { KeyRecord } from '../core/inventory/key.types.js';
import { lastUsedShown, localLastUse } from '../core/alerts/key-policy.js';
import type { PlaintextFinding } from '../contract/scan.js';
import { escapeName } from './terminal.js';
import { clipWidth, displayWidth, padEndWidth } from './text-width.js';

/** Columns aligned by display width (emoji and CJK take two columns), cells clipped to `maxWidth`. */
export function table(headers: string[], rows: string[][], maxWidth = 40): string {
  const cells = [headers, ...rows].map((r) => r.map((c) => clipWidth(c.replace(/\s+/g, ' '), maxWidth)));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => displayWidth(r[i] ?? ''))));
  return cells
    .map((r) =>
      r
        .map((c, i) => padEndWidth(c, widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const shortId = (id: string) => id.slice(0, 8);

const byName = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });

/** The order `list` shows keys in: by name (any case, "key 2" before "key 10"), then platform, then id. */
export function sortForList<T extends Pick<KeyRecord, 'id' | 'name' | 'platform'>>(keys: readonly T[]): T[] {
  return [...keys].sort(
    (a, b) => byName.compare(a.name, b.name) || a.platform.localeCompare(b.platform) || a.id.localeCompare(b.id),
  );
}

/** `hint: false` for an inventory read from an export, which holds none. Rows in sortForList order. */
export function keyTable(
  keys: KeyRecord[],
  opts: { hint?: boolean; state?: (k: KeyRecord) => string; status?: (k: KeyRecord) => string } = {},
): string {
  const hint = opts.hint !== false;
  const state = opts.state;
  // With a state column the rows come ordered by the caller (state, then expiry).
  return table(
    [
      ...(state ? ['STATE'] : []),
      'ID',
      'PLATFORM',
      'NAME',
      'ACCOUNT',
      ...(hint ? ['HINT'] : []),
      'ENV',
      'OWNER',
      'STATUS',
      'EXPIRES',
    ],
    (state ? keys : sortForList(keys)).map((k) => [
      ...(state ? [state(k)] : []),
      shortId(k.id),
      k.platform,
      k.name,
      k.account,
      ...(hint ? [k.hint] : []),
      k.environment,
      k.owner,
      opts.status ? opts.status(k) : k.status,
      k.expiresAt ?? '-',
    ]),
  );
}

/** What the app shows of a key beside its record (statusTruth, its attention). */
export type ShownStatus = { statusShown: string; state: string; reasons: readonly { message: string }[] };
const STATE_WORDS: Record<string, string> = {
  'act-now': 'act now',
  'due-soon': 'due soon',
  housekeeping: 'housekeeping',
  fine: 'fine',
};

export function keyDetail(k: KeyRecord, shown?: ShownStatus): string {
  const status =
    shown === undefined || shown.statusShown === k.status ? k.status : `${shown.statusShown} (recorded as ${k.status})`;
  const state =
    shown === undefined
      ? []
      : ([
          [
            'state',
            `${STATE_WORDS[shown.state] ?? shown.state}${shown.reasons.length > 0 ? `: ${shown.reasons.map((r) => r.message).join(' | ')}` : ''}`,
          ],
        ] as [string, string][]);
  const lines: [string, string][] = [
    ['id', k.id],
    ['name', k.name],
    ['platform', k.platform],
    ['account', k.account],
    ['base url', k.baseUrl ?? '(platform default)'],
    ['hint', k.hint],
    ['status', status],
    ...state,
    ['scopes', k.scopes.join(', ')],
    ['environment', k.environment],
    ['owner', k.owner],
    ['purpose', k.purpose],
    ['deployed to', k.deployedTo.join('; ')],
    ['tags', k.tags.join(', ')],
    ['created', k.createdAt ?? '-'],
    ['expires', k.expiresAt ?? '-'],
    ['last used', lastUsedLine(k)],
    ['rotate every', k.rotateEveryDays === null ? '-' : `${k.rotateEveryDays} days`],
    [
      'last verified',
      k.lastVerification
        ? `${k.lastVerification.at} ${k.lastVerification.result}: ${k.lastVerification.message}`
        : 'never',
    ],
    ['notes', k.notes],
  ];
  for (const [name, value] of Object.entries(k.extra)) lines.push([name, value]);
  const width = Math.max(...lines.map(([l]) => l.length));
  const body = lines.map(([l, v]) => `${(l + ':').padEnd(width + 1)} ${v}`).join('\n');
  const history = k.history
    .slice(-10)
    .map((h) => `  ${h.at}  ${h.action}${h.detail ? ` (${h.detail})` : ''}`)
    .join('\n');
  return `${body}\nhistory (latest ${Math.min(10, k.history.length)} of ${k.history.length}):\n${history}`;
}

/** The platform's date and Keyward's own last use, whichever is later, and by what. */
function lastUsedLine(k: KeyRecord): string {
  const local = localLastUse(k);
  const shown = lastUsedShown(k);
  if (local === null || shown !== local.at) return shown ?? '-';
  const what = local.detail ?? local.action;
  return `${local.at} by Keyward (${what})${k.lastUsedAt ? `; platform says ${k.lastUsedAt}` : ''}`;
}

/** A key's recorded plaintext findings, for `show` (places and dates, never a value). */
export function findingsLines(findings: readonly PlaintextFinding[]): string {
  if (findings.length === 0) return 'found in plaintext: nowhere recorded (keyward scan records copies)';
  const lines = findings.map(
    (f) =>
      `  ${escapeName(f.path)}${f.line > 0 ? `:${f.line}` : ' (in the name)'}${f.commit ? ` (commit ${f.commit.slice(0, 12)})` : ''}  first seen ${f.firstSeen}, last seen ${f.lastSeen}`,
  );
  return `found in plaintext: ${findings.length} place${findings.length === 1 ? '' : 's'}\n${lines.join('\n')}`;
}

export const json = (value: unknown) => JSON.stringify(value, null, 2);

/**
 * `list --json` to a pipe or file: compact, written a slice of rows at a time, so 100k keys never
 * become one 80 MB string (and its escaped copy). On a terminal, the same document pretty-printed.
 * Every slice goes through `safe` (the terminal escaper) exactly as a whole document would.
 */
export function writeListJson(
  stdout: NodeJS.WriteStream,
  safe: (text: string) => string,
  doc: { keys: readonly unknown[]; damaged: readonly unknown[] },
): void {
  if (stdout.isTTY) {
    stdout.write(safe(json(doc)) + '\n');
    return;
  }
  const SLICE = 2_000;
  stdout.write('{"keys":[');
  for (let i = 0; i < doc.keys.length; i += SLICE) {
    const rows = doc.keys.slice(i, i + SLICE).map((k) => JSON.stringify(k));
    stdout.write((i === 0 ? '' : ',') + safe(rows.join(',')));
  }
  stdout.write(`],"damaged":${safe(JSON.stringify(doc.damaged))}}\n`);
}
