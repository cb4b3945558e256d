// The unlock screen's change-password dialog: saying the old password may have leaked turns
// on "Rotate the vault key" (the core's passwd --rotate-vault-key). After it, an old copy of
// the header with the old password no longer opens a key added later, nor an earlier one.
import { join } from 'node:path';
import { withRawDb } from '../helpers/raw-db';
import { PASSWORD, expect, test, unlockedVault } from './fixtures';

const NEW = 'Harbour-violet-52-slowly';
const BEFORE = 'kby_before-the-leak-000000000001';
const AFTER = 'kby_after-the-leak-SECRET-0000002';
type Header = Record<string, unknown>;
type Listing = { keys: { id: string; name: string }[] };

for (const size of [
  { width: 1024, height: 640 },
  { width: 1280, height: 800 },
]) {
  test(`a leaked password: the vault key is rotated by default, an old header opens nothing (${size.width}px)`, async ({
    app,
    bridge,
  }) => {
    await app.setViewportSize(size);
    const vaultPath = join(bridge.dataDir, 'vault.db');
    await unlockedVault(bridge);
    bridge.seed([{ fields: { platform: 'kubiya', name: 'Before' }, secret: { value: BEFORE } }]);
    await bridge.call('vault.lock');
    const leaked = withRawDb(vaultPath, (db) => db.prepare('SELECT * FROM vault_header').get() as Header);

    await app.goto(bridge.url);
    await expect(app.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
    await app.getByRole('button', { name: 'Change the master password…' }).click();
    const dialog = app.getByRole('dialog', { name: 'Change the master password' });
    await dialog.getByLabel('Current master password').click();
    const rotate = dialog.getByRole('checkbox', { name: /Rotate the vault key/ });
    await expect(rotate).not.toBeChecked(); // a plain password change by default
    await app.keyboard.type(PASSWORD);
    await app.keyboard.press('Tab');
    await app.keyboard.type(NEW);
    await app.keyboard.press('Tab');
    await app.keyboard.type(NEW);
    await app.keyboard.press('Tab');
    await expect(dialog.getByRole('checkbox', { name: 'The old password may have leaked' })).toBeFocused();
    await app.keyboard.press('Space');
    await expect(rotate).toBeChecked(); // on by default once the user says it may have leaked
    await app.screenshot({ path: test.info().outputPath(`change-password-${size.width}.png`) });
    await app.keyboard.press('Tab');
    await expect(rotate).toBeFocused();
    await app.keyboard.press('Tab');
    await expect(dialog.getByRole('button', { name: 'Change password' })).toBeFocused();
    await app.keyboard.press('Enter');
    await expect(app.getByText('Master password changed.')).toBeVisible();
    await expect(dialog).toBeHidden();

    // The new password unlocks (typed as a person would); a key is added after the change.
    await app.getByLabel('Master password').pressSequentially(NEW);
    await app.keyboard.press('Enter');
    await expect(app.getByRole('heading', { name: 'Inventory' })).toBeVisible();
    const added = await bridge.call<{ id: string }>('keys.add', {
      fields: { platform: 'kubiya', name: 'After' },
      secret: { value: AFTER },
    });
    expect(added.ok).toBe(true);
    await bridge.call('vault.lock');

    // The attacker's old header with the old password: neither key opens.
    withRawDb(vaultPath, (db) => {
      const cols = Object.keys(leaked);
      db.prepare(`UPDATE vault_header SET ${cols.map((c) => `${c} = @${c}`).join(', ')}`).run(leaked);
    });
    // It unlocks (the leaked header is whole) with a warning, or not at all; either way nothing opens.
    const opened = await bridge.call('vault.unlock', { password: PASSWORD });
    if (opened.ok) {
      const listed = await bridge.call<Listing>('keys.list', {});
      const ids = listed.ok ? listed.value.keys.map((k) => k.id) : [];
      for (const id of ids) {
        const shown = await bridge.call('keys.reveal', { id });
        expect(JSON.stringify(shown)).not.toContain(AFTER);
        expect(JSON.stringify(shown)).not.toContain(BEFORE);
      }
      expect(JSON.stringify(listed)).not.toContain('After');
    }
  });
}

test('without the leak box the vault key stays (an old header still opens later keys)', async ({ app, bridge }) => {
  const vaultPath = join(bridge.dataDir, 'vault.db');
  await unlockedVault(bridge);
  await bridge.call('vault.lock');
  const leaked = withRawDb(vaultPath, (db) => db.prepare('SELECT * FROM vault_header').get() as Header);
  await app.goto(bridge.url);
  await app.getByRole('button', { name: 'Change the master password…' }).click();
  await app.getByLabel('Current master password').click();
  await app.keyboard.type(PASSWORD);
  await app.keyboard.press('Tab');
  await app.keyboard.type(NEW);
  await app.keyboard.press('Tab');
  await app.keyboard.type(NEW);
  await app.keyboard.press('Enter');
  await expect(app.getByText('An old copy of the vault still opens with the old password.')).toBeVisible();
  expect((await bridge.call('vault.unlock', { password: NEW })).ok).toBe(true);
  const added = await bridge.call<{ id: string }>('keys.add', {
    fields: { platform: 'kubiya', name: 'After' },
    secret: { value: AFTER },
  });
  await bridge.call('vault.lock');
  withRawDb(vaultPath, (db) => {
    const cols = Object.keys(leaked);
    db.prepare(`UPDATE vault_header SET ${cols.map((c) => `${c} = @${c}`).join(', ')}`).run(leaked);
  });
  expect((await bridge.call('vault.unlock', { password: PASSWORD })).ok).toBe(true);
  const id = added.ok ? added.value.id : '';
  expect(JSON.stringify(await bridge.call('keys.reveal', { id }))).toContain(AFTER);
});
