// The Create key wizard through simulated platforms (Knouds and Kognitos on loopback):
// details, the platform's limits checked before the portal, the portal steps with their
// deep link, the pasted key stored at once and verified. Also: the rotation wizard asks
// for the expiry a Kognitos key requires.
import type { ChannelOutputs } from '../../src-main/contract/outputs';
import { expect, test, unlockedVault } from './fixtures';
import { startSimulator, type SimulatorHandle } from './bridge/simulators';
import { CreateWizardPage } from './pages/create-wizard.page';
import { DetailPage } from './pages/detail.page';
import { InventoryPage } from './pages/inventory.page';
import { WizardPage } from './pages/wizard.page';

const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const KNOUDS = { account: 'user-42', email: 'deploy@demo.test', tier: 'pro' };

let sims: SimulatorHandle[] = [];
test.afterEach(async () => {
  await Promise.all(sims.map((s) => s.close()));
  sims = [];
});
async function sim(platform: 'knouds' | 'kognitos'): Promise<SimulatorHandle> {
  const s = await startSimulator(platform);
  sims.push(s);
  return s;
}

test('create: Knouds key made in the portal, pasted, stored and verified at once', async ({ app, bridge }) => {
  const knouds = await sim('knouds');
  await unlockedVault(bridge);
  await app.goto(bridge.url);
  const wizard = new CreateWizardPage(app);
  await wizard.open();
  await wizard.details({
    platform: 'knouds',
    name: 'Release bot',
    account: KNOUDS.account,
    plan: 'pro',
    scopes: 'workflow:run, workflow:read',
    baseUrl: knouds.baseUrl,
  });
  await wizard.expectStep('portal');
  await expect(wizard.dialog.getByRole('link', { name: /Open the Knouds portal/ })).toHaveAttribute(
    'href',
    /^https:\/\//,
  );
  await expect(wizard.dialog.locator('.portal-steps li').first()).toBeVisible();
  await app.screenshot({ path: 'test-results/e2e/create-wizard-portal.png' });

  const fresh = knouds.addKey(KNOUDS); // the user creates it in the portal
  await wizard.paste(fresh.value);
  await wizard.expectStep('result');
  await expect(wizard.dialog.getByRole('heading', { name: 'Key created and verified' })).toBeVisible();
  await expect(wizard.dialog.getByRole('status')).toContainText('Valid');
  await app.screenshot({ path: 'test-results/e2e/create-wizard-result.png' });
  await wizard.dialog.getByRole('button', { name: 'Done' }).click();
  await expect(wizard.dialog).toBeHidden();

  // The new key is open beside its row: both show it Active.
  const detail = new DetailPage(app);
  await expect(detail.panel).toContainText('Release bot');
  await expect(detail.status).toHaveText('Active');
  await new InventoryPage(app).expectStatus('Release bot', 'Active');
  await expect(app.locator('body')).not.toContainText(fresh.value);
  const listed = await bridge.call<ChannelOutputs['keys.list']>('keys.list', {});
  if (!listed.ok) throw new Error(listed.error.code);
  const rec = listed.value.keys.find((k) => k.name === 'Release bot');
  expect(rec?.extra['created.via']).toBe('portal');
  expect(rec?.extra.tier).toBe('pro');
  expect(rec?.scopes).toEqual(['workflow:run', 'workflow:read']);
  expect(rec?.lastVerification?.result).toBe('valid');
});

