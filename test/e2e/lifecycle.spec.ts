// Rotate and revoke through a simulated platform (Knouds on loopback): the guided
// portal steps, capture of the new key, verification, deployments, and proof that the
// old key is dead; a wizard closed half-way resumes where it stopped.
import { expect, test, unlockedVault } from './fixtures';
import { startSimulator, type SimulatorHandle } from './bridge/simulators';
import { DetailPage } from './pages/detail.page';
import { InventoryPage } from './pages/inventory.page';
import { WizardPage } from './pages/wizard.page';

let sim: SimulatorHandle;
test.beforeEach(async () => {
  sim = await startSimulator('knouds');
});
test.afterEach(async () => {
  await sim.close();
});

const ACCOUNT = { account: 'user-42', email: 'deploy@demo.test', tier: 'pro' };

test('rotate: new key captured and verified, deployments ticked, old key confirmed dead; resumes after closing', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  const old = sim.addKey(ACCOUNT);
  await bridge.call('keys.add', {
    fields: {
      platform: 'knouds',
      name: 'Deploy bot',
      account: ACCOUNT.account,
      baseUrl: sim.baseUrl,
      deployedTo: ['GitHub Actions secret DEPLOY_KEY', 'Vercel env var'],
    },
    secret: { value: old.value },
  });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await inventory.open('Deploy bot');
  const detail = new DetailPage(app);
  await detail.panel.getByRole('button', { name: 'Rotate…' }).click();
  const wizard = new WizardPage(app);
  await wizard.start('Start the rotation');
  await wizard.expectStep('capture-new-key');
  await expect(wizard.dialog.getByRole('link', { name: /Open the .* portal/ })).toHaveAttribute('href', /^https:\/\//);

  const fresh = sim.addKey(ACCOUNT); // the user creates it in the portal
  await wizard.captureNewKey(fresh.value);
  await wizard.expectStep('verify-new-key');
  // Closing here keeps the new key and the run: the detail offers to resume.
  await wizard.close();
  await detail.panel.getByRole('button', { name: 'Resume' }).click();
  await wizard.expectStep('verify-new-key');
  await wizard.click('Verify the new key');
  await wizard.expectStep('update-deployments');
  await expect(wizard.dialog.getByRole('status')).toContainText('Valid');
  for (let i = 0; i < 2; i++) await wizard.dialog.getByRole('button', { name: 'Updated' }).first().click();
  await wizard.expectStep('revoke-in-portal');
  await wizard.click('I am revoking it in the portal');
  await wizard.expectStep('confirm-old-key-dead');
  await wizard.click('Check the old key');
  await expect(wizard.dialog.getByText('The old key still works')).toBeVisible();
  sim.revokeKey(old.value); // the user revokes it in the portal
  await wizard.click('Check the old key');
  await wizard.expectStep('finished');
  await expect(wizard.dialog.getByRole('heading', { name: 'Rotation complete' })).toBeVisible();
  await wizard.click('Done');

  await expect(detail.panel).toContainText('Deploy bot');
  await expect(detail.panel.getByRole('button', { name: 'Rotate…' })).toBeVisible();
  const replaced = inventory.table.locator('[role="row"][data-key-name^="Deploy bot (replaced"]');
  await expect(replaced.locator('[role="gridcell"].col-status')).toHaveText('Revoked');
  await inventory.expectStatus((await replaced.getAttribute('data-key-name')) ?? '', 'Revoked');
  await inventory.expectStatus('Deploy bot', 'Active');
  await expect(detail.status).toHaveText('Active');
  await expect(app.locator('body')).not.toContainText(fresh.value);
});

test('revoke: the key is marked revoked only once the platform refuses it', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  const key = sim.addKey(ACCOUNT);
  await bridge.call('keys.add', {
    fields: { platform: 'knouds', name: 'Old integration', account: ACCOUNT.account, baseUrl: sim.baseUrl },
    secret: { value: key.value },
  });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await inventory.open('Old integration');
  const detail = new DetailPage(app);
  await detail.panel.getByRole('button', { name: 'Verify now' }).click();
  await expect(detail.panel.getByText(/(Valid|Refused) ·/)).toBeVisible();
  await detail.panel.getByRole('button', { name: 'Revoke…' }).click();
  const wizard = new WizardPage(app);
  await wizard.start('Start the revocation');
  await wizard.expectStep('confirm-old-key-dead');
  await inventory.expectStatus('Old integration', 'Revoking');
  await expect(detail.status).toHaveText('Revoking');
  sim.revokeKey(key.value);
  await wizard.click('Check the old key');
  await expect(wizard.dialog.getByRole('heading', { name: 'Key revoked' })).toBeVisible();
  await wizard.click('Done');
  await inventory.expectStatus('Old integration', 'Revoked');
  await expect(detail.status).toHaveText('Revoked');
});

test('verify listed keys: progress, a tally of the answers, and a Cancel that stops further checks', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  const keys = Array.from({ length: 10 }, () => sim.addKey(ACCOUNT));
  sim.revokeKey(keys[0]?.value ?? '');
  bridge.seed(
    keys.map((k, i) => ({
      fields: { platform: 'knouds', name: `Worker ${i}`, account: ACCOUNT.account, baseUrl: sim.baseUrl },
      secret: { value: k.value },
    })),
  );
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await app.getByRole('button', { name: 'Verify listed' }).click();
  const dialog = app.getByTestId('bulk-verify');
  await expect(dialog).toContainText('Checked 10 keys.');
  await expect(dialog.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '10');
  await expect(dialog.locator('.verify-valid')).toContainText('9');
  await expect(dialog.locator('.verify-invalid')).toContainText('1'); // Knouds answers a revoked key with 401
  await dialog.getByRole('button', { name: 'Close' }).click();
  await new InventoryPage(app).showAll();
  await new InventoryPage(app).open('Worker 3');
  await expect(app.getByTestId('key-detail').getByText(/(Valid|Refused) ·/)).toBeVisible();
  await app.getByRole('button', { name: 'Close details' }).click();

  sim.setFault({ kind: 'slow', delayMs: 400 });
  await app.getByRole('button', { name: 'Verify listed' }).click();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toContainText(/Cancelled after \d of 10 keys\./);
  sim.setFault(null);
});
