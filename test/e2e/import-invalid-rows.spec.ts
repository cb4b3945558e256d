// Rows with a problem among good ones (#16), walked with the keyboard only (no mouse, no fill()): each problem row
// starts unchecked with its problem said at the row and cannot be checked; Import imports the other rows; a line
// above it says how many rows are left out; the summary names each one. A row whose problem its platform causes
// is fixed by choosing another platform, and can then be checked.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, unlockedVault } from './fixtures';
import { ShellPage } from './pages/shell.page';

test.use({ viewport: { width: 1680, height: 900 } });

const CANARY = 'CANARYe2e-rows-7b3c9d1e5f20';
let dir: string;
let file: string;
const pointerEvents: string[] = [];

test.beforeEach(async ({ app, bridge }) => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-import-rows-e2e-'));
  file = join(dir, 'rows.csv');
  writeFileSync(
    file,
    [
      'name,secret,platform,expires',
      'Billing,knouds_live_E2e1E2e2E2e3E2e4E2e5,knouds,',
      `Spaced,${CANARY} tail,knouds,`,
      'Reports,knouds_live_E2e6E2e7E2e8E2e9E2eA,knouds,2031-01-01',
      `Soon,knouds_live_${CANARY},knouds,soon`,
      'Search,knouds_live_E2eBE2eCE2eDE2eEE2eF,knouds,',
    ].join('\n'),
  );
  await unlockedVault(bridge);
  bridge.setImportFile(file);
  // No mouse: the mouse API throws, and every pointer event the page sees is counted (it must stay 0).
  for (const m of ['click', 'dblclick', 'down', 'up', 'move', 'wheel'] as const)
    (app.mouse as unknown as Record<string, () => never>)[m] = () => {
      throw new Error(`page.mouse.${m} used in a keyboard-only test`);
    };
  pointerEvents.length = 0;
  await app.exposeFunction('__keywardPointerEvent', (type: string) => void pointerEvents.push(type));
  await app.addInitScript(() => {
    const report = (window as unknown as { __keywardPointerEvent: (t: string) => void }).__keywardPointerEvent;
    for (const type of ['pointerdown', 'mousedown', 'mouseup', 'pointerup', 'wheel'])
      window.addEventListener(type, () => report(type), true);
  });
  await app.goto(bridge.url);
});
test.afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  expect(pointerEvents).toEqual([]);
});

/** The accessible name of the focused element, as far as these tests need it. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return '';
    const label = el.getAttribute('aria-label') ?? '';
    const isControl = ['BUTTON', 'A'].includes(el.tagName) || el.getAttribute('role') === 'button';
    return (label || (isControl ? el.textContent : `<${el.tagName.toLowerCase()}>`) || '').trim();
  });

/** Presses Tab (or Shift+Tab) until the focused element's name matches; names every stop it passed if never. */
async function tabTo(page: Page, name: string | RegExp, back = false): Promise<string[]> {
  const matches = (n: string) => (typeof name === 'string' ? n === name : name.test(n));
  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    const n = await focusedName(page);
    if (matches(n)) return seen;
    seen.push(n);
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${String(name)}; passed ${seen.slice(-12).join(' | ')}`);
}

async function openPreview(app: Page) {
  await app.keyboard.press('Control+k');
  await app.keyboard.type('import');
  await app.keyboard.press('Enter');
  const dialog = app.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();
  await tabTo(app, /Choose (a|another) file/);
  await app.keyboard.press('Enter');
  await expect(dialog.getByTestId('import-row')).toHaveCount(5);
  return dialog;
}

const row = (app: Page, name: string) =>
  app.getByTestId('import-row').filter({ has: app.getByRole('checkbox', { name: `Import ${name}`, exact: true }) });

test('two bad rows among good ones: Import imports the good ones, and the summary names the two', async ({
  app,
  bridge,
}) => {
  const dialog = await openPreview(app);
  // Each problem row starts unchecked, says its problem in words at the row, and cannot be checked.
  for (const [name, problem] of [
    ['Spaced', /space or line break inside it/],
    ['Soon', /expiry date cannot be read/],
  ] as const) {
    const box = app.getByRole('checkbox', { name: `Import ${name}`, exact: true });
    await expect(box).not.toBeChecked();
    await expect(box).toBeDisabled();
    await expect(row(app, name)).toContainText(problem);
  }
  await expect(dialog.getByRole('alert')).toHaveCount(0);
  await expect(app.getByTestId('import-left-out')).toHaveText(
    '2 rows are left out: each has a problem, said at its row. The other 3 keys are imported.',
  );
  await app.screenshot({ path: test.info().outputPath('import-rows-left-out.png') });
  // Tab reaches the button, enabled, past the rows: a disabled checkbox is not a stop.
  const passed = await tabTo(app, 'Import 3 keys');
  expect(passed).not.toContain('Import Spaced');
  await expect(app.getByRole('button', { name: 'Import 3 keys' })).toBeEnabled();
  await app.keyboard.press('Enter');

  const summary = app.getByTestId('import-summary');
  await expect(summary).toContainText('Imported 3 keys.');
  await expect(summary).toContainText('2 rows were left out for a problem:');
  await expect(summary.getByRole('listitem')).toHaveCount(2);
  await app.screenshot({ path: test.info().outputPath('import-summary-left-out.png') });
  await expect(summary.getByRole('listitem').nth(0)).toContainText(/rows\.csv:3 Spaced: .*space or line break/);
  await expect(summary.getByRole('listitem').nth(1)).toContainText(/rows\.csv:5 Soon: .*expiry date cannot be read/);
  const listed = await bridge.call<{ keys: { name: string }[] }>('keys.list', {});
  expect(listed.ok && listed.value.keys.map((k) => k.name).sort()).toEqual(['Billing', 'Reports', 'Search']);
  await expect(app.locator('body')).not.toContainText('CANARYe2e');
  expect(await new ShellPage(app).storesJson()).not.toContain('CANARYe2e');
});

test('a row whose platform causes its problem is fixed by choosing another platform, then it can be checked', async ({
  app,
  bridge,
}) => {
  await openPreview(app);
  const box = app.getByRole('checkbox', { name: 'Import Spaced', exact: true });
  await expect(box).toBeDisabled();
  await tabTo(app, 'Platform of Spaced');
  await app.keyboard.type('Custom');
  await expect(app.getByRole('combobox', { name: 'Platform of Spaced' })).toHaveValue('custom');
  await expect(box).toBeEnabled();
  await expect(row(app, 'Spaced')).not.toContainText('space or line break inside it, which Knouds keys never do');
  await expect(app.getByTestId('import-left-out')).toHaveText(
    '1 row is left out: it has a problem, said at its row. The other 3 keys are imported.',
  );
  await tabTo(app, 'Import Spaced', true);
  await app.keyboard.press('Space');
  await expect(box).toBeChecked();
  await tabTo(app, 'Import 4 keys');
  await app.keyboard.press('Enter');
  const summary = app.getByTestId('import-summary');
  await expect(summary).toContainText('Imported 4 keys.');
  await expect(summary).toContainText('1 row was left out for a problem:');
  await expect(summary.getByRole('listitem')).toHaveCount(1);
  await expect(summary.getByRole('listitem')).toContainText('rows.csv:5 Soon');
  const listed = await bridge.call<{ keys: { name: string; platform: string }[] }>('keys.list', {});
  expect(listed.ok && listed.value.keys.find((k) => k.name === 'Spaced')?.platform).toBe('custom');
  await expect(app.locator('body')).not.toContainText('CANARYe2e');
});
