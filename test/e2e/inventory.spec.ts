// The inventory: add, search as you type, filters, sort, keyboard and command palette.
import { expect, test, unlockedVault } from './fixtures';
import { InventoryPage } from './pages/inventory.page';
import { seedKeys } from './seed';

test.beforeEach(async ({ bridge }) => {
  await unlockedVault(bridge);
});

test('add a key by hand: it shows in the table with its hint, never its secret', async ({ app, bridge }) => {
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await expect(app.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
  await inventory.addKey({
    platform: 'knouds',
    name: 'Deploy bot',
    secret: 'knouds_live_add-test-0000000000000042',
    account: 'acme',
    owner: 'ana@example.com',
    environment: 'production',
    tags: 'ci, deploy',
  });
  const row = inventory.row('Deploy bot');
  await expect(app.getByTestId('key-detail')).toContainText('Deploy bot');
  await expect(app.getByTestId('key-detail')).toContainText('knouds_live_…0042');
  await expect(app.locator('body')).not.toContainText('add-test-0000000000000042');
  // The detail panel takes the table's room; closed, in a window wide enough for every column, the row shows them.
  await app.keyboard.press('Escape');
  await app.setViewportSize({ width: 1600, height: 800 });
  await expect(row).toContainText('knouds_live_…0042');
  await expect(row).toContainText('ana@example.com');
  await expect(app.locator('body')).not.toContainText('add-test-0000000000000042');
});

test('adding without a name or with a bad secret says which field is wrong', async ({ app, bridge }) => {
  await app.goto(bridge.url);
  await app.getByRole('button', { name: 'Add your first key' }).click();
  const form = app.getByRole('form', { name: 'Add a key' });
  await form.getByLabel('Name').fill('   ');
  await form.getByLabel('Secret').pressSequentially('knouds_live_secret_value_123456789');
  await form.getByRole('button', { name: 'Add key' }).click();
  await expect(form.getByRole('alert')).toContainText('Name must not be empty.');
  await expect(form.getByRole('alert')).toContainText('Correct it and try again.');
  await expect(form.getByRole('alert')).toHaveAttribute('id', 'add-key-name-error');
});

test('search as you type, filters by platform, status, state, tag and owner, and sort on a column', async ({
  app,
  bridge,
}) => {
  const keys = seedKeys(60, { profile: 'every-rule' });
  for (const k of keys) await bridge.call('keys.add', k);
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await expect(inventory.count).toHaveText('60 keys');

  await inventory.search.pressSequentially('billing');
  const billing = keys.filter((k) => String(k.fields.name).toLowerCase().includes('billing')).length;
  await expect(inventory.count).toHaveText(`${billing} of 60`);
  for (const name of await inventory.names()) expect(name.toLowerCase()).toContain('billing');
  await inventory.search.fill('no key is called this');
  await expect(app.getByRole('heading', { name: 'No key matches' })).toBeVisible();
  await app.getByRole('button', { name: 'Clear search and filters' }).click();
  await expect(inventory.count).toHaveText('60 keys');

  await inventory.filter('Platform', 'kubiya');
  const kubiya = keys.filter((k) => k.fields.platform === 'kubiya').length;
  await expect(inventory.count).toHaveText(`${kubiya} of 60`);
  await inventory.filter('Status', 'active');
  const both = keys.filter((k) => k.fields.platform === 'kubiya' && k.fields.status === 'active').length;
  await expect(inventory.count).toHaveText(`${both} of 60`);
  await app.getByRole('button', { name: 'Clear', exact: true }).click();

  await inventory.filter('Tag', 'payments');
  await expect(inventory.count).toHaveText(
    `${keys.filter((k) => (k.fields.tags as string[]).includes('payments')).length} of 60`,
  );
  await inventory.filter('Tag', '');
  await inventory.filter('Owner', 'li.wei@acme.dev');
  await expect(inventory.count).toHaveText(`${keys.filter((k) => k.fields.owner === 'li.wei@acme.dev').length} of 60`);
  await inventory.filter('Owner', '');
  const listed = await bridge.call<{ keys: { attention: { state: string } }[] }>('keys.list');
  if (!listed.ok) throw new Error(listed.error.code);
  const housekeeping = listed.value.keys.filter((k) => k.attention.state === 'housekeeping').length;
  expect(housekeeping).toBeGreaterThan(0);
  expect(housekeeping).toBeLessThan(60);
  await inventory.filter('State', 'housekeeping');
  await expect(inventory.count).toHaveText(`${housekeeping} of 60`);
  for (const name of (await inventory.names()).slice(0, 5))
    await expect(inventory.row(name)).toContainText('Housekeeping');
  await inventory.filter('State', '');

  await inventory.sortBy('Name');
  const names = await inventory.names();
  expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base', numeric: true })));
  await inventory.sortBy('Name');
  await expect(inventory.table.getByRole('columnheader', { name: 'Name' })).toHaveAttribute('aria-sort', 'descending');
  const reversed = await inventory.names();
  expect(reversed[0]?.localeCompare(names[0] ?? '')).toBeGreaterThan(0);
});

test('keyboard: "/" searches, arrows move, Enter opens, Esc closes; Ctrl+K finds a key', async ({ app, bridge }) => {
  for (const k of seedKeys(12, { profile: 'every-rule' })) await bridge.call('keys.add', k);
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await expect(inventory.count).toHaveText('12 keys');
  const names = await inventory.names();
  await app.keyboard.press('/');
  await expect(inventory.search).toBeFocused();
  await inventory.search.press('ArrowDown');
  await expect(inventory.table).toBeFocused();
  for (const key of ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowUp']) await app.keyboard.press(key);
  await app.keyboard.press('Enter');
  const detail = app.getByTestId('key-detail');
  await expect(detail).toContainText(names[1] ?? '');
  await app.keyboard.press('Escape');
  await expect(detail).toBeHidden();

  await app.keyboard.press('Control+k');
  const palette = app.getByRole('dialog', { name: 'Command palette' });
  await palette.getByLabel('Command or key').fill(names[5] ?? '');
  await palette.getByRole('option', { name: names[5] }).first().waitFor();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowUp');
  await palette.getByRole('option', { name: names[5] }).first().click();
  await expect(detail).toContainText(names[5] ?? '');
});

test('10,000 keys: the table keeps only the visible rows in the page and scrolls to the end', async ({
  app,
  bridge,
}) => {
  test.setTimeout(60_000);
  const keys = seedKeys(10_000, { profile: 'every-rule' });
  bridge.seed(keys);
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await expect(inventory.count).toHaveText('10,000 keys', { timeout: 15_000 });
  expect(await inventory.rows().count()).toBeLessThan(60);
  await inventory.table.focus();
  await app.keyboard.press('End');
  await expect(inventory.rows().last()).toHaveAttribute('aria-rowindex', '10001');
  await inventory.search.fill('nightly sync');
  await expect(inventory.count).not.toHaveText('10,000 keys');
});

test('typed search then ArrowDown, ArrowDown, Enter at once opens the first match, not a key the search hides', async ({
  app,
  bridge,
}) => {
  test.setTimeout(60_000);
  // Many keys, so the list is filtered a moment after the last letter: the keys pressed right after typing
  // must act on the rows that answer the search, as a fast typist means them.
  bridge.seed([
    ...seedKeys(10_000, { profile: 'every-rule' }),
    {
      fields: { platform: 'custom', name: 'Zebra deploy token', lastUsedAt: null },
      secret: { value: 'zebra-deploy-token-0000000' },
    },
  ]);
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await expect(inventory.count).toHaveText('10,001 keys', { timeout: 15_000 });
  await inventory.search.focus();
  // As on a busy machine: the renderer runs many times slower than the keys arrive.
  const cdp = await app.context().newCDPSession(app);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
  await app.keyboard.type('zebra deploy', { delay: 0 });
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('key-detail')).toContainText('Zebra deploy token', { timeout: 20_000 });
  await expect(inventory.row('Zebra deploy token')).toHaveAttribute('aria-selected', 'true');
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
});

test('a revoked key shows its expiry plain, not coloured as urgent', async ({ app, bridge }) => {
  const soon = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  const key = (name: string, status: string) => ({
    fields: { platform: 'knouds', name, expiresAt: soon, status },
    secret: { value: `knouds_live_${name.replace(/\W/g, '')}00000000000000` },
  });
  await bridge.call('keys.add', key('Still live', 'active'));
  await bridge.call('keys.add', key('Already revoked', 'revoked'));
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await expect(inventory.row('Still live').locator('.expiry')).toHaveClass(/urgency-warning/);
  const revoked = inventory.row('Already revoked').locator('.expiry');
  await expect(revoked).not.toHaveClass(/urgency-/);
  await expect(revoked).toHaveAttribute('title', /^Revoked/);
});
