// Scan a folder… from the keyboard alone, over a real folder and a real git repository: the palette
// opens the dialog on its first control, main's folder dialog (the bridge's stand-in) picks the folder,
// the results come grouped by key with path:line (and the commit for history), the unknown key apart;
// Esc closes the dialog only and focus goes back to what had it; the key's detail lists its finding;
// Cancel stops a long scan; a folder with no history says so in words. The planted secrets are never in
// the page, the renderer's stores or any answer the bridge gave, in any form. An unknown key is imported
// from the keyboard (Import…, the name confirmed, Enter), and all of them at once (Import all N…).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { canaryForms, newCanary, scanText } from '../helpers/canary';
import type { Bridge } from './bridge/bridge';
import { expect, test, unlockedVault } from './fixtures';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';
import { plantLargeFolder, plantRepo, randomText, type PlantedRepo } from './scan-folder';
import { seedKeys } from './seed';

let dir: string;
let planted: PlantedRepo;

test.beforeEach(async ({ bridge }) => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-scan-e2e-'));
  planted = plantRepo(dir);
  await unlockedVault(bridge);
  bridge.seed([...seedKeys(10), ...planted.keys]);
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement);
const scanDialog = (app: Page) => app.getByRole('dialog', { name: 'Scan a folder for keys' });

/** From where focus is: Ctrl K, "scan", Enter; the dialog opens on its first control. */
async function openScan(app: Page): Promise<Locator> {
  await app.keyboard.press('Control+k');
  await expect(app.getByRole('dialog', { name: 'Command palette' })).toBeVisible();
  await app.keyboard.type('scan a folder');
  await app.keyboard.press('Enter');
  const dialog = scanDialog(app);
  await expect(dialog).toBeVisible();
  await expect.poll(() => isFocused(dialog.getByRole('checkbox', { name: /git history/ }))).toBe(true);
  return dialog;
}

/** Tab to the dialog's start button and press Enter on it. */
async function startScan(app: Page, dialog: Locator): Promise<void> {
  const go = dialog.getByRole('button', { name: 'Choose a folder and scan…' });
  for (let i = 0; i < 4 && !(await isFocused(go)); i++) await app.keyboard.press('Tab');
  expect(await isFocused(go)).toBe(true);
  await app.keyboard.press('Enter');
}

/**
 * The page, the stores and every answer: none may hold a planted secret in any form. Controls: `onPage`
 * (text on screen) and `inData` (a key name the stores and answers hold) must be found, so the search is
 * known to read what each holds.
 */
async function expectNoSecret(
  app: Page,
  answers: string[],
  secrets: string[],
  { onPage, inData }: { onPage: string; inData: string },
): Promise<void> {
  const needles = secrets.flatMap((s, i) => canaryForms(s, `secret-${i}`));
  const places = [
    ['page', await app.evaluate(() => document.documentElement.outerHTML), onPage],
    ['stores', await new ShellPage(app).storesJson(), inData],
    ['answers', answers.join('\n'), inData],
  ] as const;
  for (const [where, text, control] of places) {
    expect(text, `${where} is read`).toContain(control);
    expect(scanText(text, needles), where).toEqual([]);
  }
}

async function arrive(app: Page, bridge: Bridge): Promise<InventoryPage> {
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.expectShown();
  // Focus lands on the inventory after unlock; "/" goes to its search, as a keyboard user gets there.
  await app.keyboard.press('/');
  await expect.poll(() => isFocused(inventory.search)).toBe(true);
  return inventory;
}

