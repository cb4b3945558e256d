// The app speaks the user's language and drops nothing silently (#16): field-level messages
// instead of zod paths and CLI flags, plurals, refused and doubtful new keys at their field,
// the first run that starts with Import, and a bulk edit of the imported keys. Typed with the
// keyboard (pressSequentially / page.keyboard), never fill().
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator } from './bridge/simulators';
import { expect, test, unlockedVault } from './fixtures';
import { ImportPage } from './pages/import.page';
import { InventoryPage } from './pages/inventory.page';
import { ShellPage } from './pages/shell.page';

// The bulk edit's result is checked in the owner column, which shows when the window has room for it.
test.use({ viewport: { width: 1680, height: 900 } });

let dir: string;
test.beforeEach(async ({ bridge }) => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-lang-e2e-'));
  await unlockedVault(bridge);
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

const STORED = 'knouds_live_StoredEarlier00000000042';

test('alert thresholds "thirty, 7" are refused naming "thirty", and nothing is saved', async ({ app, bridge }) => {
  await app.goto(bridge.url);
  await new ShellPage(app).go('Settings');
  const field = app.getByLabel('Warn before expiry (days)');
  await expect(field).toHaveValue(/\d/);
  await field.press('Control+a');
  await field.pressSequentially('thirty, 7');
  await app.getByRole('button', { name: 'Save thresholds' }).click();
  const form = app.getByRole('form', { name: 'Alert thresholds' });
  await expect(form.getByRole('alert').first()).toContainText('“thirty” is not a number of days');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(app.locator('body')).not.toContainText('Invalid alerts');
  const saved = await bridge.call<{ expiryThresholdsDays: number[] }>('alerts.settings', {});
  expect(saved.ok && saved.value.expiryThresholdsDays).not.toEqual([7]);
});

test('a threshold the core refuses ("7, 7, 400000") is said once, at the field, not also as a toast (#16)', async ({
  app,
  bridge,
}) => {
  await app.goto(bridge.url);
  await new ShellPage(app).go('Settings');
  const field = app.getByLabel('Warn before expiry (days)');
  await expect(field).toHaveValue(/\d/);
  await field.press('Control+a');
  await field.pressSequentially('7, 7, 400000');
  await app.getByRole('button', { name: 'Save thresholds' }).click();
  await expect(app.locator('#thresholds-error')).toContainText('more than 3650 (ten years)');
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  const said = async () => ((await app.locator('body').innerText()).match(/more than\s+3650/g) ?? []).length;
  expect(await said()).toBe(1);
  await app.waitForTimeout(500); // a toast would have appeared by now
  expect(await said()).toBe(1);
});

test('a zod issue reaches the user as the field it concerns, in words', async ({ app, bridge }) => {
  await app.goto(bridge.url);
  // A key whose name is only spaces: the core's "Invalid key: name must not be empty." is shown at the Name field.
  await app.getByRole('button', { name: 'Add your first key' }).click();
  const form = app.getByRole('form', { name: 'Add a key' });
  await form.getByLabel('Name').pressSequentially('   ');
  await form.getByLabel('Secret').pressSequentially('knouds_live_ZodIssue000000000000042');
  await form.getByRole('button', { name: 'Add key' }).click();
  const alert = form.getByRole('alert');
  await expect(alert).toHaveText('Name must not be empty. Correct it and try again.');
  await expect(form.getByLabel('Name')).toHaveAttribute('aria-invalid', 'true');
  await expect(form).not.toContainText('Invalid key');
});

test('new keys: a short secret and a past expiry are warned and can be added anyway; another platform’s key and a duplicate are said at the field', async ({
  app,
  bridge,
}) => {
  bridge.seed([{ fields: { platform: 'knouds', name: 'Stored earlier' }, secret: { value: STORED } }]);
  await app.goto(bridge.url);
  const inventory = new InventoryPage(app);
  await inventory.viewButton('All keys').click();
  await expect(inventory.count).toHaveText('1 key');
  await app.getByRole('button', { name: 'Add key', exact: true }).click();
  const form = app.getByRole('form', { name: 'Add a key' });
  const secret = form.getByLabel('Secret');
  await form.getByLabel('Name').pressSequentially('Three characters');
  // Three characters can never be a key: refused at the field, no "Add anyway" (#16).
  await secret.pressSequentially('abc');
  await form.getByRole('button', { name: 'Add key' }).click();
  await expect(form.locator('.field-error')).toContainText('Too short: 3 characters');
  await expect(secret).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByRole('button', { name: 'Add anyway' })).toHaveCount(0);
  await secret.press('Control+a');
  await secret.pressSequentially('abcdefghijklmnopqrst');
  await form.getByLabel('Expires').pressSequentially('06012020');
  await form.getByRole('button', { name: /Add (key|anyway)/ }).click();
  await expect(form).toContainText('Knouds keys start with knouds_live_');
  await expect(form).toContainText('(2020-06-01) is already past');
  await expect(secret).toHaveAttribute('aria-invalid', 'true');
  await expect(secret).toBeFocused(); // the first warned field, not the first field of the form
  await expect(form.getByLabel('Expires')).toHaveAttribute('aria-invalid', 'true');
  // Nothing was added yet: the user sees why, then decides.
  expect((await bridge.call<{ keys: unknown[] }>('keys.list', {})).ok).toBe(true);
  await expect(inventory.count).toHaveText('1 key');

  // A Kubiya key filed under Knouds is refused, and no "Add anyway" is offered.
  await secret.press('Control+a');
  await secret.pressSequentially('kby_0123456789abcdef0123456789');
  await form.getByRole('button', { name: /Add (key|anyway)/ }).click();
  await expect(form).toContainText('That looks like a Kubiya key');
  await expect(form.getByRole('button', { name: 'Add anyway' })).toHaveCount(0);
  await form.getByRole('button', { name: 'Add key' }).click();
  await expect(form).toBeVisible();

  // The exact secret of a stored key: warned, naming the key that holds it.
  await secret.press('Control+a');
  await secret.pressSequentially(STORED);
  await form.getByRole('button', { name: /Add (key|anyway)/ }).click();
  await expect(form).toContainText('already stored as “Stored earlier”');
  await expect(form.getByRole('button', { name: 'Add anyway' })).toBeVisible();
  await expect(form).not.toContainText(STORED);
  const said = (await form.locator('#add-key-secret-duplicate').textContent()) ?? '';
  expect(said).not.toMatch(/\b[0-9a-f]{8}\b|--allow-duplicate|keyward /);

  // The secret without its prefix again, added anyway after the warning.
  await secret.press('Control+a');
  await secret.pressSequentially('abcdefghijklmnopqrst');
  await form.getByRole('button', { name: 'Add key' }).click();
  await expect(form.getByRole('button', { name: 'Add anyway' })).toBeVisible();
  await form.getByRole('button', { name: 'Add anyway' }).click();
  await expect(form).toBeHidden();
  await expect(inventory.count).toHaveText('2 keys');
  await expect(inventory.row('Three characters')).toBeVisible();
});

