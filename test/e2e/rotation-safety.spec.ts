// The rotate and revoke wizards cannot end a working integration (issue 11), driven by
// typing as a user does: the old key refused as the new one, KAI's one-step Regenerate with
// its outage timer and no "revoke old" instruction, and a revoke that changes nothing until
// the user has seen what depends on the key and typed its name.
import { expect, test, unlockedVault } from './fixtures';
import type { Bridge } from './bridge/bridge';
import { startSimulator, type SimulatorHandle } from './bridge/simulators';
import { DetailPage } from './pages/detail.page';
import { InventoryPage } from './pages/inventory.page';
import { WizardPage } from './pages/wizard.page';

let sims: SimulatorHandle[] = [];
test.afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});
async function sim(id: 'knouds' | 'kai'): Promise<SimulatorHandle> {
  const s = await startSimulator(id);
  sims.push(s);
  return s;
}

test('case 1: the current key pasted as the new one is refused inline and nothing is stored', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  const knouds = await sim('knouds');
  const old = knouds.addKey({ account: 'user-1', tier: 'pro' });
  await bridge.call('keys.add', {
    fields: { platform: 'knouds', name: 'Deploy bot', account: 'user-1', baseUrl: knouds.baseUrl },
    secret: { value: old.value },
  });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await inventory.open('Deploy bot');
  await new DetailPage(app).panel.getByRole('button', { name: 'Rotate…' }).click();
  const wizard = new WizardPage(app);
  await wizard.start('Start the rotation');
  await wizard.captureNewKey(old.value);
  await expect(wizard.dialog.getByText(/That is the current key, not a new one: nothing was stored/)).toBeVisible();
  await wizard.expectStep('capture-new-key');
  const keys = await bridge.call<{ keys: { name: string }[] }>('keys.list', {});
  expect(keys.ok ? keys.value.keys.map((k) => k.name) : keys).toEqual(['Deploy bot']);
  await expect(app.locator('body')).not.toContainText(old.value);
});

test('case 2: KAI shows the outage and deployments first, runs an outage timer, and never says to regenerate again', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  const kai = await sim('kai');
  const old = kai.addKey({ account: 'inst-1' });
  const added = await bridge.call<{ id: string }>('keys.add', {
    fields: {
      platform: 'kai',
      name: 'Support bot',
      account: 'inst-1',
      baseUrl: kai.baseUrl,
      deployedTo: ['Zendesk app', 'Helpdesk worker'],
    },
    secret: { value: old.value, instanceId: 'inst-1' },
  });
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await new InventoryPage(app).open('Support bot');
  await new DetailPage(app).panel.getByRole('button', { name: 'Rotate…' }).click();
  const wizard = new WizardPage(app);
  await wizard.expectStep('plan');
  const steps = wizard.dialog.getByRole('list', { name: 'Steps' });
  await expect(steps).toContainText('Outage window and deployments');
  await expect(steps).toContainText('Old key answers 401');
  await expect(wizard.dialog).toContainText('kills the current key the moment the new one is made');
  await expect(wizard.dialog).toContainText('Deployment: Zendesk app');
  await expect(wizard.dialog).toContainText('Deployment: Helpdesk worker');
  await wizard.start('Start the rotation');
  await expect(wizard.dialog).toContainText('Regenerate API key once');

  // No timer and no paste field until the user says Regenerate was pressed: that is when the old key dies.
  await expect(wizard.dialog.getByRole('timer', { name: 'Outage timer' })).toHaveCount(0);
  await expect(wizard.dialog.getByLabel('New secret')).toBeHidden();
  await wizard.dialog.getByRole('button', { name: 'I pressed Regenerate API key' }).focus();
  const pressedAt = Date.now();
  await app.keyboard.press('Enter');
  await expect(wizard.dialog.getByRole('timer', { name: 'Outage timer' })).toBeVisible();
  await app.waitForTimeout(2500); // copying the key shown in the portal
  const fresh = kai.regenerateKey('inst-1'); // the portal's one action
  const pastedAt = Date.now();
  await wizard.captureNewKey(fresh);
  await wizard.expectStep('verify-new-key');
  if (!added.ok) throw new Error('keys.add failed');
  const open = await bridge.call<{ run: { outage?: { startedAt: string } } }>('rotations.open', {
    keyId: added.value.id,
  });
  const startedAt = Date.parse(open.ok ? (open.value.run.outage?.startedAt ?? '') : '');
  expect(startedAt).toBeGreaterThanOrEqual(pressedAt - 1000);
  expect(startedAt).toBeLessThan(pastedAt - 2000);
  await wizard.click('Verify the new key');
  await wizard.expectStep('update-deployments');
  await expect(wizard.dialog.getByRole('timer', { name: 'Outage timer' })).toContainText(
    /Outage running for \d\d:\d\d/,
  );
  for (let i = 0; i < 2; i++) await wizard.dialog.getByRole('button', { name: 'Updated' }).first().click();
  await wizard.expectStep('confirm-old-key-dead');
  await expect(
    wizard.dialog.getByRole('heading', { name: 'Keyward checks that the old key answers 401' }),
  ).toBeVisible();
  await expect(wizard.step).not.toContainText('Regenerate');
  await wizard.click('Check the old key');
  await wizard.expectStep('finished');
  await expect(wizard.dialog.getByRole('heading', { name: 'Rotation complete' })).toBeVisible();
  await expect(app.locator('body')).not.toContainText(fresh);
});

