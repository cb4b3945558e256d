// One attention model in the interface (#15): the badge, the Alerts heading and the inventory
// count keys the way the core does; the inventory opens on "Needs action"; the Alerts screen
// has one row per key, virtualised, with bulk snooze and each action opening its wizard; the
// status badge tells the truth.
import { startSimulator, type SimulatorHandle } from './bridge/simulators';
import type { Bridge } from './bridge/bridge';
import { expect, test, unlockedVault } from './fixtures';
import { AlertsPage } from './pages/alerts.page';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';
import { WizardPage } from './pages/wizard.page';
import { seedKeys } from './seed';

const inDays = (n: number) => {
  const d = new Date();
  return new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate() + n)).toISOString().slice(0, 10);
};
type Summary = { needsAction: number; actNow: number; dueSoon: number; housekeeping: number; fine: number };
type Listed = {
  keys: { id: string; name: string; attention: { state: string; reasons: { kind: string }[]; action: string } }[];
};
async function value<T>(reply: Promise<{ ok: boolean }>): Promise<T> {
  const r = (await reply) as { ok: boolean; value?: T; error?: unknown };
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value as T;
}
let n = 0;
async function add(bridge: Bridge, name: string, fields: Record<string, unknown>, secret?: string): Promise<string> {
  const r = await value<{ id: string }>(
    bridge.call('keys.add', {
      fields: { platform: 'knouds', name, lastUsedAt: inDays(-1), createdAt: inDays(-20), ...fields },
      secret: { value: secret ?? `knouds_live_attention-${String(n++).padStart(4, '0')}-000000000000` },
    }),
  );
  return r.id;
}

test.beforeEach(async ({ bridge }) => {
  await unlockedVault(bridge);
});

test('the badge, the Alerts heading and the inventory count the same keys as the core', async ({ app, bridge }) => {
  bridge.seed(seedKeys(200));
  const summary = await value<Summary>(bridge.call('alerts.attention'));
  const { keys } = await value<Listed>(bridge.call('keys.list'));
  const needing = keys.filter((k) => ['act-now', 'due-soon'].includes(k.attention.state));
  expect(summary.needsAction).toBe(needing.length);
  expect(summary.needsAction).toBeGreaterThan(0);
  expect(summary.needsAction + summary.housekeeping + summary.fine).toBe(200);

  await app.goto(bridge.url);
  const nav = app.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByTestId('needs-action-badge')).toHaveText(String(summary.needsAction));
  const inventory = new InventoryPage(app);
  await expect(inventory.viewButton('Needs action')).toHaveAttribute('aria-pressed', 'true');
  await expect(inventory.count).toHaveText(`${summary.needsAction} need action`);
  await expect(inventory.table).toHaveAttribute('aria-rowcount', String(summary.needsAction + 1));

  await new ShellPage(app).go('Alerts');
  const alerts = new AlertsPage(app);
  await expect(alerts.headingCount).toHaveText(`${summary.needsAction} keys need action`);
  await expect(alerts.count).toHaveText(`${summary.needsAction} keys`);
  await expect(alerts.rows().first()).toHaveAttribute('aria-setsize', String(summary.needsAction));
  await expect(app.getByTestId('state-cards')).toContainText(String(summary.housekeeping));
});

test('the inventory opens on "Needs action", says so when nothing does, and switches to all keys in one click', async ({
  app,
  bridge,
}) => {
  await add(bridge, 'Quiet key', { expiresAt: inDays(200) });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await expect(app.getByRole('heading', { name: 'Nothing needs action' })).toBeVisible();
  await expect(inventory.viewButton('Needs action')).toHaveAttribute('aria-pressed', 'true');
  await app.getByRole('button', { name: 'Show the key' }).click();
  await expect(inventory.viewButton('All keys')).toHaveAttribute('aria-pressed', 'true');
  await expect(inventory.row('Quiet key')).toBeVisible();
  await expect(inventory.count).toHaveText('1 key');

  await add(bridge, 'Expires in two days', { expiresAt: inDays(2) });
  await app.reload();
  await expect(inventory.viewButton('Needs action')).toHaveAttribute('aria-pressed', 'true');
  await expect(inventory.row('Expires in two days')).toContainText('Due soon');
  await expect(inventory.row('Quiet key')).toHaveCount(0);
  await inventory.showAll();
  await expect(inventory.names()).resolves.toEqual(['Expires in two days', 'Quiet key']);
});

