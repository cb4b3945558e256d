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