test('first run offers Import first, then a bulk edit of the imported keys in one change', async ({ app, bridge }) => {
  const file = join(dir, 'deploy.env');
  writeFileSync(
    file,
    [
      'KNOUDS_API_KEY=knouds_live_FirstRunImport000000000001',
      'KNOUDS_API_KEY_2=knouds_live_FirstRunImport000000000002',
    ].join('\n'),
  );
  bridge.setImportFile(file);
  await app.goto(bridge.url);
  const empty = app.getByRole('status').filter({ hasText: 'No keys yet' });
  const buttons = empty.getByRole('button');
  await expect(buttons.nth(0)).toHaveText('Import your keys');
  await expect(buttons.nth(0)).toHaveClass(/primary/);
  await expect(buttons.nth(1)).toHaveText('Add your first key');
  await expect(buttons.nth(1)).not.toHaveClass(/primary/);

  await buttons.nth(0).click();
  const dialog = new ImportPage(app);
  await expect(dialog.dialog).toBeVisible();
  await dialog.chooseFile();
  await expect(dialog.rows()).toHaveCount(2);
  await dialog.importButton().click();
  await expect(app.getByTestId('import-summary')).toContainText('Imported 2 keys.');
  await app.getByRole('button', { name: 'Edit the 2 imported keys…' }).click();
  const bulk = app.getByTestId('bulk-edit');
  await bulk.getByLabel('Owner').pressSequentially('ana@example.com');
  await bulk.getByLabel('Account').pressSequentially('acme-org');
  await bulk.getByLabel('Environment').pressSequentially('production');
  await bulk.getByLabel('Add tags').pressSequentially('billing');
  await bulk.getByLabel('Name pattern').pressSequentially('Billing {environment} {n}');
  await bulk.getByRole('button', { name: 'Change 2 keys' }).click();
  await expect(bulk).toBeHidden();
  const inventory = new InventoryPage(app);
  await expect(inventory.row('Billing production 1')).toContainText('ana@example.com');
  await expect(inventory.row('Billing production 2')).toContainText('acme-org');
  const listed = await bridge.call<{ keys: { name: string; tags: string[]; owner: string }[] }>('keys.list', {});
  expect(listed.ok && listed.value.keys.every((k) => k.owner === 'ana@example.com' && k.tags.includes('billing'))).toBe(
    true,
  );
});

