// Human output for the CLI: a table for lists, labelled lines for one key.
// SECURITY: these functions format metadata only; a secret is printed by show --reveal alone.
import type { KeyRecord } from '../core/inventory/key.types.js';

export function table(headers: string[], rows: string[][], maxWidth = 40): string {
  const clip = (s: string) => (s.length > maxWidth ? s.slice(0, maxWidth - 1) + '…' : s);
  const cells = [headers, ...rows].map((r) => r.map((c) => clip(c.replace(/\s+/g, ' '))));
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export const shortId = (id: string) => id.slice(0, 8);

/** `hint: false` for an inventory read from an export, which holds none. */
export function keyTable(keys: KeyRecord[], opts: { hint?: boolean } = {}): string {
  const hint = opts.hint !== false;
  return table(
    ['ID', 'PLATFORM', 'NAME', 'ACCOUNT', ...(hint ? ['HINT'] : []), 'ENV', 'OWNER', 'STATUS', 'EXPIRES'],
    keys.map((k) => [
      shortId(k.id),
      k.platform,
      k.name,
      k.account,
      ...(hint ? [k.hint] : []),
      k.environment,
      k.owner,
      k.status,
      k.expiresAt ?? '-',
    ]),
  );
}

export function keyDetail(k: KeyRecord): string {
  const lines: [string, string][] = [
    ['id', k.id],
    ['name', k.name],
    ['platform', k.platform],
    ['account', k.account],
    ['base url', k.baseUrl ?? '(platform default)'],
    ['hint', k.hint],
    ['status', k.status],
    ['scopes', k.scopes.join(', ')],
    ['environment', k.environment],
    ['owner', k.owner],
    ['purpose', k.purpose],
    ['deployed to', k.deployedTo.join('; ')],
    ['tags', k.tags.join(', ')],
    ['created', k.createdAt ?? '-'],
    ['expires', k.expiresAt ?? '-'],
    ['last used', k.lastUsedAt ?? '-'],
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

export const json = (value: unknown) => JSON.stringify(value, null, 2);