test('no expired or refused key shows Active: the status tells the truth, the reasons show on hover and in the detail', async ({
  app,
  bridge,
}) => {
  const sim: SimulatorHandle = await startSimulator('knouds');
  try {
    await add(bridge, 'Expired but live', { expiresAt: inDays(-12), status: 'active', deployedTo: ['Vercel env'] });
    const refused = await add(
      bridge,
      'Refused by the platform',
      { expiresAt: inDays(200), baseUrl: sim.baseUrl, account: 'user-1' },
      'knouds_live_never-issued-by-the-simulator-0001',
    );
    const verified = await value<{ result: string }>(bridge.call('keys.verify', { id: refused }));
    expect(verified.result).toBe('invalid');
    await app.goto(bridge.url);
    const inventory = new InventoryPage(app);
    for (const [name, truth] of [
      ['Expired but live', 'Expired'],
      ['Refused by the platform', 'Refused'],
    ] as const) {
      const row = inventory.row(name);
      await expect(row.locator('.col-status')).toHaveText(truth);
      await expect(row).toContainText('Act now');
      await expect(row).toHaveAttribute('title', /^Act now:/);
    }
    await expect(inventory.row('Expired but live')).toHaveAttribute(
      'title',
      /Expired on \d{4}-\d{2}-\d{2} \(12 days ago\) and still in use/,
    );
    await expect(inventory.table.locator('.col-status').filter({ hasText: 'Active' })).toHaveCount(0);

    await inventory.open('Expired but live');
    const detail = app.getByTestId('key-attention');
    await expect(detail).toContainText('(12 days ago) and still in use: rotate it');
    await expect(detail).toContainText('still recorded as deployed');
    await detail.getByRole('button', { name: 'Next step: Rotate' }).click();
    const wizard = new WizardPage(app);
    await wizard.expectStep('plan');
    await expect(wizard.dialog).toHaveAccessibleName('Rotate key');
  } finally {
    await sim.close();
  }
});

test('one row per key with its reasons inside, however many alerts it has', async ({ app, bridge }) => {
  const id = await add(bridge, 'Three problems', {
    expiresAt: inDays(-3),
    status: 'active',
    deployedTo: ['GitHub Actions secret', 'Vercel env'],
    createdAt: inDays(-200),
    lastUsedAt: inDays(-150),
    rotateEveryDays: 30,
  });
  await add(bridge, 'Expires tomorrow', { expiresAt: inDays(1) });
  const { alerts } = await value<{ alerts: { keyId: string }[] }>(bridge.call('alerts.list'));
  const own = alerts.filter((a) => a.keyId === id).length;
  expect(own).toBeGreaterThanOrEqual(3);
  const { keys } = await value<Listed>(bridge.call('keys.list'));
  const reasons = keys.find((k) => k.id === id)?.attention.reasons.length ?? 0;

  await app.goto(bridge.url);
  await new ShellPage(app).go('Alerts');
  const page = new AlertsPage(app);
  await expect(page.rows()).toHaveCount(2);
  await expect(page.row('Three problems')).toHaveCount(1);
  await expect(page.row('Three problems').locator('.reason')).toHaveCount(reasons);
  await expect(page.rows().first()).toHaveAttribute('data-key-name', 'Three problems'); // act now before due soon

  // The filters: words typed, state, platform and reason.
  await page.filter.click();
  await app.keyboard.type('tomorrow');
  await expect(page.rows()).toHaveCount(1);
  await expect(page.count).toHaveText('1 key');
  await page.filter.press('Escape');
  await expect(page.rows()).toHaveCount(2);
  await page.setState('due-soon');
  await expect(page.rows()).toHaveCount(1);
  await expect(page.row('Expires tomorrow')).toHaveCount(1);
  await page.setState('');
  await app.getByRole('combobox', { name: 'Reason' }).selectOption('expired-deployed');
  await expect(page.rows()).toHaveCount(1);
  await expect(page.row('Three problems')).toHaveCount(1);
  await app.getByRole('combobox', { name: 'Platform' }).selectOption('kaana');
  await expect(app.getByText('No key matches these filters.')).toBeVisible();
});