test('checklist steps and the backup dialog never show CLI commands or raw HTTP paths as instructions', async ({
  app,
  bridge,
}) => {
  bridge.seed([{ fields: { platform: 'knouds', name: 'Deploy bot' }, secret: { value: STORED } }]);
  const listed = await bridge.call<{ keys: { id: string }[] }>('keys.list', {});
  if (!listed.ok) throw new Error('list');
  await bridge.call('team.setName', { name: 'Ana Souza' }); // the author a run records has no default
  await bridge.call('checklists.start', { keyId: listed.value.keys[0]!.id });
  await app.goto(bridge.url);
  await new ShellPage(app).go('Checklists');
  await app.getByText('Deploy bot').first().click();
  await expect(app.getByText('Verify the new key')).toBeVisible();
  const body = app.locator('body');
  await expect(body).toContainText('Use Verify in the key’s detail panel.');
  await expect(body).not.toContainText('keyward ');
  await expect(body).not.toContainText('GET /api');
  await new ShellPage(app).go('Inventory');
  await app.getByRole('button', { name: /Export/ }).click();
  await expect(app.getByRole('dialog')).toBeVisible();
  await expect(app.getByRole('dialog')).not.toContainText('keyward export');
});

test('a file whose format cannot be told asks to choose the format, never for a --format flag', async ({
  app,
  bridge,
}) => {
  const file = join(dir, 'notes.txt');
  writeFileSync(file, 'just some notes\nnothing here looks like a key file\n');
  bridge.setImportFile(file);
  await app.goto(bridge.url);
  await app.getByRole('button', { name: 'Import your keys' }).click();
  const dialog = app.getByRole('dialog', { name: 'Import keys' });
  await dialog.getByRole('button', { name: 'Choose a file…' }).click();
  const alert = dialog.getByRole('alert');
  await expect(alert).toContainText('Choose it in the Format list');
  await expect(alert).not.toContainText('--format');
  // Said once, in the app's words: the format names are the Format list's, not the command line's ids.
  await expect(alert).not.toContainText('bitwarden-json');
  expect((await alert.innerText()).match(/cannot tell/gi)?.length ?? 0, 'said once').toBe(1);
});

test('a platform that fails is said as "Platform failed", not its result code', async ({ app, bridge }) => {
  const sim = await startSimulator('knouds');
  try {
    const key = sim.addKey({ account: 'user-7', email: 'ops@acme.dev', tier: 'pro' });
    await bridge.call('keys.add', {
      fields: { platform: 'knouds', name: 'Failing platform key', account: 'user-7', baseUrl: sim.baseUrl },
      secret: { value: key.value },
    });
    sim.setFault({ kind: 'status', status: 500 });
    await app.goto(bridge.url);
    const inventory = new InventoryPage(app);
    await inventory.showAll();
    await inventory.open('Failing platform key');
    const detail = app.getByTestId('key-detail');
    await detail.getByRole('button', { name: 'Verify now' }).click();
    await expect(detail).toContainText('Platform failed', { timeout: 20_000 });
    await expect(app.locator('body')).not.toContainText(/platform-error|Platform-Error/i);
  } finally {
    await sim.close();
  }
});

test('Add key: a past expiry typed first is flagged at the field before any secret, and can be added anyway (#16)', async ({
  app,
  bridge,
}) => {
  await app.goto(bridge.url);
  await app.getByRole('button', { name: 'Add your first key' }).click();
  const form = app.getByRole('form', { name: 'Add a key' });
  await form.getByLabel('Name').pressSequentially('Dated first');
  const expires = form.getByLabel('Expires');
  await expires.pressSequentially('06012020');
  // No secret typed and nothing submitted: the date alone says it is past.
  await expect(form.getByLabel('Secret')).toHaveValue('');
  await expect(form.locator('#add-key-expiresAt-past-expiry')).toContainText('(2020-06-01) is already past');
  await expect(expires).toHaveAttribute('aria-invalid', 'true');
  // The warning is overridable: with a secret, submitting once more adds the key anyway.
  await form.getByLabel('Secret').pressSequentially('knouds_live_DatedFirst0000000000042');
  await form.getByRole('button', { name: 'Add key' }).click();
  await expect(form.getByRole('button', { name: 'Add anyway' })).toBeVisible();
  await form.getByRole('button', { name: 'Add anyway' }).click();
  await expect(form).toBeHidden();
});
