// Every inventory export (JSON, CSV, Markdown, HTML) from a real vault: no secret and
// no hint in any form, hostile names escaped, CSV safe from formula injection, and
// the JSON and CSV read back to exactly the inventory that was exported.
import { afterEach, describe, expect, it } from 'vitest';
import { createSession } from '../../../src-main/core/app/session.js';
import { readCsv } from '../../../src-main/core/transfer/csv-records.js';
import { CSV_COLUMNS, formatCsv, parseCsv } from '../../../src-main/core/transfer/export/csv.js';
import { htmlEscape } from '../../../src-main/core/transfer/export/html-report.js';
import { EXPORT_FORMATS, exportInventory } from '../../../src-main/core/transfer/export/index.js';
import { inventoryDocument, recordsOf } from '../../../src-main/core/transfer/export/inventory-records.js';
import { DEFAULT_ALERT_SETTINGS } from '../../../src-main/core/alerts/alert.types.js';
import { computeAlerts } from '../../../src-main/core/alerts/compute-alerts.js';
import { parseInventoryJson } from '../../../src-main/core/transfer/inspect.js';
import { canaryForms, newCanary, scanText } from '../../helpers/canary.js';
import { newTestVault, sampleKey, tempDir } from '../../helpers/temp-vault.js';

let cleanup = () => {};
afterEach(() => cleanup());

const HOSTILE = `<script>alert("x")</script> 'q' |pipe| & <img src=x onerror=alert(1)>`;

async function seeded() {
  const t = tempDir();
  const { vault, clock } = await newTestVault(t.dir);
  cleanup = () => {
    vault.lock();
    t.cleanup();
  };
  const session = createSession(vault, { clock, writeSchedule: false });
  const secret = newCanary('knouds_live_CANARY');
  const canary = session.inventory.add(sampleKey({ name: 'Canary key', tags: ['ci'] }), { value: secret });
  session.inventory.add(
    sampleKey({
      platform: 'custom',
      name: HOSTILE,
      owner: '=HYPERLINK("http://evil.example","x")',
      account: '+1+1',
      environment: '-2',
      purpose: '@SUM(A1)',
      notes: '\'already quoted\r\nsecond line, with comma "and quote"',
      scopes: ['a,b', 'back\\slash', "'quoted", '=1+1'],
      deployedTo: [],
      tags: ['x|y'],
      expiresAt: '2026-12-10',
      rotateEveryDays: 90,
      baseUrl: 'https://api.example.com/v1',
      extra: { 'alerts.unusedDays': '30', note: 'a "quoted" = value' },
    }),
    { value: 'another-secret-value-0000' },
  );
  session.inventory.add(sampleKey({ platform: 'kognitos', name: 'Expired one', expiresAt: '2025-01-01' }), {
    value: 'kgn_pat_expired_secret_1234567',
  });
  return { session, secret, hint: canary.hint, clock };
}

