// Focus order and placement from the keyboard alone: Tab walks every field of a dialog in order even when a field
// checks itself on blur, errors sit at their field and take focus, a full-screen detail layer takes focus and hides
// what it covers, and focus lands somewhere useful after a dialog closes. Typed with page.keyboard only, never fill().
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { Bridge } from './bridge/bridge';
import { expect, test, unlockedVault } from './fixtures';
import { InventoryPage } from './pages/inventory.page';
import { seedKeys } from './seed';

/** The label of the focused element: its aria-label, its <label>'s first span, or its text. */
const focusedLabel = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return 'body';
    const labels = (el as HTMLInputElement).labels;
    return (
      el.getAttribute('aria-label') ??
      labels?.[0]?.querySelector('span')?.textContent ??
      el.textContent ??
      el.tagName
    ).trim();
  });

/** Presses Tab until `count` distinct stops were visited (a date field's parts count once); returns their labels. */
async function tabWalk(page: Page, count: number): Promise<string[]> {
  const seen: string[] = [await focusedLabel(page)];
  for (let i = 0; i < count * 4 && seen.length < count; i++) {
    await page.keyboard.press('Tab');
    const at = await focusedLabel(page);
    if (at !== seen[seen.length - 1]) seen.push(at);
  }
  return seen;
}

async function inventory(app: Page, bridge: Parameters<typeof unlockedVault>[0], n = 6) {
  await unlockedVault(bridge);
  bridge.seed(seedKeys(n, { profile: 'every-rule' }));
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await expect(app.getByTestId('result-count')).toHaveText(`${n} keys`);
}

