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

test('a wrong current password and a blank new one are said at their own field, which takes focus with its text selected (#16)', async ({
  app,
  bridge,
}) => {
  await app.setViewportSize({ width: 1024, height: 640 });
  await unlockedVault(bridge);
  await bridge.call('vault.lock');
  await app.goto(bridge.url);
  await app.getByRole('button', { name: 'Change the master password…' }).focus();
  await app.keyboard.press('Enter');
  const dialog = app.getByRole('dialog', { name: 'Change the master password' });
  const current = dialog.getByLabel('Current master password');
  await expect(current).toBeFocused();
  await app.keyboard.type('not the password');
  await app.keyboard.press('Tab');
  await app.keyboard.type(NEW);
  await app.keyboard.press('Tab');
  await app.keyboard.type(NEW);
  await app.keyboard.press('Enter');
  // Said under the current password, not at the foot of the dialog; typing again replaces what was typed.
  await expect(current).toHaveAttribute('aria-invalid', 'true');
  await expect(current).toHaveAccessibleDescription(/Wrong password/);
  await expect(current).toBeFocused();
  expect(await current.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 16]);
  await expect(dialog.locator('.error-note')).toHaveCount(0);

  // A new password of spaces only: said under the new password, which takes focus.
  await app.keyboard.type(PASSWORD);
  const fresh = dialog.getByLabel('New master password');
  await fresh.focus();
  await app.keyboard.press('Control+A');
  await app.keyboard.type('   ');
  await app.keyboard.press('Tab');
  await app.keyboard.press('Control+A');
  await app.keyboard.type('   ');
  await app.keyboard.press('Enter');
  await expect(fresh).toHaveAttribute('aria-invalid', 'true');
  await expect(fresh).toHaveAccessibleDescription(/must not be only spaces/);
  await expect(fresh).toBeFocused();
  await expect(current).not.toHaveAttribute('aria-invalid', 'true');
  await app.screenshot({ path: test.info().outputPath('change-password-field-error-1024.png') });
  // Nothing changed: the old password still unlocks.
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  expect((await bridge.call('vault.unlock', { password: PASSWORD })).ok).toBe(true);
});
