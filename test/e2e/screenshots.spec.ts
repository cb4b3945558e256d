// The README's screenshots (docs/screenshots/), made on demand: `npm run screenshots`.
// 200 realistic keys; inventory, key detail and the alerts dashboard in light and dark.
import type { Page } from '@playwright/test';
import { expect, test, unlockedVault } from './fixtures';
import { DetailPage } from './pages/detail.page';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';
import { seedKeys } from './seed';

const OUT = 'docs/screenshots';

async function setTheme(app: Page, theme: 'light' | 'dark') {
  await app.evaluate((t) => window.keyward.invoke('host.setPreferences', { theme: t }), theme);
}

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots, ${theme} theme @screenshots`, async ({ app, bridge }) => {
    test.setTimeout(120_000);
    await unlockedVault(bridge);
    for (const k of seedKeys(200)) await bridge.call('keys.add', k);
    await app.setViewportSize({ width: 1360, height: 820 });
    await app.goto(bridge.url);
    await setTheme(app, theme);
    await app.reload();
    const inventory = new InventoryPage(app);
    await inventory.expectShown();
    await expect(inventory.count).toHaveText('200 keys');
    await app.screenshot({ path: `${OUT}/inventory-${theme}.png` });

    const name = (await inventory.names())[2] ?? '';
    await inventory.open(name);
    await new DetailPage(app).reveal();
    await app.mouse.move(10, 790);
    await app.screenshot({ path: `${OUT}/key-detail-${theme}.png` });

    await new ShellPage(app).go('Alerts');
    await expect(app.getByTestId('alert-list')).toBeVisible();
    await app.screenshot({ path: `${OUT}/alerts-${theme}.png` });
  });
}
