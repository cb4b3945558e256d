// Exports and backups from the desktop interface: the host checks the master password typed
// again (I-5) before its save dialog, then writes the file 0600 where the "dialog" (here the
// bridge's queue) says. The HTML report is opened offline; CSV and JSON carry every key and
// neither the canary secret nor its hint; a backup is accepted by the core's restore check.
// The password never stays in a store, storage or the page.
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { restoreBackup as RestoreBackup } from '../../src-main/core/transfer/backup';
import type { systemClock as SystemClock } from '../../src-main/core/ports/clock.port';
import { canaryForms, scan } from '../helpers/canary';
import { PASSWORD, expect, test, unlockedVault } from './fixtures';
import { ExportPage } from './pages/export.page';
import { ShellPage } from './pages/shell.page';
import { seedKeys } from './seed';

const ROOT = resolve(import.meta.dirname, '../..');
const CANARY = 'knouds_live_CANARY-export-7c41e2a9b3d8QZWX';
const SEEDED = 24;
let dir: string;

test.beforeEach(async ({ bridge }) => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-export-e2e-'));
  await unlockedVault(bridge);
  bridge.seed([
    ...seedKeys(SEEDED - 1, { profile: 'every-rule' }),
    { fields: { platform: 'knouds', name: 'Canary deploy key', owner: 'sec@acme.dev' }, secret: { value: CANARY } },
  ]);
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

async function canaryHint(bridge: { call: <T>(c: string, i?: unknown) => Promise<{ ok: boolean; value?: T }> }) {
  const listed = await bridge.call<{ keys: { name: string; hint: string }[] }>('keys.list', {});
  const hint = listed.value?.keys.find((k) => k.name === 'Canary deploy key')?.hint;
  if (!hint) throw new Error('canary key not listed');
  return hint;
}

/** The secret in every encoding, its hint, and the hint's last four characters alone. */
async function forbidden(bridge: Parameters<typeof canaryHint>[0]) {
  const hint = await canaryHint(bridge);
  return [
    ...canaryForms(CANARY),
    { label: 'hint', bytes: Buffer.from(hint) },
    { label: 'hint-tail', bytes: Buffer.from('QZWX') },
  ];
}

const mode = (path: string) => statSync(path).mode & 0o777;

test('export the HTML report through the dialog; it opens offline with its summary and chart', async ({
  app,
  bridge,
  browser,
}) => {
  const out = join(dir, 'audit-report.html');
  bridge.dialogAnswers.push(out);
  await app.goto(bridge.url);
  const page = new ExportPage(app);
  await page.openFromToolbar();
  await expect(page.exportDialog.getByRole('radio', { name: /^HTML report/ })).toBeChecked();
  await expect(page.exportDialog).toContainText('No secret and no part of one is in this file');
  await page.export('HTML report', PASSWORD);
  await expect(page.saved(page.exportDialog)).toContainText('Saved audit-report.html');
  await expect(page.saved(page.exportDialog)).toContainText(`${SEEDED} keys, no secrets`);
  expect(bridge.saveRequests).toEqual([
    expect.objectContaining({
      kind: 'report-html',
      defaultName: expect.stringMatching(/^keyward-report-\d{4}-\d\d-\d\d\.html$/),
    }),
  ]);
  expect(mode(out)).toBe(0o600);
  expect(scan([out], await forbidden(bridge))).toEqual([]);
  // The password field is empty again and the password is in no store and no storage.
  await expect(page.password(page.exportDialog)).toHaveValue('');
  const shell = new ShellPage(app);
  expect(await shell.storesJson()).not.toContain(PASSWORD);
  expect(await shell.storageDump()).not.toContain(PASSWORD);

  // The auditor opens it: no script, every request that is not the file itself blocked and counted.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const requests: string[] = [];
  context.on('request', (r) => void (r.url().startsWith('file:') ? undefined : requests.push(r.url())));
  await context.route('**/*', (r) => (r.request().url().startsWith('file:') ? r.continue() : r.abort()));
  const report = await context.newPage();
  await report.goto(pathToFileURL(out).href);
  await expect(report.getByRole('heading', { name: 'Keyward inventory' })).toBeVisible();
  const summary = report.getByRole('region', { name: 'Summary' });
  await expect(summary.locator('.card .n').first()).toHaveText(String(SEEDED));
  await expect(summary).toContainText('expire within 30 days');
  await expect(report.locator('svg#expiry-timeline')).toBeVisible();
  expect(await report.locator('svg#expiry-timeline rect.bar').count()).toBe(13);
  await expect(report.locator('table.keys tbody tr')).toHaveCount(SEEDED);
  expect(requests).toEqual([]);
  await context.close();
});

test('CSV and JSON exports hold every key and neither the secret nor its hint', async ({ app, bridge }) => {
  const csv = join(dir, 'keys.csv');
  const json = join(dir, 'keys'); // typed without an extension: the host adds the format's
  bridge.dialogAnswers.push(csv, json);
  await app.goto(bridge.url);
  const page = new ExportPage(app);
  await page.openFromToolbar();
  await page.export('CSV', PASSWORD);
  await expect(page.saved(page.exportDialog)).toContainText('Saved keys.csv');
  await page.export('Keyward JSON', PASSWORD);
  await expect(page.saved(page.exportDialog)).toContainText('Saved keys.json');
  expect(bridge.saveRequests.map((r) => r.kind)).toEqual(['inventory-csv', 'inventory-json']);

  const lines = readFileSync(csv, 'utf8').trimEnd().split('\r\n');
  expect(lines[0]).toMatch(/^id,platform,name,account,/);
  expect(lines).toHaveLength(SEEDED + 1);
  expect(readFileSync(csv, 'utf8')).toContain('Canary deploy key');
  const doc = JSON.parse(readFileSync(`${json}.json`, 'utf8')) as {
    containsSecrets: boolean;
    keys: { name: string }[];
  };
  expect(doc.containsSecrets).toBe(false);
  expect(doc.keys).toHaveLength(SEEDED);
  expect(doc.keys.map((k) => k.name)).toContain('Canary deploy key');
  for (const f of [csv, `${json}.json`]) expect(mode(f)).toBe(0o600);
  expect(scan([csv, `${json}.json`], await forbidden(bridge))).toEqual([]);
});

test('a wrong or missing password is refused in the host and nothing is written or asked', async ({ app, bridge }) => {
  const out = join(dir, 'should-not-exist.csv');
  // Straight through the bridge, as a compromised page could call it.
  for (const call of ['host.exportInventory', 'host.backupVault'] as const) {
    const input = call === 'host.exportInventory' ? { format: 'csv' } : {};
    bridge.dialogAnswers.push(out);
    const none = await bridge.call(call, input);
    expect(none.ok ? 'ok' : none.error.code).toBe('REAUTH_REQUIRED');
    const empty = await bridge.call(call, { ...input, password: '' });
    expect(empty.ok ? 'ok' : empty.error.code).toBe('REAUTH_REQUIRED');
    const wrong = await bridge.call(call, { ...input, password: `${PASSWORD}x` });
    expect(wrong.ok ? 'ok' : wrong.error.code).toBe('WRONG_PASSWORD');
    const extra = await bridge.call(call, { ...input, password: PASSWORD, path: out });
    expect(extra.ok ? 'ok' : extra.error.code).toBe('BAD_INPUT');
    bridge.dialogAnswers.length = 0;
  }
  expect(bridge.saveRequests).toEqual([]);
  expect(readdirSync(dir)).toEqual([]);

  // Guessing through re-authentication is slowed down like unlocking (the same throttle, in the host).
  let last = '';
  for (let i = 0; i < 3; i += 1) {
    const r = await bridge.call('host.exportInventory', { format: 'csv', password: `guess-${i}` });
    last = r.ok ? 'ok' : r.error.message;
  }
  expect(last).toContain('After 5 wrong attempts, the next one waits 1 s.');

  // Through the dialog: the host's refusal is shown, and the field is empty for another try.
  bridge.dialogAnswers.push(out);
  await app.goto(bridge.url);
  const page = new ExportPage(app);
  await page.openFromToolbar();
  await page.export('CSV', 'not the master password');
  await expect(page.exportDialog.getByRole('alert')).toContainText('That is not the master password of this vault');
  await expect(page.password(page.exportDialog)).toHaveValue('');
  expect(bridge.saveRequests).toEqual([]);
  expect(readdirSync(dir)).toEqual([]);
});

test('cancel in the save dialog writes nothing', async ({ app, bridge }) => {
  await app.goto(bridge.url);
  const page = new ExportPage(app);
  await page.openFromToolbar();
  await page.export('Markdown', PASSWORD); // the queue is empty: the user cancels
  await expect(page.exportDialog.getByRole('status')).toContainText('No file was chosen, so nothing was written.');
  expect(bridge.saveRequests.map((r) => r.kind)).toEqual(['inventory-md']);
  expect(readdirSync(dir)).toEqual([]);
});

test('back up from the command palette: a sealed file the restore check accepts with every key', async ({
  app,
  bridge,
}) => {
  const out = join(dir, 'vault-backup.kwb');
  bridge.dialogAnswers.push(out);
  await app.goto(bridge.url);
  const page = new ExportPage(app);
  await page.openFromPalette('back up the vault');
  await expect(page.backupDialog).toBeVisible();
  await expect(page.backupDialog).toContainText('The app does not restore');
  await expect(page.backupDialog).not.toContainText('keyward restore');
  await page.backup(PASSWORD);
  await expect(page.saved(page.backupDialog)).toContainText(/Saved vault-backup\.kwb \([\d.]+ KB\)/, {
    timeout: 15_000,
  });
  expect(bridge.saveRequests).toEqual([
    expect.objectContaining({
      kind: 'backup',
      defaultName: expect.stringMatching(/^keyward-backup-\d{4}-\d\d-\d\d\.kwb$/),
    }),
  ]);
  expect(mode(out)).toBe(0o600);
  expect(readdirSync(dir)).toEqual(['vault-backup.kwb']); // no temporary file left beside it
  expect(readFileSync(out).subarray(0, 8).toString('latin1')).toBe('KWBACKUP');
  expect(scan([out], await forbidden(bridge))).toEqual([]);
  const shell = new ShellPage(app);
  expect(await shell.storesJson()).not.toContain(PASSWORD);
  expect(await shell.storageDump()).not.toContain(PASSWORD);

  const load = async <T>(rel: string): Promise<T> =>
    (await import(pathToFileURL(join(ROOT, 'out/cli', rel)).href)) as T;
  const { restoreBackup } = await load<{ restoreBackup: typeof RestoreBackup }>('core/transfer/backup.js');
  const { systemClock } = await load<{ systemClock: typeof SystemClock }>('core/ports/clock.port.js');
  const report = await restoreBackup(out, PASSWORD, join(dir, 'restored.db'), { verifyOnly: true, clock: systemClock });
  expect(report.keys).toBe(SEEDED);
  expect(report.damagedKeys).toBe(0);
  expect(report.restoredTo).toBeNull();
});

test('a file is replaced only where the dialog asked; the replacement is 0600; never the vault itself', async ({
  bridge,
}) => {
  // The dialog answered an existing file: the OS asked, the user confirmed. It is replaced, 0600.
  const existing = join(dir, 'old.csv');
  writeFileSync(existing, 'old content');
  chmodSync(existing, 0o644);
  bridge.dialogAnswers.push(existing);
  const replaced = await bridge.call('host.exportInventory', { format: 'csv', password: PASSWORD });
  expect(replaced.ok).toBe(true);
  expect(readFileSync(existing, 'utf8')).toContain('Canary deploy key');
  expect(mode(existing)).toBe(0o600);

  // A name typed without an extension that exists with it: the dialog did not ask about that file.
  writeFileSync(join(dir, 'report.html'), 'keep me');
  bridge.dialogAnswers.push(join(dir, 'report'));
  const refused = await bridge.call('host.exportInventory', { format: 'html', password: PASSWORD });
  expect(refused.ok ? 'ok' : refused.error.code).toBe('BAD_INPUT');
  expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe('keep me');

  // The vault file and its companions are never a target, even confirmed.
  const vault = join(bridge.dataDir, 'vault.db');
  bridge.dialogAnswers.push(vault);
  const overVault = await bridge.call('host.exportInventory', { format: 'json', password: PASSWORD });
  expect(overVault.ok ? 'ok' : overVault.error.code).toBe('BAD_INPUT');
  bridge.dialogAnswers.push(`${vault}-wal`);
  const overWal = await bridge.call('host.backupVault', { password: PASSWORD });
  expect(overWal.ok ? 'ok' : overWal.error.code).toBe('BAD_INPUT');
  const listed = await bridge.call<{ keys: unknown[] }>('keys.list', {});
  expect(listed.ok && listed.value.keys.length).toBe(SEEDED);
  expect(readdirSync(dir).sort()).toEqual(['old.csv', 'report.html']);
});
