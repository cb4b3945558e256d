// Import through the interface: the host picks the file (the shell's native dialog; here
// a path the test sets), the core reads it, and the page sees only the preview. Checks the
// inventory afterwards, duplicates, a platform correction, the progress bar, and that no
// store, storage or DOM ever holds a secret from the file.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportedKey, keywardDocument } from '../helpers/keyward-doc';
import { expect, test, unlockedVault } from './fixtures';
import { ImportPage } from './pages/import.page';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';
import type { Locator } from '@playwright/test';

// These check values in table columns (owner, hint) that the inventory shows only when the window has room for
// them beside the state column and an open detail panel; the small-window spec covers what gives way.
test.use({ viewport: { width: 1680, height: 900 } });

const FIXTURES = join(import.meta.dirname, '../fixtures/import');
const CANARY = 'knouds_live_CANARY-import-5f1d2c3b4a59687';
let dir: string;

test.beforeEach(async ({ bridge }) => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-import-e2e-'));
  await unlockedVault(bridge);
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

function envFile(): string {
  const path = join(dir, 'team.env');
  writeFileSync(
    path,
    [
      '# keys from the old deploy box',
      `CANARY_DEPLOY_KEY=${CANARY}`,
      'GITHUB_TOKEN=ghp_A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8',
      'REPORTS_TOKEN_STAGING=abcdefghijklmnop1234',
      'OLD_KNOUDS_KEY=knouds_live_AlreadyStored0000000001',
      'PORT=3000',
    ].join('\n'),
  );
  return path;
}

test('import a .env file: preview, correct a platform, skip a duplicate, and the keys are in the inventory', async ({
  app,
  bridge,
}) => {
  bridge.seed([
    {
      fields: { platform: 'knouds', name: 'Stored earlier' },
      secret: { value: 'knouds_live_AlreadyStored0000000001' },
    },
  ]);
  bridge.setImportFile(envFile());
  await app.goto(bridge.url);
  const dialog = new ImportPage(app);
  await dialog.openFromToolbar();
  await dialog.chooseFile();
  await expect(dialog.rows()).toHaveCount(4);
  await expect(dialog.dialog).toContainText('4 keys found in team.env');
  await expect(dialog.row('CANARY_DEPLOY_KEY')).toContainText('knouds_live_…9687');
  await expect(dialog.row('GITHUB_TOKEN')).toContainText('ghp_…Q7r8');
  await expect(dialog.row('OLD_KNOUDS_KEY')).toContainText('In vault: Stored earlier');
  await expect(app.getByRole('checkbox', { name: 'Import OLD_KNOUDS_KEY' })).not.toBeChecked();
  await app.getByRole('combobox', { name: 'Platform of REPORTS_TOKEN_STAGING' }).selectOption('kognitos');

  await expect(app.locator('body')).not.toContainText('CANARY-import');
  expect(await new ShellPage(app).storesJson()).not.toContain('CANARY-import');

  await dialog.importButton().click();
  await expect(app.getByTestId('import-summary')).toContainText('Imported 3 keys. 1 duplicate was skipped.');
  await app.getByRole('button', { name: 'Done' }).click();

  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await expect(inventory.count).toHaveText('4 keys');
  await expect(inventory.row('CANARY_DEPLOY_KEY')).toContainText('knouds_live_…9687');
  await expect(inventory.row('REPORTS_TOKEN_STAGING')).toContainText('Kognitos');
  await expect(inventory.row('REPORTS_TOKEN_STAGING')).toContainText('staging');
  await expect(app.locator('body')).not.toContainText('CANARY-import');
  const shell = new ShellPage(app);
  expect(await shell.storesJson()).not.toContain('CANARY-import');
  expect(await shell.storageDump()).not.toContain('CANARY-import');
});

test('a bad file is refused with its line and reason, and nothing is imported', async ({ app, bridge }) => {
  const path = join(dir, 'broken.csv');
  writeFileSync(path, `name,secret,platform\nok,${CANARY},knouds\nbroken,only-two-fields\n`);
  bridge.setImportFile(path);
  await app.goto(bridge.url);
  const dialog = new ImportPage(app);
  await dialog.openFromToolbar();
  await dialog.chooseFile();
  await expect(dialog.dialog.getByRole('alert')).toContainText('broken.csv:3: has 2 fields; the header has 3');
  await expect(dialog.importButton()).toBeDisabled();
  await expect(app.locator('body')).not.toContainText('CANARY-import');
  const listed = await bridge.call<{ keys: unknown[] }>('keys.list', {});
  expect(listed.ok && listed.value.keys.length).toBe(0);
});

test('a row that sets a base URL other than the platform default shows it as a warning', async ({ app, bridge }) => {
  const path = join(dir, 'evil2.json');
  writeFileSync(path, keywardDocument([exportedKey({ baseUrl: 'https://evil.example/api' })]));
  bridge.setImportFile(path);
  await app.goto(bridge.url);
  const dialog = new ImportPage(app);
  await dialog.openFromToolbar();
  await dialog.chooseFile();
  await expect(dialog.row('Reports').getByTestId('import-warning')).toContainText(
    'sets the base URL https://evil.example/api',
  );
});

test('a large import shows a progress bar, opened from the command palette', async ({ app, bridge }) => {
  test.setTimeout(90_000);
  const path = join(dir, 'many.env');
  writeFileSync(
    path,
    Array.from({ length: 40_000 }, (_, i) => `K${i}_KEY=knouds_live_${String(i).padStart(24, 'p')}`).join('\n'),
  );
  bridge.setImportFile(path);
  await app.goto(bridge.url);
  await expect(app.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
  await app.keyboard.press('Control+k');
  await app.getByLabel('Command or key').fill('import');
  await app.keyboard.press('Enter');
  const dialog = new ImportPage(app);
  await dialog.chooseFile();
  await expect(dialog.dialog).toContainText('Showing the first 300 of 40,000', { timeout: 30_000 });
  await dialog.importButton().click();
  await expect(app.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
  await expect(app.getByTestId('import-summary')).toContainText('Imported 40,000 keys.', { timeout: 60_000 });
});

test('screenshot of the import preview @screenshots', async ({ app, bridge }) => {
  const path = join(dir, '1password.csv');
  copyFileSync(join(FIXTURES, '1password.csv'), path);
  bridge.seed([
    { fields: { platform: 'kubiya', name: 'Kubiya runner (old)' }, secret: { value: 'kby_Rt5Yu6Io7Pa8Sd9Fg0Hj' } },
  ]);
  bridge.setImportFile(path);
  await app.setViewportSize({ width: 1360, height: 820 });
  await app.goto(bridge.url);
  await app.evaluate(() => window.keyward.invoke('host.setPreferences', { theme: 'light' }));
  await app.reload();
  const dialog = new ImportPage(app);
  await dialog.openFromToolbar();
  await dialog.chooseFile();
  await expect(dialog.rows()).toHaveCount(3);
  await app.screenshot({ path: 'docs/screenshots/import-preview-light.png' });
});

test('KeePassXC XML: an imported entry whose TOTP field was skipped is not counted among the entries not imported', async ({
  app,
  bridge,
}) => {
  const path = join(dir, 'kpx.xml');
  copyFileSync(join(FIXTURES, 'keepassxc-otp-recycle.xml'), path);
  bridge.setImportFile(path);
  await app.goto(bridge.url);
  const dialog = new ImportPage(app);
  await dialog.openFromToolbar();
  await dialog.chooseFile();
  await expect(dialog.rows()).toHaveCount(5);
  // 11 entries: 3 imported, 1 left out, 7 skipped (the recycle bin); entry 3's TOTP seed is a skipped field.
  const skipped = dialog.dialog.locator('.import-skipped summary');
  await expect(skipped).toContainText('7 entries not imported');
  await expect(skipped).toContainText('1 field skipped in other entries');
});

/** Presses a control from the keyboard: focused, then Enter (or Space for a checkbox); no mouse event. */
async function press(locator: Locator, key = 'Enter'): Promise<void> {
  await locator.focus();
  await locator.press(key);
}

test('the import summary gives the result first, then the hint naming the button as it reads', async ({
  app,
  bridge,
}) => {
  bridge.seed([
    {
      fields: { platform: 'knouds', name: 'Stored earlier' },
      secret: { value: 'knouds_live_AlreadyStored0000000001' },
    },
  ]);
  bridge.setImportFile(envFile());
  await app.goto(bridge.url);
  const dialog = new ImportPage(app);
  await press(app.getByRole('button', { name: 'Import', exact: true }));
  await press(dialog.dialog.getByRole('button', { name: /Choose (a|another) file/ }));
  await press(dialog.importButton());
  const summary = app.getByTestId('import-summary');
  await expect(summary).toContainText('Imported 3 keys.');
  const text = (await summary.innerText()).replace(/\s+/g, ' ').trim();
  expect(text.startsWith('Imported 3 keys. 1 duplicate was skipped.')).toBe(true);
  expect(text).toContain('Edit the 3 imported keys…');
  await expect(app.getByRole('button', { name: 'Edit the 3 imported keys…' })).toBeVisible();
});
