// File → Open inventory: an auditor with no vault opens an export from the first-run
// screen and reads it, read-only (no reveal, copy, edit or verify anywhere); a file
// holding secrets is refused; an unlocked user opens one from the command palette.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, unlockedVault } from './fixtures';
import { HOSTILE_NAME, writeExports } from './export-files';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';
import { seedKeys } from './seed';

let dir = '';
let files: Record<string, string> = {};
test.beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-open-inventory-'));
  files = await writeExports(dir, 40, ['json', 'csv']);
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

for (const format of ['json', 'csv'] as const) {
  test(`with no vault, a ${format} export opens read-only from the first-run screen`, async ({ app, bridge }) => {
    await app.goto(bridge.url);
    await expect(app.getByRole('heading', { name: 'Create your Keyward vault' })).toBeVisible();
    bridge.pickFile(files[format] as string);
    await app.getByRole('button', { name: 'Open an inventory export…' }).click();

    const banner = app.getByTestId('read-only-banner');
    await expect(banner).toContainText(`Read-only: inventory.${format}, exported`);
    await expect(app.getByRole('heading', { name: 'Inventory export' })).toBeVisible();
    const inventory = new InventoryPage(app);
    await expect(inventory.rows().first()).toBeVisible();
    await expect(app.getByRole('columnheader', { name: 'Hint' })).toHaveCount(0);
    await expect(app.getByText('41 keys', { exact: true })).toBeVisible();
    // Keys, not alerts, and the status each would show in the vault: the every-rule seed holds
    // keys recorded active past their expiry, which read Expired, never Active.
    await expect(app.getByRole('heading', { name: 'Inventory export' }).locator('..')).not.toContainText('alert');
    await expect(app.getByRole('columnheader', { name: /State/ })).toBeVisible();
    await expect(inventory.rows().first().locator('.state')).toHaveText(/Act now|Due soon|Housekeeping|Fine/);

    // The hostile name is shown as text.
    await inventory.search.fill('pwned');
    await expect(inventory.rows()).toHaveCount(1);
    await inventory.rows().first().click();
    const detail = app.getByTestId('key-detail');
    await expect(detail).toContainText(HOSTILE_NAME);
    await expect(detail).toContainText("o'brien@acme.dev");
    // Nothing in the read-only view acts on a key.
    for (const name of [/reveal/i, /copy/i, /verify/i, /rotate/i, /revoke/i, /delete/i, /edit/i])
      await expect(app.getByRole('button', { name })).toHaveCount(0);

    // No secret of the vault the export came from is anywhere in the page or its stores.
    const stores = await new ShellPage(app).storesJson();
    expect(stores).toContain(HOSTILE_NAME.replace(/"/g, '\\"'));
    const page = (await app.content()) + stores;
    for (const k of seedKeys(40, { profile: 'every-rule' })) expect(page).not.toContain(k.secret.value);
    expect(page).not.toContain('hostile-name-secret-0123456789');

    await banner.getByRole('button', { name: 'Close' }).click();
    await expect(app.getByRole('heading', { name: 'Create your Keyward vault' })).toBeVisible();
    expect(JSON.parse(await new ShellPage(app).storesJson()).inventoryFile.opened).toBeNull();
  });
}

test('a file holding secrets, a backup-like or broken file and a cancelled dialog are refused plainly', async ({
  app,
  bridge,
}) => {
  await app.goto(bridge.url);
  const open = app.getByRole('button', { name: 'Open an inventory export…' });
  const withSecrets = join(dir, 'with-secrets.json');
  writeFileSync(
    withSecrets,
    JSON.stringify({
      format: 'keyward.inventory',
      version: 1,
      exportedAt: '2026-01-01T00:00:00.000Z',
      source: 'vault.db',
      containsSecrets: true,
      keys: [],
    }),
  );
  bridge.pickFile(withSecrets);
  await open.click();
  await expect(app.getByText(/holds secrets in the clear/)).toBeVisible();
  await expect(app.getByTestId('read-only-banner')).toHaveCount(0);

  const broken = join(dir, 'broken.csv');
  writeFileSync(broken, 'not,an,export\n');
  bridge.pickFile(broken);
  await open.click();
  await expect(app.getByText(/neither a Keyward inventory export/)).toBeVisible();

  bridge.pickFile(null);
  await open.click();
  await expect(app.getByRole('heading', { name: 'Create your Keyward vault' })).toBeVisible();
  await expect(app.getByTestId('read-only-banner')).toHaveCount(0);
});

test('unlocked, the command palette opens an export and closing returns to the vault', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.expectShown();
  bridge.pickFile(files.json as string);
  await app.keyboard.press('Control+k');
  await app.keyboard.type('inventory export'); // the palette opens on its search field
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('read-only-banner')).toBeVisible();
  await expect(inventory.rows().first()).toBeVisible();
  await app.getByTestId('read-only-banner').getByRole('button', { name: 'Close' }).click();
  await inventory.expectShown();
  await expect(app.getByTestId('read-only-banner')).toHaveCount(0);
});

test('open inventory screenshot @screenshots', async ({ app, bridge }) => {
  await app.setViewportSize({ width: 1360, height: 820 });
  await app.goto(bridge.url);
  await app.evaluate(() => window.keyward.invoke('host.setPreferences', { theme: 'light' }));
  bridge.pickFile(files.json as string);
  await app.getByRole('button', { name: 'Open an inventory export…' }).click();
  const inventory = new InventoryPage(app);
  await expect(inventory.rows().first()).toBeVisible();
  await inventory.rows().nth(2).click();
  await expect(app.getByTestId('key-detail')).toBeVisible();
  await app.screenshot({ path: 'docs/screenshots/open-inventory-light.png' });
});
