// Key detail: reveal (auto-hides after 30 s), copy (clipboard cleared later, only if it
// still holds our value), edit in place, history. The CANARY never reaches a store or storage.
import { randomUUID } from 'node:crypto';
import { PASSWORD, expect, test, unlockedVault } from './fixtures';
import { DetailPage } from './pages/detail.page';
import { GatePage } from './pages/gate.page';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';

// These check values in table columns (owner, hint) that the inventory shows only when the window has room for
// them beside the state column and an open detail panel; the small-window spec covers what gives way.
test.use({ viewport: { width: 1680, height: 900 } });

const CANARY = `sk-CANARY-${randomUUID()}`;

test.beforeEach(async ({ bridge }) => {
  await unlockedVault(bridge);
  await bridge.call('keys.add', {
    fields: {
      platform: 'custom',
      name: 'Canary key',
      account: 'acme',
      owner: 'ana@example.com',
      deployedTo: ['CI runner'],
    },
    secret: { value: CANARY },
  });
});

test('reveal shows the secret, hides it again after 30 s, and no store ever holds it', async ({ app, bridge }) => {
  await app.clock.install();
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await new InventoryPage(app).open('Canary key');
  const detail = new DetailPage(app);
  await expect(detail.secret).not.toContainText(CANARY);
  await detail.reveal();
  await expect(detail.secret).toContainText(CANARY);
  const shell = new ShellPage(app);
  expect(await shell.storesJson()).not.toContain(CANARY);
  await app.clock.fastForward(20_000);
  await expect(detail.secret).toContainText(CANARY);
  await app.clock.fastForward(11_000);
  await expect(detail.secret).not.toContainText(CANARY);
  await expect(app.locator('body')).not.toContainText(CANARY);
  await expect(detail.panel.getByRole('button', { name: 'Edit Name' })).toBeVisible();
  await expect(detail.panel.getByText('Secret revealed')).toBeVisible();
});

test('a reveal is Keyward’s own use of the key: Last used then reads today, by Keyward, counted by its day', async ({
  app,
  bridge,
}) => {
  const monthAgo = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  await bridge.call('keys.add', {
    fields: { platform: 'custom', name: 'Used last month', lastUsedAt: monthAgo },
    secret: { value: `sk-used-${randomUUID()}` },
  });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await inventory.open('Used last month');
  const detail = new DetailPage(app);
  await expect(detail.field('Last used')).toHaveText(/4 weeks ago/);
  await detail.reveal();
  await expect(detail.panel.getByText('Secret revealed')).toBeVisible();
  // The reveal is recorded with its time; it is shown by the day it fell on, not as "NaN years ago".
  await expect(detail.field('Last used')).toHaveText(/today \(by Keyward\)/);
});

test('copy puts the secret on the clipboard in the host, clears it later, and leaves the user’s own copy alone', async ({
  app,
  bridge,
}) => {
  await bridge.call('host.setPreferences', { clipboardSeconds: 5 });
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await new InventoryPage(app).open('Canary key');
  const detail = new DetailPage(app);
  await detail.copy();
  await expect(app.getByRole('status').filter({ hasText: 'Copied to the clipboard' })).toContainText(
    'clears it in 5 s',
  );
  await expect(detail.panel.getByText('Secret copied')).toBeVisible();
  expect(bridge.clipboard.text).toBe(CANARY);
  await expect(app.locator('body')).not.toContainText(CANARY);
  expect(await new ShellPage(app).storesJson()).not.toContain(CANARY);
  await expect.poll(() => bridge.clipboard.text, { timeout: 8_000 }).toBe('');

  await detail.copy();
  await expect.poll(() => bridge.clipboard.writes).toBe(2);
  bridge.clipboard.text = 'something the user copied';
  await new ShellPage(app).lock();
  expect(bridge.clipboard.text).toBe('something the user copied');
  expect(await new ShellPage(app).storageDump()).not.toContain(CANARY);
});

test('lock clears the clipboard if it still holds the copied key', async ({ app, bridge }) => {
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await new InventoryPage(app).open('Canary key');
  await new DetailPage(app).copy();
  await expect.poll(() => bridge.clipboard.text).toBe(CANARY);
  await new ShellPage(app).lock();
  expect(bridge.clipboard.text).toBe('');
});