test('create: a refused key stays saved, and the platform limits stop the wizard before the portal', async ({
  app,
  bridge,
}) => {
  const knouds = await sim('knouds');
  await unlockedVault(bridge);
  await app.goto(bridge.url);
  const wizard = new CreateWizardPage(app);
  await wizard.open();
  // Knouds keys do not work on the free plan: refused before the user goes to the portal.
  await wizard.details({
    platform: 'knouds',
    name: 'Free bot',
    account: 'user-7',
    plan: 'free',
    baseUrl: knouds.baseUrl,
  });
  await expect(wizard.dialog.getByRole('alert')).toContainText('only work on these plans');
  await wizard.expectStep('details');

  await wizard.details({
    platform: 'knouds',
    name: 'Typo bot',
    account: 'user-7',
    plan: 'pro',
    baseUrl: knouds.baseUrl,
  });
  await wizard.paste('knouds_live_not-a-real-key-0000');
  await wizard.expectStep('result');
  await expect(wizard.dialog.getByRole('heading', { name: 'Key saved' })).toBeVisible();
  await expect(wizard.dialog.getByRole('status')).toContainText('Refused');
  await wizard.dialog.getByRole('button', { name: 'Done' }).click();
  await expect(new InventoryPage(app).row('Typo bot')).toBeVisible();
  await new InventoryPage(app).expectStatus('Typo bot', 'Refused');
});

test('create: Kognitos requires the expiry chosen in the portal, and 10 keys per organisation', async ({
  app,
  bridge,
}) => {
  const kognitos = await sim('kognitos');
  await unlockedVault(bridge);
  bridge.seed(
    Array.from({ length: 10 }, (_, i) => ({
      fields: {
        platform: 'kognitos',
        name: `Full ${i}`,
        account: 'org-full',
        expiresAt: inDays(30),
      },
      secret: { value: `kgn_pat_seeded${i}xxxxxxxxxxxx` },
    })),
  );
  await app.goto(bridge.url);
  const wizard = new CreateWizardPage(app);
  await wizard.open();
  await wizard.details({
    platform: 'kognitos',
    name: 'One too many',
    account: 'org-full',
    expiresInDays: '30',
    baseUrl: kognitos.baseUrl,
  });
  await expect(wizard.dialog.getByRole('alert')).toContainText('at most 10 active keys');
  await wizard.expectStep('details');

  const form = wizard.dialog.getByRole('form', { name: 'New key details' });
  await form.getByLabel(/Expires in/).selectOption('');
  await form.locator('input[name="account"]').fill('org-1');
  await form.getByRole('button', { name: 'Next' }).click();
  await wizard.expectStep('details'); // the expiry is required: the form does not go on
  await expect(form.getByLabel(/Expires in/)).toHaveJSProperty('validity.valueMissing', true);
  await form.getByLabel(/Expires in/).selectOption('90');
  await app.screenshot({ path: 'test-results/e2e/create-wizard-details.png' });
  await form.getByRole('button', { name: 'Next' }).click();
  await wizard.paste(kognitos.addKey({ account: 'org-1' }).value);
  await expect(wizard.dialog.getByRole('heading', { name: 'Key created and verified' })).toBeVisible();
  await expect(wizard.dialog).toContainText(`expiring ${inDays(90)}`);

  // The core refuses a Kognitos key without its expiry, whatever the form does.
  const refused = await bridge.call('keys.create', {
    fields: {
      platform: 'kognitos',
      name: 'No expiry',
      account: 'org-1',
      baseUrl: kognitos.baseUrl,
    },
    secret: { value: kognitos.addKey({ account: 'org-1' }).value },
  });
  expect(refused.ok ? 'stored' : refused.error.code).toBe('BAD_INPUT');
});