for (const viewport of [
  { width: 1280, height: 800 },
  { width: 1024, height: 640 },
]) {
  test.describe(`at ${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport });

    test('scan a repository with its history from the keyboard: grouped by key, unknown key apart, finding on the key', async ({
      app,
      bridge,
    }) => {
      const answers = bridge.recordAnswers();
      bridge.setScanFolder(planted.repo);
      const inventory = await arrive(app, bridge);
      const dialog = await openScan(app);
      await app.keyboard.press('Space');
      await expect(dialog.getByRole('checkbox', { name: /git history/ })).toBeChecked();
      await startScan(app, dialog);

      await expect(dialog.getByTestId('scan-dialog')).toHaveAttribute('data-phase', 'done', { timeout: 15_000 });
      const results = dialog.getByTestId('scan-results');
      await expect(results).toContainText(/Read 4 files \(\d+ KB\) and [12] commits?\./);
      await expect.poll(() => isFocused(dialog.getByRole('button', { name: 'Done' }))).toBe(true);

      const stored = dialog.getByTestId('scan-stored');
      await expect(stored.locator(':scope > li')).toHaveCount(2);
      const deploy = stored.getByRole('listitem', { name: 'Deploy bot – acme-api' });
      await expect(deploy).toContainText('Knouds');
      await expect(deploy).toContainText('.env:2');
      await expect(deploy).toContainText('src/client.ts:3');
      const ci = stored.getByRole('listitem', { name: 'Kognitos CI token' });
      await expect(ci).toContainText('Kognitos');
      await expect(ci).toContainText(`config/ci.env:2 · in commit ${planted.historyCommit.slice(0, 12)}`);
      // The key the vault does not hold is listed apart, with its detected service, never among the stored ones.
      const unknown = dialog.getByTestId('scan-unknown');
      await expect(unknown.locator(':scope > li')).toHaveCount(1);
      await expect(unknown).toContainText('GitHub token');
      await expect(unknown.locator('.chip')).toHaveText('GitHub');
      await expect(unknown).toContainText('notes.txt:1');
      await expect(unknown).toContainText('GITHUB_TOKEN');
      await expect(stored).not.toContainText('notes.txt');
      await expectNoSecret(app, answers, Object.values(planted.secrets), {
        onPage: 'Kognitos CI token',
        inData: 'Kognitos CI token',
      });

      // Esc closes the dialog only (no palette, no panel behind it) and focus is back on the search.
      await app.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await expect(app.getByRole('dialog')).toHaveCount(0);
      await expect.poll(() => isFocused(inventory.search)).toBe(true);

      // The key's detail lists where it was found, first and last seen; the finding made it act now.
      await app.keyboard.type('deploy bot');
      await app.keyboard.press('ArrowDown');
      await app.keyboard.press('ArrowDown');
      await expect(inventory.row('Deploy bot – acme-api')).toHaveAttribute('aria-selected', 'true');
      await app.keyboard.press('Enter');
      const findings = app.getByTestId('key-detail').getByTestId('key-findings');
      await expect(findings.getByRole('listitem')).toHaveCount(2);
      await expect(findings).toContainText(`Found in plaintext: ${join(planted.repo, '.env')}:2`);
      await expect(findings).toContainText(`Found in plaintext: ${join(planted.repo, 'src', 'client.ts')}:3`);
      await expect(findings.getByRole('listitem').first()).toContainText(/First seen .+ · last seen .+/);
      await expectNoSecret(app, answers, Object.values(planted.secrets), {
        onPage: 'Found in plaintext',
        inData: 'Kognitos CI token',
      });
    });

    test('Cancel stops a long scan from the keyboard; a folder with no history says so in words', async ({
      app,
      bridge,
    }) => {
      const answers = bridge.recordAnswers();
      const secret = newCanary('knouds_live_LARGE');
      bridge.seed([{ fields: { platform: 'knouds', name: 'Monorepo key' }, secret: { value: secret } }]);
      const large = plantLargeFolder(dir, 3000, secret);
      bridge.setScanFolder(large);
      await arrive(app, bridge);

      // With its history asked for, a folder that is not a repository: the reason, in words, and a way on.
      const dialog = await openScan(app);
      await app.keyboard.press('Space');
      await startScan(app, dialog);
      const problem = dialog.getByRole('alert');
      await expect(problem).toContainText('is not in a git repository: scan it without its history.');
      await expect(problem).not.toContainText(/keyward |--/);
      await expect.poll(() => isFocused(dialog.getByRole('button', { name: 'Done' }))).toBe(true);
      await app.keyboard.press('Shift+Tab');
      await app.keyboard.press('Enter'); // Scan another folder…
      await expect.poll(() => isFocused(dialog.getByRole('checkbox', { name: /git history/ }))).toBe(true);
      await app.keyboard.press('Space');
      await expect(dialog.getByRole('checkbox', { name: /git history/ })).not.toBeChecked();
      await startScan(app, dialog);

      // Progress: files and MB read so far, focus on Cancel.
      const progress = dialog.getByRole('status', { name: 'Scan progress' });
      await expect(progress).toBeVisible();
      await expect.poll(() => isFocused(dialog.getByRole('button', { name: 'Cancel scan' }))).toBe(true);
      await expect(progress).toContainText(/Files\s*[1-9]/);
      await expect(progress).toContainText(/Read\s*[\d.]+ MB/);
      await app.keyboard.press('Enter');
      await expect(dialog.getByTestId('scan-cancelled')).toContainText('Scan cancelled');
      const status = await bridge.call<{ phase: string; files: number }>('scan.status');
      expect(status.ok && status.value.phase).toBe('cancelled');
      expect(status.ok && status.value.files).toBeLessThan(3000);
      // A cancelled scan records nothing, so the key's detail lists no finding.
      const listed = await bridge.call<{ keys: { id: string; name: string }[] }>('keys.list', {});
      const id = listed.ok ? (listed.value.keys.find((k) => k.name === 'Monorepo key')?.id ?? '') : '';
      const findings = await bridge.call<{ findings: unknown[] }>('scan.findings', { keyId: id });
      expect(findings.ok && findings.value.findings).toEqual([]);

      await expectNoSecret(app, answers, [secret], { onPage: 'Scan cancelled', inData: 'Monorepo key' });
      await app.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    });
  });
}

/** Tab (or Shift+Tab) until `target` has focus; fails after `max` presses. */
async function tabTo(app: Page, target: Locator, key: 'Tab' | 'Shift+Tab' = 'Tab', max = 12): Promise<void> {
  for (let i = 0; i < max && !(await isFocused(target)); i++) await app.keyboard.press(key);
  expect(await isFocused(target)).toBe(true);
}

async function scanToResults(app: Page, bridge: Bridge): Promise<Locator> {
  await arrive(app, bridge);
  const dialog = await openScan(app);
  await startScan(app, dialog);
  await expect(dialog.getByTestId('scan-dialog')).toHaveAttribute('data-phase', 'done', { timeout: 15_000 });
  await expect.poll(() => isFocused(dialog.getByRole('button', { name: 'Done' }))).toBe(true);
  return dialog;
}

test.describe('importing the keys a scan found that the vault does not hold', () => {
  test.use({ viewport: { width: 1280, height: 800 } });

  test('Import… from the keyboard: the name confirmed and changed, Cancel gives focus back, the new key carries its finding', async ({
    app,
    bridge,
  }) => {
    const answers = bridge.recordAnswers();
    bridge.setScanFolder(planted.repo);
    const dialog = await scanToResults(app, bridge);
    const unknown = dialog.getByTestId('scan-unknown');
    const row = unknown.getByRole('listitem', { name: 'GitHub token' });
    const open = row.getByRole('button', { name: 'Import GitHub token (GITHUB_TOKEN)…' });
    await tabTo(app, open, 'Shift+Tab');

    // Enter opens the form on its name, prefilled as keyward scan --import-unknown would name it; Cancel closes it.
    await app.keyboard.press('Enter');
    const form = row.getByRole('form', { name: 'Import GitHub token' });
    const name = form.getByRole('textbox', { name: 'Name' });
    await expect.poll(() => isFocused(name)).toBe(true);
    await expect(name).toHaveValue('GITHUB_TOKEN');
    await expect(form.getByRole('combobox', { name: 'Platform' })).toHaveValue('custom');
    await tabTo(app, form.getByRole('button', { name: 'Cancel' }));
    await app.keyboard.press('Enter');
    await expect(form).toBeHidden();
    await expect.poll(() => isFocused(open)).toBe(true);

    // Again: a new name typed, an owner and an environment; Enter in a field stores it.
    await app.keyboard.press('Enter');
    await expect.poll(() => isFocused(name)).toBe(true);
    await app.keyboard.press('Control+a');
    await app.keyboard.type('GitHub CI token');
    await app.keyboard.press('Tab'); // platform: the detected one stays
    await app.keyboard.press('Tab');
    await expect.poll(() => isFocused(form.getByRole('textbox', { name: /Owner/ }))).toBe(true);
    await app.keyboard.type('ana.souza@acme.dev');
    await app.keyboard.press('Tab');
    await app.keyboard.press('Tab');
    await app.keyboard.type('production');
    await app.keyboard.press('Enter');

    const link = row.getByRole('button', { name: 'GitHub CI token' });
    await expect(row.getByRole('status')).toHaveText('Imported as GitHub CI token');
    await expect.poll(() => isFocused(link)).toBe(true);
    await expect(row.getByRole('button', { name: /^Import/ })).toHaveCount(0);
    await expectNoSecret(app, answers, Object.values(planted.secrets), {
      onPage: 'Imported as',
      inData: 'GitHub CI token',
    });

    // The link opens the new key's detail: its fields, and the place it was found, as if stored before the scan.
    await app.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    const detail = app.getByTestId('key-detail');
    await expect(detail).toContainText('GitHub CI token');
    await expect(detail).toContainText('ana.souza@acme.dev');
    const findings = detail.getByTestId('key-findings');
    await expect(findings.getByRole('listitem')).toHaveCount(1);
    await expect(findings).toContainText(`Found in plaintext: ${join(planted.repo, 'notes.txt')}:1`);
    const alerts = await bridge.call<unknown>('alerts.list', {});
    expect(JSON.stringify(alerts)).toMatch(/GitHub CI token[^}]*plaintext|plaintext[^}]*GitHub CI token/);
    await expectNoSecret(app, answers, Object.values(planted.secrets), {
      onPage: 'Found in plaintext',
      inData: 'GitHub CI token',
    });
  });

  test('Import all N…: a result main forgot is said in words; then each key is stored, one stored meanwhile is not', async ({
    app,
    bridge,
  }) => {
    const answers = bridge.recordAnswers();
    const second = `knouds_live_${randomText(28)}`;
    writeFileSync(join(planted.repo, 'staging.env'), `KNOUDS_STAGING=${second}\n`);
    const secrets = [...Object.values(planted.secrets), second];
    bridge.setScanFolder(planted.repo);
    const dialog = await scanToResults(app, bridge);
    const all = dialog.getByRole('button', { name: 'Import all 2…' });
    await tabTo(app, all, 'Shift+Tab', 20);
    await app.keyboard.press('Enter');
    const form = dialog.getByRole('form', { name: 'Import all keys not in your vault' });
    await expect.poll(() => isFocused(form.getByRole('textbox', { name: /Owner/ }))).toBe(true);
    await expect(form).toContainText('GITHUB_TOKEN');
    await expect(form).toContainText('Found in staging.env:1'); // the CLI's name: a variable naming a platform is not shown
    await app.keyboard.type('platform-team');

    // Meanwhile another scan replaced the result this dialog shows: main no longer holds these keys.
    const rescan = await bridge.call<{ status: string }>('host.scanFolder', {});
    expect(rescan.ok && rescan.value.status).toBe('started');
    await expect
      .poll(async () => {
        const s = await bridge.call<{ phase: string }>('scan.status', {});
        return s.ok ? s.value.phase : '';
      })
      .toBe('done');
    await tabTo(app, form.getByRole('button', { name: 'Import 2 keys' }));
    await app.keyboard.press('Enter');
    const problem = form.getByRole('alert');
    await expect(problem).toContainText('Keyward no longer holds what that scan found');
    await expect(problem).toContainText('Scan the folder again, then import the key from the new result.');
    await expect(problem).not.toContainText(/keyward |--|NOT_FOUND|scan-result/);

    // Scan again; one of the two is stored by hand before the import.
    await tabTo(app, dialog.getByRole('button', { name: 'Scan another folder…' }));
    await app.keyboard.press('Enter');
    await startScan(app, dialog);
    await expect(dialog.getByTestId('scan-dialog')).toHaveAttribute('data-phase', 'done', { timeout: 15_000 });
    await bridge.call('keys.add', {
      fields: { platform: 'knouds', name: 'Staging by hand' },
      secret: { value: second },
    });
    await tabTo(app, dialog.getByRole('button', { name: 'Import all 2…' }), 'Shift+Tab', 20);
    await app.keyboard.press('Enter');
    await app.keyboard.type('platform-team');
    await app.keyboard.press('Enter');
    const done = dialog.getByRole('status').filter({ hasText: 'imported;' });
    await expect(done).toHaveText('1 key imported; 1 already in your vault.');
    await expect.poll(() => isFocused(done)).toBe(true);
    const unknown = dialog.getByTestId('scan-unknown');
    await expect(unknown.getByRole('listitem', { name: 'GitHub token' })).toContainText('Imported as GITHUB_TOKEN');
    await expect(unknown.getByRole('listitem', { name: /Knouds/ })).toContainText(
      'Already in your vault as “Staging by hand”: nothing was stored.',
    );
    const listed = await bridge.call<{ keys: { name: string; owner: string }[] }>('keys.list', {});
    const names = listed.ok ? listed.value.keys.filter((k) => k.owner === 'platform-team').map((k) => k.name) : [];
    expect(names).toEqual(['GITHUB_TOKEN']);
    await expectNoSecret(app, answers, secrets, { onPage: 'Imported as', inData: 'GITHUB_TOKEN' });
  });
});