test('case 3: opening and closing Revoke changes nothing; a deployed production key needs its name typed', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  const knouds = await sim('knouds');
  const key = knouds.addKey({ account: 'user-3', tier: 'pro' });
  await bridge.call('keys.add', {
    fields: {
      platform: 'knouds',
      name: 'Payments prod',
      account: 'user-3',
      baseUrl: knouds.baseUrl,
      environment: 'production',
      deployedTo: ['Prod API', 'Billing cron', 'Ledger sync'],
    },
    secret: { value: key.value },
  });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await inventory.open('Payments prod');
  const detail = new DetailPage(app);
  const wizard = new WizardPage(app);
  await detail.panel.getByRole('button', { name: 'Revoke…' }).click();
  await wizard.expectStep('plan');
  const deps = wizard.dialog.getByRole('region', { name: 'What depends on this key' });
  for (const place of ['Prod API', 'Billing cron', 'Ledger sync']) await expect(deps).toContainText(place);
  await expect(deps).toContainText('Environment: production');
  await expect(deps).toContainText('Last used:');
  await wizard.close();
  await inventory.expectStatus('Payments prod', 'Active');
  await expect(detail.status).toHaveText('Active');
  const runs = await bridge.call<unknown>('rotations.open', { keyId: await idOf(bridge, 'Payments prod') });
  expect(runs.ok ? runs.value : runs).toBeNull();

  await detail.panel.getByRole('button', { name: 'Revoke…' }).click();
  const start = wizard.dialog.getByRole('button', { name: 'Start the revocation' });
  await expect(start).toBeDisabled();
  await wizard.dialog.getByLabel(/to confirm/).click();
  await app.keyboard.type('Payments');
  await expect(start).toBeDisabled();
  await app.keyboard.type(' prod');
  await expect(start).toBeEnabled();
  await start.click();
  await wizard.expectStep('confirm-old-key-dead');
  await inventory.expectStatus('Payments prod', 'Revoking');
  await expect(detail.status).toHaveText('Revoking');
});

async function idOf(bridge: Bridge, name: string): Promise<string> {
  const r = await bridge.call<{ keys: { id: string; name: string }[] }>('keys.list', {});
  return (r.ok ? r.value.keys.find((k) => k.name === name)?.id : undefined) ?? 'none';
}

test('a pasted key is checked before it is stored: the old key in .env quotes, and a key of another platform', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  const knouds = await sim('knouds');
  const old = knouds.addKey({ account: 'user-7', tier: 'pro' });
  await bridge.call('keys.add', {
    fields: { platform: 'knouds', name: 'Quoted bot', account: 'user-7', baseUrl: knouds.baseUrl },
    secret: { value: old.value },
  });
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await new InventoryPage(app).open('Quoted bot');
  await new DetailPage(app).panel.getByRole('button', { name: 'Rotate…' }).click();
  const wizard = new WizardPage(app);
  await wizard.start('Start the rotation');
  await wizard.captureNewKey(`"${old.value}"`);
  await expect(wizard.dialog.getByText(/That is the current key, not a new one: nothing was stored/)).toBeVisible();
  await wizard.dialog.getByLabel('New secret').click();
  await app.keyboard.press('ControlOrMeta+a');
  await app.keyboard.press('Backspace');
  const sent = knouds.requests.length;
  await wizard.captureNewKey('kgn_pat_0123456789abcdefABCDEF');
  await expect(wizard.dialog.getByText(/looks like a Kognitos key \(it starts with kgn_pat_\)/)).toBeVisible();
  await wizard.expectStep('capture-new-key');
  expect(knouds.requests.length).toBe(sent);
  const keys = await bridge.call<{ keys: { name: string }[] }>('keys.list', {});
  expect(keys.ok ? keys.value.keys.map((k) => k.name) : keys).toEqual(['Quoted bot']);
});
