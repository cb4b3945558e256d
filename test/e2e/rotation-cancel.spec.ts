// What Cancel does in the rotate and revoke wizards, driven by typing as a user does: after
// KAI's Regenerate the old key is dead, so the wizard explains why there is no Cancel; a
// cancelled revocation puts the key back to Active and says the key is unchanged; the typed
// name must be exact.
import { expect, test, unlockedVault } from './fixtures';
import { startSimulator, type SimulatorHandle } from './bridge/simulators';
import { DetailPage } from './pages/detail.page';
import { InventoryPage } from './pages/inventory.page';
import { WizardPage } from './pages/wizard.page';

let sims: SimulatorHandle[] = [];
test.afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});

test('KAI: once Regenerate was pressed the wizard offers no Cancel and says why', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  const kai = await startSimulator('kai');
  sims.push(kai);
  const old = kai.addKey({ account: 'inst-1' });
  await bridge.call('keys.add', {
    fields: { platform: 'kai', name: 'Support bot', account: 'inst-1', baseUrl: kai.baseUrl, deployedTo: ['Zendesk'] },
    secret: { value: old.value, instanceId: 'inst-1' },
  });
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await new InventoryPage(app).open('Support bot');
  await new DetailPage(app).panel.getByRole('button', { name: 'Rotate…' }).click();
  const wizard = new WizardPage(app);
  await wizard.expectStep('plan');
  await wizard.start('Start the rotation');
  await wizard.dialog.getByRole('button', { name: 'I pressed Regenerate API key' }).focus();
  await app.keyboard.press('Enter');
  await wizard.captureNewKey(kai.regenerateKey('inst-1'));
  await wizard.expectStep('verify-new-key');
  await wizard.click('Verify the new key');
  await wizard.expectStep('update-deployments');
  await expect(wizard.dialog.getByRole('button', { name: 'Cancel the rotation' })).toHaveCount(0);
  await expect(wizard.dialog.getByRole('note')).toContainText('died when Regenerate API key was confirmed');
});

test('a cancelled revocation leaves the key Active and says it is unchanged; the name must be typed exactly', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  const knouds = await startSimulator('knouds');
  sims.push(knouds);
  const key = knouds.addKey({ account: 'user-3', tier: 'pro' });
  await bridge.call('keys.add', {
    fields: { platform: 'knouds', name: 'Deploy', account: 'user-3', baseUrl: knouds.baseUrl, deployedTo: ['CI'] },
    secret: { value: key.value },
  });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await inventory.open('Deploy');
  const wizard = new WizardPage(app);
  await new DetailPage(app).panel.getByRole('button', { name: 'Revoke…' }).click();
  const start = wizard.dialog.getByRole('button', { name: 'Start the revocation' });
  await wizard.dialog.getByLabel(/to confirm/).click();
  await app.keyboard.type('Deploy ');
  await expect(start).toBeDisabled(); // "Deploy " is not "Deploy"
  await app.keyboard.press('Backspace');
  await expect(start).toBeEnabled();
  await start.click();
  await wizard.expectStep('confirm-old-key-dead');
  const detail = new DetailPage(app);
  await inventory.expectStatus('Deploy', 'Revoking');
  await expect(detail.status).toHaveText('Revoking');
  await wizard.dialog.getByRole('button', { name: 'Cancel the revocation' }).click();
  await wizard.expectStep('finished');
  await expect(wizard.dialog).toContainText('Cancelled the revocation; the key is unchanged.');
  await expect(wizard.dialog).not.toContainText('new key');
  await inventory.expectStatus('Deploy', 'Active');
  await expect(detail.status).toHaveText('Active');
});
