// A KAI instance id pairs with a key only by exact naming, and the app's import preview shows
// which variable it came from; look-alike names (KAI_STAGING_API_KEY, KAIROS_API_KEY) get none.
// Driven from the keyboard: the dialog's buttons are reached with Tab and pressed with Enter.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, unlockedVault } from './fixtures';
import { ImportPage } from './pages/import.page';

let dir: string;
test.beforeEach(async ({ bridge }) => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-pairing-e2e-'));
  await unlockedVault(bridge);
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('the import preview shows the instance id paired with KAI_API_KEY only', async ({ app, bridge }) => {
  const file = join(dir, 'all.env');
  writeFileSync(
    file,
    [
      'KAI_INSTANCE_ID=inst-5',
      'KAI_API_KEY=kai-secret-value-0001',
      'KAIROS_API_KEY=kairos-value-0000003',
      'OTHER_INSTANCE_ID=inst-9',
      'KAIX_API_KEY=kai-lookalike-value-04',
    ].join('\n'),
  );
  bridge.setImportFile(file);
  await app.goto(bridge.url);
  const dialog = new ImportPage(app);
  await app.getByRole('button', { name: 'Import', exact: true }).focus();
  await app.keyboard.press('Enter');
  await expect(dialog.dialog).toBeVisible();
  await dialog.dialog.getByRole('button', { name: /Choose (a|another) file/ }).focus();
  await app.keyboard.press('Enter');
  await expect(dialog.row('KAI_API_KEY')).toContainText('instance id from KAI_INSTANCE_ID');
  await expect(dialog.row('KAIROS_API_KEY')).not.toContainText('instance id from');
  await expect(dialog.row('KAIX_API_KEY')).not.toContainText('instance id from');
  await expect(app.locator('body')).not.toContainText('kai-secret-value');
});

test('a guessed platform can be confirmed as it is, from the keyboard, and is then no longer a guess', async ({
  app,
  bridge,
}) => {
  const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const session = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ tenantId: 't-9', exp: 4102444800 })}.c2lnbmF0dXJl`;
  const file = join(dir, 'guess.env');
  const other = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ tenantId: 't-8', exp: 4102444800 })}.c2lnbmF0dXJl`;
  writeFileSync(file, [`SERVICE_TOKEN=${session}`, `OTHER_TOKEN=${other}`].join('\n'));
  bridge.setImportFile(file);
  await app.goto(bridge.url);
  const dialog = new ImportPage(app);
  await app.getByRole('button', { name: 'Import', exact: true }).focus();
  await app.keyboard.press('Enter');
  await dialog.dialog.getByRole('button', { name: /Choose (a|another) file/ }).focus();
  await app.keyboard.press('Enter');
  await expect(dialog.row('SERVICE_TOKEN')).toContainText('guess: confirm');
  const confirm = dialog.dialog.getByRole('checkbox', { name: 'Confirm Kaana for SERVICE_TOKEN' });
  await confirm.focus();
  await app.keyboard.press('Space');
  await expect(confirm).toBeChecked();
  await dialog.importButton().focus();
  await app.keyboard.press('Enter');
  await expect(dialog.dialog).toContainText(/Imported|imported/);
  const listed = await bridge.call<{ keys: { name: string; platform: string; extra: Record<string, string> }[] }>(
    'keys.list',
    {},
  );
  const keys = listed.ok ? listed.value.keys : [];
  const confirmed = keys.find((k) => k.name === 'SERVICE_TOKEN');
  const left = keys.find((k) => k.name === 'OTHER_TOKEN');
  expect(confirmed?.platform).toBe('kaana');
  expect(confirmed?.extra['platform.guess']).toBeUndefined();
  expect(left?.extra['platform.guess']).toBeDefined(); // not confirmed: still a guess
});