test('bulk snooze of a selection hides those keys and every count follows', async ({ app, bridge }) => {
  for (const [name, days] of [
    ['Due in three days', 3],
    ['Due in four days', 4],
    ['Due in five days', 5],
  ] as const)
    await add(bridge, name, { expiresAt: inDays(days) });
  await app.goto(bridge.url);
  const nav = app.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByTestId('needs-action-badge')).toHaveText('3');
  await new ShellPage(app).go('Alerts');
  const page = new AlertsPage(app);
  await expect(page.rows()).toHaveCount(3);
  await page.select('Due in three days');
  await page.select('Due in five days');
  await expect(app.getByTestId('selected-count')).toHaveText('2 selected');
  // From the keyboard: the arrow moves the length (nothing is snoozed yet), the button snoozes.
  await app.getByRole('combobox', { name: 'Snooze length for the selected keys' }).focus();
  await app.keyboard.press('ArrowDown');
  await expect(page.rows()).toHaveCount(3);
  await app.keyboard.press('Tab');
  await expect(app.getByRole('button', { name: 'Snooze the selected keys' })).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByText('Snoozed 2 keys for 30 days')).toBeVisible();
  await expect(page.rows()).toHaveCount(1);
  await expect(page.row('Due in four days')).toHaveCount(1);
  await expect(nav.getByTestId('needs-action-badge')).toHaveText('1');
  await expect(page.headingCount).toHaveText('1 key needs action');
  const summary = await value<Summary>(bridge.call('alerts.attention'));
  expect(summary.needsAction).toBe(1);
  // A snoozed key is snoozed whole (every reason it had), so it shows in no state until the snooze ends.
  await page.setState('any');
  await expect(page.rows()).toHaveCount(1);
  expect(summary.fine).toBe(2);
});

test('a key deleted behind a selection is skipped: the rest is snoozed, the list and counts follow', async ({
  app,
  bridge,
}) => {
  const a = await add(bridge, 'Due A', { expiresAt: inDays(3) });
  await add(bridge, 'Due B', { expiresAt: inDays(4) });
  await add(bridge, 'Due C', { expiresAt: inDays(5) });
  await app.goto(bridge.url);
  const nav = app.getByRole('navigation', { name: 'Main' });
  await new ShellPage(app).go('Alerts');
  const page = new AlertsPage(app);
  await expect(page.rows()).toHaveCount(3);
  await page.select('Due A');
  await page.select('Due B');
  await value(bridge.call('keys.remove', { id: a }));
  await app.getByRole('combobox', { name: 'Snooze length for the selected keys' }).selectOption('1');
  await app.getByRole('button', { name: 'Snooze the selected keys' }).click();
  const toast = app.getByText(/^Snoozed 1 key for 1 day; 1 key no longer in the vault, skipped$/);
  await expect(toast).toBeVisible();
  await expect(app.getByText(/No key with id/)).toHaveCount(0);
  await expect(page.rows()).toHaveCount(1);
  await expect(page.row('Due C')).toHaveCount(1);
  await expect(nav.getByTestId('needs-action-badge')).toHaveText('1');
  await expect(page.headingCount).toHaveText('1 key needs action');
  expect((await value<Summary>(bridge.call('alerts.attention'))).needsAction).toBe(1);
  await expect(app.getByTestId('selected-count')).toHaveCount(0);
});

test('each row action opens its wizard at its step: rotate, revoke, verify, record expiry', async ({ app, bridge }) => {
  const sim = await startSimulator('knouds');
  try {
    const live = sim.addKey({ account: 'user-7', email: 'ops@demo.test', tier: 'pro' });
    const rotate = await add(bridge, 'Rotate me', { expiresAt: inDays(4), baseUrl: sim.baseUrl, account: 'user-7' });
    await add(bridge, 'Revoke me', { expiresAt: inDays(200), lastUsedAt: inDays(-200), createdAt: inDays(-300) });
    await add(bridge, 'Verify me', { expiresAt: inDays(200), baseUrl: sim.baseUrl, account: 'user-7' }, live.value);
    await add(
      bridge,
      'Record my expiry',
      { platform: 'kognitos', expiresAt: null },
      'kgn_pat_attention-0000000000000001',
    );
    const { keys } = await value<Listed>(bridge.call('keys.list'));
    const actionOf = (name: string) => keys.find((k) => k.name === name)?.attention.action;
    expect(['Rotate me', 'Revoke me', 'Verify me', 'Record my expiry'].map(actionOf)).toEqual([
      'rotate',
      'revoke',
      'verify',
      'record-expiry',
    ]);

    await app.goto(bridge.url);
    await new ShellPage(app).go('Alerts');
    const page = new AlertsPage(app);
    const wizard = new WizardPage(app);
    await page.row('Rotate me').getByRole('button', { name: 'Rotate Rotate me' }).click();
    await wizard.expectStep('plan');
    await expect(wizard.dialog).toHaveAccessibleName('Rotate key');
    await wizard.close();

    // A rotation already under way resumes at its step.
    await value(bridge.call('rotations.start', { keyId: rotate, kind: 'rotate' }));
    await page.row('Rotate me').getByRole('button', { name: 'Rotate Rotate me' }).click();
    await wizard.expectStep('capture-new-key');
    await wizard.close();

    const digest = await page.openDigest();
    const inDigest = (name: string) => digest.locator(`:scope > li[data-key-name="${name}"]`);
    await inDigest('Revoke me').getByRole('button', { name: 'Revoke Revoke me' }).click();
    await wizard.expectStep('plan');
    await expect(wizard.dialog).toHaveAccessibleName('Revoke key');
    await wizard.close();

    await inDigest('Verify me').getByRole('button', { name: 'Verify Verify me' }).click();
    const verifying = app.getByTestId('bulk-verify');
    await expect(verifying).toContainText('Checked 1 key.');
    await expect(verifying.locator('.verify-valid')).toContainText('1');
    await verifying.getByRole('button', { name: 'Close' }).click();
    await expect(inDigest('Verify me')).toHaveCount(0); // verified and used: fine now

    await inDigest('Record my expiry').getByRole('button', { name: 'Record expiry Record my expiry' }).click();
    const detail = app.getByTestId('key-detail');
    await expect(detail).toContainText('Record my expiry');
    await expect(detail.getByLabel('Expires', { exact: true })).toBeFocused();
  } finally {
    await sim.close();
  }
});

