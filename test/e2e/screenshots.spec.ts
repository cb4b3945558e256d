// The README's screenshots (docs/screenshots/), made on demand: `npm run screenshots`.
// 200 realistic keys; inventory, key detail, a rotation wizard step and the alerts
// dashboard, in light and dark.
import type { Page } from '@playwright/test';
import { startSimulator } from './bridge/simulators';
import { expect, test, unlockedVault } from './fixtures';
import { DetailPage } from './pages/detail.page';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';
import { WizardPage } from './pages/wizard.page';
import { seedKeys } from './seed';

const OUT = 'docs/screenshots';
const inDays = (n: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() + n)).toISOString().slice(0, 10);
};
const ACCOUNT = { account: 'user-42', email: 'deploy@acme.dev', tier: 'pro' };

async function setTheme(app: Page, theme: 'light' | 'dark') {
  await app.evaluate((t) => window.keyward.invoke('host.setPreferences', { theme: t }), theme);
}

for (const theme of ['light', 'dark'] as const) {
  test(`screenshots, ${theme} theme @screenshots`, async ({ app, bridge }) => {
    test.setTimeout(120_000);
    const sim = await startSimulator('knouds');
    await unlockedVault(bridge);
    bridge.seed(seedKeys(199));
    const old = sim.addKey(ACCOUNT);
    await bridge.call('keys.add', {
      fields: {
        platform: 'knouds',
        name: 'Release pipeline – platform',
        account: ACCOUNT.account,
        baseUrl: sim.baseUrl,
        owner: 'ana.souza@acme.dev',
        environment: 'production',
        tags: ['platform', 'ci'],
        scopes: ['workflow:run', 'workflow:read'],
        rotateEveryDays: 90,
        purpose: 'Deploys the API and the web app on merge to main',
        createdAt: inDays(-74),
        expiresAt: inDays(18),
        lastUsedAt: inDays(-1),
        deployedTo: [
          'GitHub Actions secret KNOUDS_KEY in acme/api',
          'Vercel env var in acme/web',
          'Kubernetes secret in cluster eu-1',
        ],
      },
      secret: { value: old.value },
    });
    await app.setViewportSize({ width: 1360, height: 820 });
    await app.goto(bridge.url);
    await setTheme(app, theme);
    await app.reload();
    const inventory = new InventoryPage(app);
    await expect(inventory.count).toHaveText('200 keys');
    await app.screenshot({ path: `${OUT}/inventory-${theme}.png` });

    await inventory.search.fill('release pipeline');
    await inventory.open('Release pipeline – platform');
    await new DetailPage(app).reveal();
    await app.mouse.move(5, 600);
    await app.screenshot({ path: `${OUT}/key-detail-${theme}.png` });

    await app.getByTestId('key-detail').getByRole('button', { name: 'Rotate…' }).click();
    const wizard = new WizardPage(app);
    await wizard.captureNewKey(sim.addKey(ACCOUNT).value);
    await wizard.click('Verify the new key');
    await wizard.expectStep('update-deployments');
    await wizard.dialog.getByRole('button', { name: 'Updated' }).first().click();
    await expect(wizard.dialog.locator('.checklist li.done')).toHaveCount(1);
    await app.screenshot({ path: `${OUT}/rotation-step-${theme}.png` });
    await wizard.close();
    await app.getByRole('button', { name: 'Close details' }).click();

    const shell = new ShellPage(app);
    await shell.go('Alerts');
    await expect(app.getByTestId('alert-list')).toBeVisible();
    await app.screenshot({ path: `${OUT}/alerts-${theme}.png` });
    await shell.go('Settings');
    await expect(app.getByLabel('Warn before expiry (days)')).toHaveValue('30, 7, 1');
    await app.screenshot({ path: `${OUT}/settings-${theme}.png` });
    await sim.close();
  });

  test(`first-run screenshot, ${theme} theme @screenshots`, async ({ app, bridge }) => {
    await bridge.call('host.setPreferences', { theme });
    await app.goto(bridge.url);
    await app.getByLabel('Master password').fill('correct-horse-battery');
    await app.screenshot({ path: `${OUT}/first-run-${theme}.png` });
  });
}