test('edit in place: fields save on Enter, Esc cancels, deployments and history record the change', async ({
  app,
  bridge,
}) => {
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await inventory.open('Canary key');
  const detail = new DetailPage(app);
  await detail.editField('Owner', 'li.wei@example.com');
  await expect(detail.field('Owner')).toContainText('li.wei@example.com');
  await detail.editField('Expires', '2031-05-04');
  await expect(detail.field('Expires')).toContainText('May 4, 2031');

  await detail.field('Environment').click();
  await detail.panel.getByLabel('Environment', { exact: true }).fill('will be cancelled');
  await detail.panel.getByLabel('Environment', { exact: true }).press('Escape');
  await expect(detail.field('Environment')).toContainText('Not set');

  await detail.panel.getByLabel('Add a deployment').fill('Vercel env var in acme/web');
  await detail.panel.getByRole('button', { name: 'Add', exact: true }).click();
  await expect(detail.panel.getByText('Vercel env var in acme/web')).toBeVisible();
  await expect(detail.panel.getByText('Edited · owner')).toBeVisible();
  await detail.editField('Name', 'Canary key (renamed)');
  await expect(inventory.row('Canary key (renamed)')).toBeVisible();
  // Beside the open panel the table gives the Owner column up first; closed, the row shows the new owner.
  await detail.close();
  await expect(inventory.row('Canary key (renamed)').locator('[role="gridcell"].col-owner')).toHaveText(
    'li.wei@example.com',
  );

  const listed = await bridge.call<{
    keys: { owner: string; expiresAt: string; deployedTo: string[]; account: string }[];
  }>('keys.list');
  expect(listed.ok && listed.value.keys[0]).toMatchObject({
    owner: 'li.wei@example.com',
    expiresAt: '2031-05-04',
    account: 'acme',
    deployedTo: ['CI runner', 'Vercel env var in acme/web'],
  });
});

test('after reveal, copy and lock, neither the stores nor any page storage holds the secret', async ({
  app,
  bridge,
}) => {
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await new InventoryPage(app).open('Canary key');
  const detail = new DetailPage(app);
  await detail.reveal();
  await detail.copy();
  const shell = new ShellPage(app);
  await shell.lock();
  expect(await shell.storesJson()).not.toContain(CANARY);
  expect(await shell.storageDump()).not.toContain(CANARY);
  expect(await app.content()).not.toContain(CANARY);
  await new GatePage(app).unlock(PASSWORD);
  await new InventoryPage(app).showAll();
  await expect(new InventoryPage(app).row('Canary key')).toBeVisible();
});

test('a search or filter that hides the open key closes its detail, so the detail never shows a key the table hides', async ({
  app,
  bridge,
}) => {
  await bridge.call('keys.add', {
    fields: { platform: 'kubiya', name: 'Slack bot' },
    secret: { value: 'kby_SlackBot0000000000000000001' },
  });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.viewButton('All keys').focus();
  await app.keyboard.press('Enter');
  await expect(inventory.count).toHaveText('2 keys');
  const detail = app.getByTestId('key-detail');
  // Open Canary key from the table with the keyboard.
  await inventory.table.focus();
  await app.keyboard.press('Home');
  await expect(inventory.row('Canary key')).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('Enter');
  await expect(detail).toContainText('Canary key');
  await inventory.search.focus();
  await app.keyboard.type('slack');
  await expect(inventory.count).toHaveText('1 of 2');
  await expect(detail).toBeHidden();
  await expect(inventory.search).toBeFocused();
  // A filter that hides it does the same; one that keeps it shown leaves the detail open.
  await app.keyboard.press('Escape');
  await expect(inventory.count).toHaveText('2 keys');
  await inventory.table.focus();
  await app.keyboard.press('Home');
  await app.keyboard.press('Enter');
  await expect(detail).toContainText('Canary key');
  await app.getByRole('combobox', { name: 'Platform' }).focus();
  await app.keyboard.press('ArrowDown');
  await expect(inventory.count).not.toHaveText('2 keys');
  const shownNames = await inventory.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key-name')));
  if (shownNames.includes('Canary key')) await expect(detail).toContainText('Canary key');
  else await expect(detail).toBeHidden();
});