/** Presses Tab until the focused element's label matches: a user tabbing to a control. */
async function tabTo(page: Page, name: string | RegExp): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < 60; i++) {
    const n = await focusedLabel(page);
    if (typeof name === 'string' ? n === name : name.test(n)) return;
    seen.push(n);
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${String(name)}; passed ${seen.slice(-12).join(' | ')}`);
}

let dir: string;
test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'keyward-focus-e2e-'));
});
test.afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** An empty vault, then two keys imported from a .env file with the keyboard; ends on the import summary. */
async function importTwo(app: Page, bridge: Bridge) {
  await unlockedVault(bridge);
  const file = join(dir, 'service.env');
  writeFileSync(
    file,
    ['KNOUDS_API_KEY=knouds_live_FocusOrder000000000001', 'KNOUDS_API_KEY_2=knouds_live_FocusOrder000000000002'].join(
      '\n',
    ),
  );
  bridge.setImportFile(file);
  await app.goto(bridge.url);
  await expect(app.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
  await tabTo(app, 'Import your keys');
  await app.keyboard.press('Enter');
  const importDialog = app.getByTestId('import-dialog');
  await tabTo(app, /Choose (a|another) file/);
  await app.keyboard.press('Enter');
  await expect(importDialog.getByTestId('import-row')).toHaveCount(2);
  await tabTo(app, 'Import 2 keys');
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('import-summary')).toContainText('Imported 2 keys.');
}

/** The labels of a dialog's Tab stops, in document order. */
const stopsOf = (dialog: Locator) =>
  dialog.evaluate((d) =>
    Array.from(d.querySelectorAll<HTMLElement>('input:not([type=hidden]),select,textarea,button'))
      .filter((el) => el.getClientRects().length > 0 && !(el as HTMLButtonElement).disabled && el.tabIndex >= 0)
      .map((el) =>
        (
          el.getAttribute('aria-label') ??
          (el as HTMLInputElement).labels?.[0]?.querySelector('span')?.textContent ??
          el.textContent ??
          ''
        ).trim(),
      ),
  );

/** From the field the dialog opened on, typing there, Tab visits every later stop in order. */
async function walkFromFirstField(app: Page, dialog: Locator, typed: string) {
  const expected = await stopsOf(dialog);
  const start = expected.indexOf(await focusedLabel(app));
  expect(start, 'the dialog opens on a field').toBeGreaterThanOrEqual(0);
  await app.keyboard.type(typed);
  expect(await tabWalk(app, expected.length - start)).toEqual(expected.slice(start));
}

async function openWithEnter(l: Locator) {
  await l.focus();
  await l.page().keyboard.press('Enter');
}

const ADD_KEY_ORDER = [
  'Platform',
  'Name',
  'Secret',
  'Account',
  'Environment',
  'Owner',
  'Expires',
  'Tags',
  'Deployed to',
  'Notes',
  'Cancel',
  'Add key',
];

test('Add key: Tab past an empty Secret, or past an expiry typed first, walks every field in order', async ({
  app,
  bridge,
}) => {
  await inventory(app, bridge);
  const dialog = app.getByRole('dialog', { name: 'Add a key' });
  // Past an empty secret, with a name typed.
  await openWithEnter(app.getByRole('button', { name: 'Add key', exact: true }));
  await expect(dialog).toBeVisible();
  await expect.poll(() => focusedLabel(app)).toBe('Platform');
  await app.keyboard.press('Tab');
  await app.keyboard.type('Deploy bot');
  expect(await tabWalk(app, ADD_KEY_ORDER.length - 1)).toEqual(ADD_KEY_ORDER.slice(1));
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // An expiry typed before any secret: Tab goes on to Tags.
  await openWithEnter(app.getByRole('button', { name: 'Add key', exact: true }));
  await expect.poll(() => focusedLabel(app)).toBe('Platform');
  for (let i = 0; i < 6; i++) await app.keyboard.press('Tab');
  expect(await focusedLabel(app)).toBe('Expires');
  await app.keyboard.type('12312031');
  expect(await tabWalk(app, 6)).toEqual(ADD_KEY_ORDER.slice(6));
});

test('Create key and bulk edit: Tab walks every field in order', async ({ app, bridge }) => {
  await importTwo(app, bridge);
  await tabTo(app, /Edit the 2 imported keys/);
  await app.keyboard.press('Enter');
  const bulk = app.getByTestId('bulk-edit');
  await expect(bulk).toBeVisible();
  await walkFromFirstField(app, bulk, 'ana@example.com');
  await app.keyboard.press('Escape');
  await expect(bulk).toBeHidden();
  await app.keyboard.press('Escape'); // the import summary it was opened over
  await expect(app.getByTestId('import-dialog')).toBeHidden();

  await openWithEnter(app.getByRole('button', { name: 'Create key', exact: true }));
  const create = app.getByRole('dialog', { name: 'Create key' });
  await expect(create).toBeVisible();
  await expect.poll(() => focusedLabel(app)).toBe('Platform');
  await app.keyboard.press('Tab');
  await walkFromFirstField(app, create, 'Deploy bot');
});

/** The visible text of what `field` names in aria-describedby, and whether it is on screen. */
async function describedError(field: Locator): Promise<string> {
  const ids = ((await field.getAttribute('aria-describedby')) ?? '').split(/\s+/).filter(Boolean);
  const texts: string[] = [];
  for (const id of ids) {
    const note = field.page().locator(`[id="${id}"]`);
    if ((await note.count()) === 0 || !(await note.isVisible())) continue;
    await expect(note, `the note ${id} is on screen`).toBeInViewport();
    texts.push((await note.textContent()) ?? '');
  }
  return texts.join(' ');
}

test.describe('at 1024×640', () => {
  test.use({ viewport: { width: 1024, height: 640 } });

  test('Add key with a blank name: the error is at Name, on screen, and focus goes to Name', async ({
    app,
    bridge,
  }) => {
    await inventory(app, bridge);
    await openWithEnter(app.getByRole('button', { name: 'Add key', exact: true }));
    const dialog = app.getByRole('dialog', { name: 'Add a key' });
    await expect.poll(() => focusedLabel(app)).toBe('Platform');
    await app.keyboard.press('Tab');
    await app.keyboard.type('   ');
    await app.keyboard.press('Tab');
    await app.keyboard.type('knouds_live_BlankName00000000000005');
    await app.keyboard.press('Enter');
    const name = dialog.getByRole('textbox', { name: 'Name' });
    await expect(name).toHaveAttribute('aria-invalid', 'true');
    await expect.poll(() => focusedLabel(app), 'focus goes to the field in error').toBe('Name');
    expect(await describedError(name)).toMatch(/name/i);
    await expect(dialog).toBeVisible();
  });

  test('bulk edit with a name pattern without a placeholder: the error is at Name pattern, which takes focus', async ({
    app,
    bridge,
  }) => {
    await importTwo(app, bridge);
    await tabTo(app, /Edit the 2 imported keys/);
    await app.keyboard.press('Enter');
    const bulk = app.getByTestId('bulk-edit');
    await expect(bulk).toBeVisible();
    await tabTo(app, 'Name pattern');
    await app.keyboard.type('Same');
    await tabTo(app, 'Change 2 keys');
    await app.keyboard.press('Enter');
    const pattern = bulk.getByRole('textbox', { name: 'Name pattern' });
    await expect(pattern).toHaveAttribute('aria-invalid', 'true');
    await expect.poll(() => focusedLabel(app), 'focus goes to the field in error').toBe('Name pattern');
    expect(await describedError(pattern)).toMatch(/\{n\}|placeholder|same name/i);
  });

  test('a secret with a space inside is refused at the Secret field, with focus there', async ({ app, bridge }) => {
    await inventory(app, bridge);
    await openWithEnter(app.getByRole('button', { name: 'Add key', exact: true }));
    const dialog = app.getByRole('dialog', { name: 'Add a key' });
    await expect.poll(() => focusedLabel(app)).toBe('Platform');
    await app.keyboard.press('Tab');
    await app.keyboard.type('Spaced key');
    await app.keyboard.press('Tab');
    await app.keyboard.type('knouds_live_Brand NewSecret000000000004');
    await app.keyboard.press('Enter');
    const secret = dialog.locator('input[name="secret"]');
    await expect(secret).toHaveAttribute('aria-invalid', 'true');
    await expect.poll(() => focusedLabel(app)).toBe('Secret');
    expect(await describedError(secret)).toMatch(/space/i);
    await app.keyboard.press('Enter'); // a refusal is not overridden by submitting again
    await expect(dialog).toBeVisible();
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('key-table').locator('[data-key-name="Spaced key"]')).toHaveCount(0);
  });
});

test('Esc from a bulk edit opened from the import summary gives focus back to the summary’s button', async ({
  app,
  bridge,
}) => {
  await importTwo(app, bridge);
  await tabTo(app, /Edit the 2 imported keys/);
  await app.keyboard.press('Enter');
  const bulk = app.getByTestId('bulk-edit');
  await expect(bulk).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(bulk).toBeHidden();
  await expect
    .poll(() => focusedLabel(app), 'focus back on what opened the bulk edit')
    .toMatch(/Edit the 2 imported keys/);
  // Saving the bulk edit ends the import too: the inventory is next.
  await app.keyboard.press('Enter');
  await expect(bulk).toBeVisible();
  await app.keyboard.type('ana@example.com');
  await tabTo(app, 'Change 2 keys');
  await app.keyboard.press('Enter');
  await expect(bulk).toBeHidden();
  await expect(app.getByTestId('import-dialog')).toBeHidden();
  await expect.poll(() => focusedLabel(app)).not.toBe('body');
});

test('after Start checklist, focus goes into the new run', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  bridge.seed(seedKeys(3, { profile: 'every-rule' }));
  await bridge.call('team.setName', { name: 'Ana Lima' });
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  const nav = app.getByRole('navigation', { name: 'Main' });
  await openWithEnter(nav.getByRole('button', { name: /^Checklists/ }));
  await expect(app.getByRole('heading', { level: 1, name: 'Checklists' })).toBeVisible();
  await openWithEnter(app.getByRole('button', { name: 'Start checklist', exact: true }));
  const start = app.getByRole('dialog', { name: 'Start a rotation checklist' });
  await expect(start).toBeVisible();
  await expect.poll(() => focusedLabel(app)).not.toBe('body');
  await app.keyboard.type('a'); // the key picker searches: the first match is chosen
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  await tabTo(app, 'Start checklist');
  await app.keyboard.press('Enter');
  await expect(start).toBeHidden();
  const run = app.getByTestId('run-view');
  await expect(run).toBeVisible();
  await expect
    .poll(() => run.evaluate((r) => r.contains(document.activeElement)), 'focus is in the new run')
    .toBe(true);
});

test.describe('at 200 %', () => {
  test.use({ viewport: { width: 512, height: 320 }, deviceScaleFactor: 2 });

  test('a key’s detail, a layer over the table, takes focus; what it covers cannot be focused; Back and Esc return to the row', async ({
    app,
    bridge,
  }) => {
    await inventory(app, bridge);
    const table = app.getByTestId('key-table');
    const detail = app.getByTestId('key-detail');
    const inDetail = () => detail.evaluate((d) => d.contains(document.activeElement));
    for (const close of ['Escape', 'Back'] as const) {
      await table.focus();
      await app.keyboard.press('Home');
      await app.keyboard.press('Enter');
      await expect(detail).toBeVisible();
      await expect.poll(inDetail, 'focus moves into the layer').toBe(true);
      // Tab never reaches what the layer covers (the table, its sort buttons, the filters).
      for (let i = 0; i < 8; i++) {
        await app.keyboard.press('Tab');
        const hidden = await app.evaluate(() => {
          const el = document.activeElement;
          const d = document.querySelector('[data-testid="key-detail"]');
          const screen = d?.parentElement;
          return !!el && !!screen && screen.contains(el) && !d?.contains(el);
        });
        expect(hidden, `Tab ${i + 1} (${await focusedLabel(app)}) stays out of the covered inventory`).toBe(false);
      }
      if (close === 'Escape') await app.keyboard.press('Escape');
      else await openWithEnter(detail.getByRole('button', { name: /Back to keys/ }));
      await expect(detail).toBeHidden();
      await expect.poll(() => isFocusedTable(app), `${close}: focus back on the table`).toBe(true);
      expect(await app.evaluate(() => document.querySelectorAll('[inert]').length)).toBe(0);
    }
  });
});

const isFocusedTable = (app: Page) =>
  app.evaluate(() => document.activeElement === document.querySelector('[data-testid="key-table"]'));
