// The keyboard-only walk of a new user (#16): create the vault, import a .env file, give the
// imported keys an owner and names in one bulk edit, rotate one, lock. No mouse at all:
// page.mouse and every pointer action of a locator throw, and every pointer event a page of the
// walk sees is counted in the test (across the reload that locks), which must stay 0.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { PASSWORD, expect, test } from './fixtures';

// These check values in table columns (owner, hint) that the inventory shows only when the window has room for
// them beside the state column and an open detail panel; the small-window spec covers what gives way.
test.use({ viewport: { width: 1680, height: 900 } });

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-walk-e2e-'));
});
let restoreLocator = () => undefined as void;
test.afterEach(() => {
  restoreLocator();
  rmSync(dir, { recursive: true, force: true });
});

/** The accessible name of the focused element, as far as this walk needs it. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const input = el as HTMLInputElement;
    const label = el.getAttribute('aria-label') ?? input.labels?.[0]?.querySelector('span')?.textContent ?? '';
    const isControl = ['BUTTON', 'A'].includes(el.tagName) || el.getAttribute('role') === 'button';
    return (label || (isControl ? el.textContent : `<${el.tagName.toLowerCase()}>`) || '').trim();
  });

/** Presses Tab (or Shift+Tab) until the focused element's name matches: a user tabbing to a control. */
async function tabTo(page: Page, name: string | RegExp, back = false): Promise<void> {
  const matches = (n: string) => (typeof name === 'string' ? n === name : name.test(n));
  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    const n = await focusedName(page);
    if (matches(n)) return;
    seen.push(n);
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(name)}; passed ${seen.slice(-12).join(' | ')}`);
}

test('first run → import a .env file → bulk edit → rotate → lock, with the keyboard only', async ({ app, bridge }) => {
  test.setTimeout(90_000);
  const file = join(dir, 'old-box.env');
  writeFileSync(
    file,
    [
      'KNOUDS_API_KEY=knouds_live_KeyboardWalk00000000000001',
      'KNOUDS_API_KEY_STAGING=knouds_live_KeyboardWalk00000000000002',
    ].join('\n'),
  );
  bridge.setImportFile(file);
  // No mouse: the mouse API and every pointer action of a locator throw, and the test counts in Node every pointer
  // event a page of the walk sees (counted here, not in the page, so the reload that locks does not reset it).
  for (const m of ['click', 'dblclick', 'down', 'up', 'move', 'wheel'] as const)
    (app.mouse as unknown as Record<string, () => never>)[m] = () => {
      throw new Error(`page.mouse.${m} used in the keyboard-only walk`);
    };
  const locatorProto = Object.getPrototypeOf(app.locator('body')) as Record<string, unknown>;
  const pointerActions = ['click', 'dblclick', 'tap', 'hover', 'check', 'uncheck', 'setChecked', 'dragTo', 'fill'];
  const saved = pointerActions.map((a) => [a, locatorProto[a]] as const);
  for (const a of pointerActions)
    locatorProto[a] = () => {
      throw new Error(`locator.${a} used in the keyboard-only walk`);
    };
  restoreLocator = () => saved.forEach(([a, f]) => (locatorProto[a] = f));
  const pointerEvents: string[] = [];
  await app.exposeFunction('__keywardPointerEvent', (type: string) => void pointerEvents.push(type));
  await app.addInitScript(() => {
    const report = (window as unknown as { __keywardPointerEvent: (t: string) => void }).__keywardPointerEvent;
    for (const type of ['pointerdown', 'mousedown', 'mouseup', 'pointerup', 'wheel'])
      window.addEventListener(type, () => report(type), true);
  });
  const k = app.keyboard;
  await app.goto(bridge.url);

  // 1. First run: create the vault.
  await expect(app.getByRole('heading', { name: 'Create your Keyward vault' })).toBeVisible();
  await tabTo(app, 'Master password');
  await k.type(PASSWORD);
  await tabTo(app, 'Repeat the password');
  await k.type(PASSWORD);
  await tabTo(app, /I understand/);
  await k.press('Space');
  await tabTo(app, 'Create vault');
  await k.press('Enter');
  await expect(app.getByRole('heading', { name: 'No keys yet' })).toBeVisible();

  // 2. Import: the empty inventory's first action.
  await tabTo(app, 'Import your keys');
  await k.press('Enter');
  const importDialog = app.getByTestId('import-dialog');
  await expect(importDialog).toBeVisible();
  await tabTo(app, /Choose (a|another) file/);
  await k.press('Enter');
  await expect(importDialog.getByTestId('import-row')).toHaveCount(2);
  await tabTo(app, 'Import 2 keys');
  await k.press('Enter');
  await expect(app.getByTestId('import-summary')).toContainText('Imported 2 keys.');

  // 3. Bulk edit of the imported keys.
  await tabTo(app, /Edit the 2 imported keys/);
  await k.press('Enter');
  const bulk = app.getByTestId('bulk-edit');
  await expect(bulk).toBeVisible();
  await tabTo(app, 'Owner');
  await k.type('ana@example.com');
  await tabTo(app, 'Environment');
  await k.type('production');
  await tabTo(app, 'Name pattern');
  await k.type('Deploy {n}');
  await tabTo(app, 'Change 2 keys');
  await k.press('Enter');
  await expect(bulk).toBeHidden();
  const table = app.getByTestId('key-table');
  await expect(table.locator('[data-key-name="Deploy 1"]')).toContainText('ana@example.com');
  await expect(table.locator('[data-key-name="Deploy 2"]')).toContainText('production');

  // 4. Rotate "Deploy 1": open it from the table, start the rotation, store the new key.
  await tabTo(app, 'Keys');
  await k.press('Home');
  await k.press('Enter');
  const detail = app.getByTestId('key-detail');
  await expect(detail).toContainText('Deploy 1');
  await tabTo(app, 'Rotate…');
  await k.press('Enter');
  const wizard = app.getByRole('dialog', { name: 'Rotate key' });
  await expect(wizard).toBeVisible();
  await tabTo(app, 'Start the rotation');
  await k.press('Enter');
  await expect(wizard.getByTestId('wizard-step')).toHaveAttribute('data-step', 'capture-new-key');
  await tabTo(app, 'New secret');
  await k.type('knouds_live_KeyboardWalkRotated00000001');
  await tabTo(app, 'Save the new key');
  await k.press('Enter');
  await expect(wizard.getByTestId('wizard-step')).toHaveAttribute('data-step', 'verify-new-key');
  const stored = await bridge.call<{ keys: { name: string; hint: string }[] }>('keys.list', {});
  expect(stored.ok && stored.value.keys.find((x) => x.name === 'Deploy 1')?.hint).toBe('knouds_live_…0001');

  // 5. Lock from the keyboard shortcut.
  const reloaded = app.waitForEvent('load');
  await k.press('Control+Shift+L');
  await reloaded;
  await expect(app.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
  await app.evaluate(() => new Promise((r) => window.setTimeout(r, 50)));
  expect(pointerEvents, 'pointer events seen during the walk').toEqual([]);
});
