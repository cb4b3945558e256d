// The alerts dashboard and the settings screen.
import { expect, test, unlockedVault } from './fixtures';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';

const inDays = (n: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() + n)).toISOString().slice(0, 10);
};

test.beforeEach(async ({ bridge }) => {
  await unlockedVault(bridge);
});

test('the alerts dashboard shows what needs attention, the next 90 days and the spread of keys', async ({
  app,
  bridge,
}) => {
  const add = (name: string, platform: string, expiresAt: string | null, status = 'active') =>
    bridge.call('keys.add', {
      fields: { platform, name, expiresAt, status, lastUsedAt: inDays(-1) },
      secret: { value: `secret-value-for-${name.replace(/\W/g, '')}-000000` },
    });
  await add('Expires in three days', 'knouds', inDays(3));
  await add('Expires next month', 'kubiya', inDays(40));
  await add('Long lived', 'kaana', inDays(400));
  await add('Already gone', 'kaana', inDays(-10), 'revoked');
  await app.goto(bridge.url);
  const shell = new ShellPage(app);
  await expect(app.getByRole('navigation', { name: 'Main' }).getByLabel('1 key needs action')).toBeVisible();
  await shell.go('Alerts');
  const list = app.getByTestId('attention-list');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list.getByRole('listitem').first()).toContainText('Expires in three days');
  await expect(list.getByRole('listitem').first()).toContainText('Due soon');
  await expect(app.getByRole('figure', { name: /next 90 days: 2 in all/ })).toBeVisible();
  await expect(app.getByRole('region', { name: 'Keys by platform' })).toContainText('Kaana');
  await expect(app.getByRole('region', { name: 'Keys by status' })).toContainText('Revoked');
  await list.getByRole('button', { name: 'Expires in three days', exact: true }).click();
  await expect(app.getByTestId('key-detail')).toContainText('Needs attention');
  await expect(new InventoryPage(app).row('Expires in three days')).toHaveClass(/open/);
});

test('an empty vault explains what the alerts dashboard will show', async ({ app, bridge }) => {
  await app.goto(bridge.url);
  await new ShellPage(app).go('Alerts');
  await expect(app.getByRole('heading', { name: 'Nothing to watch yet' })).toBeVisible();
});

test('settings: theme applies at once and is kept; auto-lock and clipboard time are saved in the host', async ({
  app,
  bridge,
}) => {
  await app.emulateMedia({ colorScheme: 'light' });
  await app.goto(bridge.url);
  const shell = new ShellPage(app);
  await shell.go('Settings');
  const html = app.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'light');
  await app.getByRole('radio', { name: 'Dark' }).click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await app.getByLabel('Lock after inactivity').selectOption('15');
  await app.getByLabel('Clear the clipboard after').selectOption('10');
  await expect.poll(async () => (await bridge.call<{ autoLockMinutes: number }>('host.preferences')).ok).toBe(true);
  const prefs = await bridge.call('host.preferences');
  expect(prefs).toEqual({
    ok: true,
    value: { theme: 'dark', autoLockMinutes: 15, clipboardSeconds: 10, cliAgent: false },
  });
  await app.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await shell.go('Settings');
  await app.getByRole('radio', { name: 'System' }).click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await app.emulateMedia({ colorScheme: 'dark' });
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test('the command palette runs commands: settings, lock', async ({ app, bridge }) => {
  await app.goto(bridge.url);
  await expect(app.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
  await app.keyboard.press('Control+k');
  await app.getByLabel('Command or key').fill('settings');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await app.keyboard.press('Control+k');
  await app.getByLabel('Command or key').fill('lock');
  const reloaded = app.waitForEvent('load');
  await app.keyboard.press('Enter');
  await reloaded;
  await expect(app.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
});

test('snooze and acknowledge hide an alert (kept in the vault); thresholds change which alerts stand', async ({
  app,
  bridge,
}) => {
  const add = (name: string, days: number) =>
    bridge.call('keys.add', {
      fields: { platform: 'knouds', name, expiresAt: inDays(days), lastUsedAt: inDays(-1) },
      secret: { value: `knouds_live_${name.replace(/\W/g, '')}-0000000000` },
    });
  await add('Snooze me', 5);
  await add('Acknowledge me', 6);
  await add('Far away', 50);
  await app.goto(bridge.url);
  const shell = new ShellPage(app);
  await shell.go('Alerts');
  const list = app.getByTestId('attention-list');
  await expect(list.getByRole('listitem')).toHaveCount(2);
  await list.getByLabel('Snooze length for Snooze me').selectOption('7');
  await list.getByRole('button', { name: 'Snooze the alerts on Snooze me' }).click();
  await expect(list.getByRole('button', { name: 'Snooze me', exact: true })).toHaveCount(0);
  await list.getByRole('button', { name: 'Acknowledge the alerts on Acknowledge me' }).click();
  await expect(app.getByText('All clear: no key needs action today.')).toBeVisible();

  await shell.go('Settings');
  await app.getByLabel('Warn before expiry (days)').fill('60, 7, 1');
  await app.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(app.getByRole('status').filter({ hasText: 'Alert thresholds saved' })).toBeVisible();
  await shell.go('Alerts');
  // 50 days ahead is past the 7-day "due soon" window: housekeeping, in the weekly digest.
  await app.getByRole('button', { name: /Weekly digest/ }).click();
  const digest = app.getByTestId('digest-list');
  await expect(digest.getByRole('listitem').filter({ hasText: 'Far away' })).toHaveCount(1);
  await expect(digest.getByRole('listitem').filter({ hasText: 'Far away' })).toContainText('expires in 7 weeks');
  const state = await bridge.call<{ expiryThresholdsDays: number[] }>('alerts.settings');
  expect(state.ok && state.value.expiryThresholdsDays).toEqual([60, 7, 1]);
});

test('"Flag unused keys after" is checked by the app as typed, and "Warn before expiry" says at most 10 of what', async ({
  app,
  bridge,
}) => {
  await app.goto(bridge.url);
  await new ShellPage(app).go('Settings');
  const unused = app.getByLabel('Flag unused keys after (days)');
  const before = await bridge.call<{ unusedDays: number }>('alerts.settings', {});
  for (const typed of ['ninety', '0', '90.5']) {
    await unused.focus();
    await app.keyboard.press('Control+a');
    await app.keyboard.type(typed);
    await expect(unused).toHaveValue(typed);
    await app.keyboard.press('Enter');
    await expect(app.locator('#unused-error')).toContainText('Nothing was saved.');
    await expect(unused).toHaveAttribute('aria-invalid', 'true');
  }
  const after = await bridge.call<{ unusedDays: number }>('alerts.settings', {});
  expect(after.ok && after.value.unusedDays).toBe(before.ok && before.value.unusedDays);
  const warn = app.getByLabel('Warn before expiry (days)');
  await warn.focus();
  await app.keyboard.press('Control+a');
  await app.keyboard.type(Array.from({ length: 21 }, (_, i) => String(i + 1)).join(', '));
  await app.keyboard.press('Enter');
  await expect(app.locator('#thresholds-error')).toContainText('at most 10 days to warn on');
});
