// Scan a folder… from the keyboard alone, over a real folder and a real git repository: the palette
// opens the dialog on its first control, main's folder dialog (the bridge's stand-in) picks the folder,
// the results come grouped by key with path:line (and the commit for history), the unknown key apart;
// Esc closes the dialog only and focus goes back to what had it; the key's detail lists its finding;
// Cancel stops a long scan; a folder with no history says so in words. The planted secrets are never in
// the page, the renderer's stores or any answer the bridge gave, in any form.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { canaryForms, newCanary, scanText } from '../helpers/canary';
import type { Bridge } from './bridge/bridge';
import { expect, test, unlockedVault } from './fixtures';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';
import { plantLargeFolder, plantRepo, type PlantedRepo } from './scan-folder';
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
