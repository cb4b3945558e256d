// First run, unlock with delays after failures, and lock.
import { PASSWORD, expect, test, unlockedVault } from './fixtures';
import { GatePage } from './pages/gate.page';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';

test('first run creates a vault only with a strong, confirmed password and the warning accepted', async ({
  app,
  bridge,
}) => {
  await app.goto(bridge.url);
  const create = app.getByRole('button', { name: 'Create vault' });
  await expect(app.getByText('There is no way to recover a forgotten master password.')).toBeVisible();
  await app.getByLabel('Master password').fill('password1');
  await expect(app.getByRole('meter', { name: 'Password strength' })).toHaveAttribute('aria-valuetext', 'Too weak');
  await expect(create).toBeDisabled();
  await app.getByLabel('Master password').fill(PASSWORD);
  await app.getByLabel('Repeat the password').fill(`${PASSWORD}x`);
  await expect(app.getByText('The passwords do not match.')).toBeVisible();
  await app.getByLabel('Repeat the password').fill(PASSWORD);
  await expect(create).toBeDisabled();
  await app.getByLabel('I understand that Keyward cannot recover this password.').check();
  await create.click();
  const inventory = new InventoryPage(app);
  await inventory.expectShown();
  await expect(app.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
  expect((await bridge.call<{ exists: boolean; unlocked: boolean }>('vault.status')).ok).toBe(true);
});

test('unlock: a wrong password says so; after five wrong ones the next attempt is slowed down', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  await bridge.call('vault.lock');
  await app.goto(bridge.url);
  const gate = new GatePage(app);
  for (let i = 0; i < 5; i++) {
    await gate.unlock('not the password');
    await expect(gate.error).toContainText('Check the password and try again.');
  }
  await expect(gate.error).toContainText('the next one waits 1 s');
  const started = Date.now();
  await gate.unlock(PASSWORD);
  await expect(app.getByRole('heading', { name: 'Inventory' })).toBeVisible();
  expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
});

test('lock clears every store and the page keeps nothing in its storage', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.addKey({
    platform: 'kubiya',
    name: 'Ops bot',
    secret: 'kby_lock-test-secret-000000000001',
    owner: 'ops@example.com',
  });
  await expect(inventory.row('Ops bot')).toBeVisible();
  const shell = new ShellPage(app);
  expect(await shell.storesJson()).toContain('Ops bot');
  await shell.lock();
  const stores = await shell.storesJson();
  expect(stores).not.toContain('Ops bot');
  expect(stores).not.toContain('ops@example.com');
  expect(JSON.parse(stores).keys.keys).toEqual([]);
  expect(await shell.storageDump()).toBe(JSON.stringify({ local: {}, session: {}, indexedDb: [] }));
  await new GatePage(app).unlock(PASSWORD);
  await inventory.showAll();
  await expect(inventory.row('Ops bot')).toBeVisible();
});

test('when the host locks (inactivity, suspend), the next call returns the app to the unlock screen with every store cleared', async ({
  app,
  bridge,
}) => {
  await unlockedVault(bridge);
  await bridge.call('keys.add', {
    fields: { platform: 'kaana', name: 'Zapier integration', owner: 'li.wei@example.com' },
    secret: { value: 'sk_live_host-lock-000000000000000001' },
  });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await expect(inventory.row('Zapier integration')).toBeVisible();
  await bridge.lockFromHost();
  const reloaded = app.waitForEvent('load');
  await inventory.row('Zapier integration').click(); // the detail's first call finds the vault locked
  await reloaded;
  await expect(app.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
  expect(await new ShellPage(app).storesJson()).not.toContain('Zapier integration');
});

test('text that looks like markup is shown as text; the CSP would block it anyway', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  const name = '<img src=x onerror=alert(1)><script>alert(2)</script>';
  await bridge.call('keys.add', {
    fields: { platform: 'custom', name, notes: '<b>bold?</b>' },
    secret: { value: 'custom-secret-for-markup-test-0001' },
  });
  const dialogs: string[] = [];
  app.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await expect(inventory.table.getByText(name)).toBeVisible();
  await inventory.table.getByText(name).click();
  await expect(app.getByTestId('key-detail').getByText('<b>bold?</b>')).toBeVisible();
  const violations = await app.evaluate(async () => {
    let count = 0;
    document.addEventListener('securitypolicyviolation', () => count++);
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.append(s);
    await new Promise((r) => setTimeout(r, 50));
    return { count, ran: (window as unknown as { __injected?: boolean }).__injected === true };
  });
  expect(violations.ran).toBe(false);
  expect(violations.count).toBeGreaterThan(0); // one per policy: the header and the page's meta tag
  expect(dialogs).toEqual([]);
});