test('2,000 keys: every key with an alert is reachable by scrolling the alerts list', async ({ app, bridge }) => {
  test.setTimeout(90_000);
  bridge.seed(seedKeys(2_000, { profile: 'every-rule' }));
  const { keys } = await value<Listed>(bridge.call('keys.list'));
  const withReasons = keys.filter((k) => k.attention.state !== 'fine').length;
  await app.goto(bridge.url);
  await new ShellPage(app).go('Alerts');
  const page = new AlertsPage(app);
  await page.setState('any');
  await expect(page.count).toHaveText(`${withReasons.toLocaleString('en')} keys`);
  expect(await page.rows().count()).toBeLessThan(60);
  await page.scroll.evaluate((el) => {
    el.scrollTop = el.scrollHeight;
  });
  await expect(page.rows().last()).toHaveAttribute('aria-posinset', String(withReasons));
});

test('at 1024×640 an Alerts reason gets two lines, not cut at the first, and its whole text on hover', async ({
  app,
  bridge,
}) => {
  await add(bridge, 'Expired but live', { expiresAt: inDays(-3), deployedTo: ['Vercel env var in acme/web'] });
  await app.setViewportSize({ width: 1024, height: 640 });
  await app.goto(bridge.url);
  await new ShellPage(app).go('Alerts');
  const reasons = app.getByTestId('attention-list').locator('.attention-reasons p');
  await expect(reasons.first()).toContainText('(3 days ago) and still in use');
  const shown = await reasons.evaluateAll((ps: HTMLElement[]) =>
    ps.map((p) => ({
      lines: Math.round(p.clientHeight / parseFloat(getComputedStyle(p).lineHeight)),
      title: p.title,
      text: p.textContent,
    })),
  );
  expect(shown.length).toBeGreaterThanOrEqual(2);
  for (const r of shown) {
    expect(r.lines).toBe(2);
    expect(r.title).toBe(r.text);
  }
  // The deployed reason fits its two lines whole; the row is as tall as its reasons.
  const deployed = reasons.filter({ hasText: 'still recorded as deployed' });
  expect(await deployed.evaluate((p) => p.scrollHeight <= p.clientHeight + 1)).toBe(true);
  const row = app.getByTestId('attention-list').locator('.attention-row').first();
  const [rowBox, lastBox] = [await row.boundingBox(), await reasons.last().boundingBox()];
  expect((lastBox?.y ?? 0) + (lastBox?.height ?? 0)).toBeLessThanOrEqual((rowBox?.y ?? 0) + (rowBox?.height ?? 0));
});

test('the Status filter is the status the badge shows: a key recorded active but past its expiry is Expired', async ({
  app,
  bridge,
}) => {
  await add(bridge, 'Expired but live', { expiresAt: inDays(-3) });
  await add(bridge, 'Fine for now', { expiresAt: inDays(90) });
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.showAll();
  await inventory.filter('Status', 'expired');
  await expect(inventory.count).toHaveText('1 of 2');
  expect(await inventory.names()).toEqual(['Expired but live']);
  await inventory.filter('Status', 'active');
  expect(await inventory.names()).toEqual(['Fine for now']);
  await expect(app.getByRole('combobox', { name: 'Status' }).locator('option', { hasText: 'Refused' })).toHaveCount(1);
});