test('rotate: a Kognitos replacement needs the expiry chosen in the portal', async ({ app, bridge }) => {
  const kognitos = await sim('kognitos');
  await unlockedVault(bridge);
  const old = kognitos.addKey({ account: 'org-1' });
  const added = await bridge.call<ChannelOutputs['keys.add']>('keys.add', {
    fields: {
      platform: 'kognitos',
      name: 'Dashboards',
      account: 'org-1',
      baseUrl: kognitos.baseUrl,
      expiresAt: inDays(5),
    },
    secret: { value: old.value },
  });
  if (!added.ok) throw new Error(added.error.code);
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await new InventoryPage(app).open('Dashboards');
  await new DetailPage(app).panel.getByRole('button', { name: 'Rotate…' }).click();
  const wizard = new WizardPage(app);
  await wizard.start('Start the rotation');
  await wizard.expectStep('capture-new-key');
  const expiry = wizard.dialog.getByLabel(/Expires in/);
  await expect(expiry).toHaveAttribute('required', '');
  await wizard.dialog.getByLabel('New secret').fill(kognitos.addKey({ account: 'org-1' }).value);
  await wizard.click('Save the new key');
  await wizard.expectStep('capture-new-key'); // refused by the form without an expiry
  await expiry.selectOption('180');
  await wizard.click('Save the new key');
  await wizard.expectStep('verify-new-key');
  const open = await bridge.call<ChannelOutputs['rotations.open']>('rotations.open', { keyId: added.value.id });
  const newKeyId = open.ok ? open.value?.run.newKeyId : undefined;
  const fresh = await bridge.call<ChannelOutputs['keys.get']>('keys.get', {
    id: newKeyId ?? 'none',
  });
  expect(fresh.ok ? fresh.value.expiresAt : fresh.error.code).toBe(inDays(180));
});

test('platform accounts: saved in Settings (sealed in the vault) and filled into the Create key wizard', async ({
  app,
  bridge,
}) => {
  const knouds = await sim('knouds');
  await unlockedVault(bridge);
  await app.goto(bridge.url);
  await app.getByRole('button', { name: 'Settings' }).click();
  const card = app.getByTestId('platform-accounts');
  const form = card.getByRole('form', { name: 'Add a platform account' });
  await form.getByLabel('Platform').selectOption('knouds');
  await form.getByLabel('Account', { exact: true }).fill(KNOUDS.account);
  await form.getByLabel(/Label/).fill('Acme CI');
  await form.getByLabel(/Plan/).selectOption('pro');
  await form.getByLabel(/Base URL/).fill(knouds.baseUrl);
  await form.getByRole('button', { name: 'Add account' }).click();
  await expect(card.getByRole('list', { name: 'Platform accounts' })).toContainText('Acme CI');
  // The same account twice is refused, typed as a person would: said under Account, which takes focus (#16).
  const account = form.locator('input[name="account"]');
  await account.focus();
  await app.keyboard.type(KNOUDS.account);
  await app.keyboard.press('Enter');
  await expect(account).toHaveAccessibleDescription(/listed twice/);
  await expect(account).toHaveAttribute('aria-invalid', 'true');
  await expect(account).toBeFocused();
  await expect(card.locator('.error-note')).toHaveCount(0);
  await app.screenshot({
    path: 'test-results/e2e/platform-accounts.png',
    fullPage: true,
  });
  const stored = await bridge.call<ChannelOutputs['platforms.accounts']>('platforms.accounts', {});
  expect(stored.ok ? stored.value.accounts : stored.error.code).toEqual([
    {
      platform: 'knouds',
      account: KNOUDS.account,
      label: 'Acme CI',
      tier: 'pro',
      baseUrl: knouds.baseUrl,
    },
  ]);

  await app.getByRole('button', { name: 'Inventory' }).click();
  const wizard = new CreateWizardPage(app);
  await wizard.open();
  const details = wizard.dialog.getByRole('form', { name: 'New key details' });
  await details.getByLabel('Platform').selectOption('knouds');
  await expect(details.getByLabel('Saved account')).toHaveValue('0');
  await expect(details.locator('input[name="account"]')).toHaveValue(KNOUDS.account);
  await expect(details.getByLabel('Plan')).toHaveValue('pro');
  await expect(details.getByLabel(/Base URL/)).toHaveValue(knouds.baseUrl);
  await details.getByLabel('Name').fill('Prefilled bot');
  await details.getByRole('button', { name: 'Next' }).click();
  await wizard.paste(knouds.addKey(KNOUDS).value);
  await expect(wizard.dialog.getByRole('heading', { name: 'Key created and verified' })).toBeVisible();
});