describe('inventory exports', () => {
  it('hold neither the secret nor its hint, in any encoding, in every format', async () => {
    const { session, secret, hint } = await seeded();
    expect(hint.length).toBeGreaterThan(4);
    const needles = [...canaryForms(secret, 'secret'), ...canaryForms(hint, 'hint')];
    for (const format of EXPORT_FORMATS) {
      const { text, keys } = exportInventory(session, format);
      expect(keys).toBe(3);
      expect(text).toContain('Canary key');
      expect(scanText(text, needles), format).toEqual([]);
      expect(text, format).not.toMatch(/"hint"|"secret"/);
    }
  });

  it('redact a stored secret or hint someone typed into a field, in every format', async () => {
    const { session, secret, hint } = await seeded();
    session.inventory.add(sampleKey({ name: 'admin' }), { value: 'admin' }); // too short to redact: an ordinary word
    session.inventory.add(
      sampleKey({
        name: 'Careless notes',
        notes: `old key was KNOUDS_KEY=${secret} (rotated)`,
        purpose: `same as ${hint}`,
        deployedTo: [`env var set to ${secret}`],
      }),
      { value: 'careless-own-secret-0001' },
    );
    const needles = [...canaryForms(secret, 'secret'), ...canaryForms(hint, 'hint')];
    for (const format of EXPORT_FORMATS) {
      const r = exportInventory(session, format);
      expect(scanText(r.text, needles), format).toEqual([]);
      expect(r.text, format).toMatch(/\\?\[redacted\\?\]/); // Markdown escapes the brackets
      expect(r.text, format).toContain('admin'); // a short secret is not hunted for in ordinary words
      expect(r.redacted, format).toBeGreaterThanOrEqual(3);
    }
    expect(exportInventory(session, 'json').text).toContain('KNOUDS_KEY=[redacted] (rotated)');
  });

  it('JSON reads back to the very same document', async () => {
    const { session } = await seeded();
    const { text } = exportInventory(session, 'json');
    const doc = parseInventoryJson(text);
    expect(doc.containsSecrets).toBe(false);
    expect(doc).toEqual(JSON.parse(text));
    expect(doc.keys.map((k) => k.name).sort()).toEqual(['Canary key', 'Expired one', HOSTILE].sort());
  });

  it('CSV reads back to exactly the keys exported, hostile values included', async () => {
    const { session, clock } = await seeded();
    const doc = inventoryDocument(session.inventory.list().keys, { now: clock.now(), source: 'vault.db' });
    doc.keys[0] = {
      ...(doc.keys[0] as (typeof doc.keys)[0]),
      lastVerification: { at: '2026-11-01T10:00:00.000Z', result: 'valid', message: 'OK, fine', identity: '=me' },
    };
    const csv = formatCsv(doc);
    const back = parseCsv(csv, { source: doc.source, exportedAt: doc.exportedAt });
    expect(back).toEqual(doc);
  });

  it('CSV defuses formula injection and keeps RFC 4180 quoting', async () => {
    const { session } = await seeded();
    const csv = exportInventory(session, 'csv').text;
    expect(csv.startsWith(CSV_COLUMNS.join(',') + '\r\n')).toBe(true);
    const rows = readCsv(csv, 'inventory.csv').map((r) => r.cells);
    expect(rows.every((r) => r.length === CSV_COLUMNS.length)).toBe(true);
    const hostile = rows.find((r) => r[2] === HOSTILE) as string[];
    const col = (name: string) => hostile[CSV_COLUMNS.indexOf(name as (typeof CSV_COLUMNS)[number])];
    expect(col('owner')).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(col('account')).toBe("'+1+1");
    expect(col('environment')).toBe("'-2");
    expect(col('purpose')).toBe("'@SUM(A1)");
    expect(col('notes')?.startsWith("''already quoted")).toBe(true);
    // No cell of the file, as a spreadsheet splits it, starts a formula.
    for (const r of rows) for (const c of r) expect(c).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('CSV parser names the line of a broken file', () => {
    const header = CSV_COLUMNS.join(',');
    expect(() => parseCsv(`${header}\r\n"unterminated`, { source: 's', exportedAt: 'x' })).toThrow(/line 2/);
    expect(() => parseCsv(`${header}\r\na,b\r\n`, { source: 's', exportedAt: 'x' })).toThrow(/line 2: 2 cells/);
    expect(() => parseCsv('name,secret\r\n', { source: 's', exportedAt: 'x' })).toThrow(/line 1/);
  });

  it('HTML escapes every value, loads nothing and runs nothing', async () => {
    const { session } = await seeded();
    const html = exportInventory(session, 'html').text;
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    );
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain(htmlEscape(HOSTILE));
    // Every tag in the file is one the report writes, and none loads or runs anything.
    const tags = [...html.matchAll(/<([a-zA-Z][\w-]*)([^>]*)>/g)];
    const names = new Set(tags.map((m) => (m[1] as string).toLowerCase()));
    const allowed =
      'html head meta title style body main header h1 h2 h3 p strong section div svg line text g rect table thead tbody tr th td span footer wbr';
    expect([...names].filter((n) => !allowed.split(' ').includes(n))).toEqual([]);
    for (const m of tags) expect(m[2], m[0]).not.toMatch(/\s(on\w+|src|href|action|formaction)\s*=/i);
    expect(html).toContain('<svg id="expiry-timeline"');
    // The expired key is in the chart's first bar.
    expect(html).toMatch(/<title>Expired: 1 key: Expired one<\/title>/);
  });

  it('Markdown escapes pipes so every row has the header\u2019s cells', async () => {
    const { session } = await seeded();
    const md = exportInventory(session, 'md').text;
    const lines = md.split('\n');
    const at = lines.findIndex((l) => l.startsWith('| State | Name |'));
    const cells = (l: string) => l.split(/(?<!\\)\|/).length;
    const want = cells(lines[at] as string);
    const rows = lines.slice(at + 2).filter((l) => l.startsWith('|'));
    expect(rows).toHaveLength(3);
    for (const r of rows) expect(cells(r)).toBe(want);
    expect(md).toContain('\\<script\\>');
    expect(md).not.toContain('<script>');
  });
});

describe('an export checked offline', () => {
  it('gives the alerts the vault gives, history-based rules included (rotation, use, revocation)', async () => {
    const { session, clock } = await seeded();
    const old = { createdAt: '2026-01-01', lastUsedAt: '2026-01-02', rotateEveryDays: 30 };
    // Rotated in Keyward today: its rotation clock restarts, though its platform creation date is old.
    const rotated = session.inventory.add(sampleKey({ name: 'Rotated today', ...old }), { value: 'rot-old-000001' });
    session.inventory.edit(rotated.id, {}, { value: 'rot-new-000002' });
    // Copied in Keyward today: used, though the platform's last-used date is old.
    const used = session.inventory.add(sampleKey({ name: 'Copied today', ...old, rotateEveryDays: null }), {
      value: 'used-000003',
    });
    session.inventory.reveal(used.id, 'copied');
    // Revocation started long ago and never confirmed.
    const pending = session.inventory.add(sampleKey({ name: 'Revocation stuck' }), { value: 'pending-000004' });
    session.inventory.annotate(pending.id, { status: 'revocation-pending' }, { action: 'revocation-pending' });
    clock.set(new Date(clock.now().getTime() + 20 * 86_400_000).toISOString());

    const now = clock.now();
    const alertsOf = (keys: Parameters<typeof computeAlerts>[0]) =>
      computeAlerts(keys, { settings: DEFAULT_ALERT_SETTINGS, now, duplicateGroups: [] })
        .map((a) => `${a.keyId} ${a.rule} ${a.severity}`)
        .sort();
    const inVault = alertsOf(session.inventory.list().keys);
    expect(inVault.some((a) => a.startsWith(pending.id))).toBe(true); // the rules did fire on something
    const doc = inventoryDocument(session.inventory.list().keys, { now, source: 'vault.db' });
    const fromJson = recordsOf(parseInventoryJson(JSON.stringify(doc)));
    const fromCsv = recordsOf(parseCsv(formatCsv(doc), { source: 'x.csv', exportedAt: doc.exportedAt }));
    expect(alertsOf(fromJson)).toEqual(inVault);
    expect(alertsOf(fromCsv)).toEqual(inVault);
  });
});
