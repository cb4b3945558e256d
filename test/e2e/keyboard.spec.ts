// The app from the keyboard alone: where focus lands when a dialog opens, that Tab stays inside it, that it comes
// back to what opened it, that one Esc closes one layer, the unlock field after a wrong password, the skip link,
// sortable headers in the Tab order, and a focus indicator of at least 3:1 in both themes.
// Everything is typed with page.keyboard, as a user would, never fill().
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, PASSWORD, test, unlockedVault } from './fixtures';
import { InventoryPage } from './pages/inventory.page';
import { seedKeys } from './seed';

/** A description of the focused element, for messages: tag, label and text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el) return 'nothing';
    const labels = (el as HTMLInputElement).labels;
    const label = el.getAttribute('aria-label') ?? labels?.[0]?.querySelector('span')?.textContent ?? '';
    return `${el.tagName.toLowerCase()}[${label.trim()}] ${el.textContent?.trim().slice(0, 30) ?? ''}`.trim();
  });

const isFocused = (l: Locator) => l.evaluate((el) => el === document.activeElement);

/** Presses Tab (or Shift+Tab) n times; every stop must be inside `inside`. */
async function tabStaysIn(page: Page, inside: Locator, n: number, key = 'Tab') {
  for (let i = 0; i < n; i++) {
    await page.keyboard.press(key);
    const inDialog = await inside.evaluate((d) => d.contains(document.activeElement));
    expect(inDialog, `Tab stop ${i + 1} (${await focused(page)}) is inside the dialog`).toBe(true);
  }
}

/** Focuses a control as a keyboard user reaches it, then presses Enter on it. */
async function activate(l: Locator) {
  await l.focus();
  await l.page().keyboard.press('Enter');
}

async function inventory(app: Page, bridge: Parameters<typeof unlockedVault>[0], n = 12) {
  await unlockedVault(bridge);
  bridge.seed(seedKeys(n, { profile: 'every-rule' }));
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  // Start Tab order from the top of the page again, as on arrival (the view switch took focus).
  await app.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
    document.body.removeAttribute('tabindex');
  });
  await expect(app.getByTestId('result-count')).toHaveText(`${n} keys`);
}

test('Ctrl K opens the palette on its search field: typing "go to alerts" and Enter goes to Alerts', async ({
  app,
  bridge,
}) => {
  await inventory(app, bridge);
  const search = app.getByLabel('Search keys');
  await search.focus();
  await app.keyboard.press('Control+k');
  const palette = app.getByRole('dialog', { name: 'Command palette' });
  await expect(palette).toBeVisible();
  await expect.poll(() => isFocused(palette.getByLabel('Command or key'))).toBe(true);
  await app.keyboard.type('go to alerts');
  await expect(palette).toBeVisible(); // the space did not press a button
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: 'Alerts' })).toBeVisible();
  await expect(palette).toBeHidden();

  // Esc closes it and focus comes back to what had it.
  await app
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /^Alerts/ })
    .focus();
  await app.keyboard.press('Control+k');
  await expect.poll(() => isFocused(palette.getByLabel('Command or key'))).toBe(true);
  await tabStaysIn(app, palette, 4);
  await app.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  await expect
    .poll(() => isFocused(app.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: /^Alerts/ })))
    .toBe(true);
});

test('Add key and Create key open on their first field, keep Tab inside, and give focus back on close', async ({
  app,
  bridge,
}) => {
  await inventory(app, bridge);
  for (const [button, dialogName, first] of [
    ['Add key', 'Add a key', 'Platform'],
    ['Create key', 'Create key', 'Platform'],
  ] as const) {
    const opener = app.getByRole('button', { name: button, exact: true });
    await activate(opener);
    const dialog = app.getByRole('dialog', { name: dialogName });
    await expect(dialog).toBeVisible();
    await expect.poll(() => focused(app), `${dialogName} opens on its first field`).toContain(`[${first}]`);
    const stops = await dialog.evaluate(
      (d) => d.querySelectorAll('input:not([type=hidden]),select,textarea,button,a[href]').length,
    );
    await tabStaysIn(app, dialog, stops + 2);
    await tabStaysIn(app, dialog, 3, 'Shift+Tab');
    await app.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect.poll(() => isFocused(opener), `focus back on ${button}`).toBe(true);
  }
});

test('a confirm dialog opens on its safe action; a wizard on its primary action; Esc closes one layer at a time', async ({
  app,
  bridge,
}) => {
  await inventory(app, bridge);
  const table = app.getByTestId('key-table');
  await table.focus();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  const detail = app.getByTestId('key-detail');
  await expect(detail).toBeVisible();
  const activeRow = await table.getAttribute('aria-activedescendant');
  expect(activeRow).toMatch(/^row-/);

  const rotate = detail.getByRole('button', { name: 'Rotate…' });
  await activate(rotate);
  const wizard = app.getByRole('dialog', { name: 'Rotate key' });
  await expect(wizard).toBeVisible();
  await expect
    .poll(() => focused(app), 'the wizard opens on its first field or primary action')
    .toMatch(/^(input|select|textarea|button)\[/);
  expect(await focused(app)).not.toContain('[Close]');
  await tabStaysIn(app, wizard, 6);

  await app.keyboard.press('Escape');
  await expect(wizard).toBeHidden();
  await expect(detail, 'one Esc closes the wizard only').toBeVisible();
  await expect.poll(() => isFocused(rotate), 'focus back on Rotate…').toBe(true);

  const del = detail.getByRole('button', { name: 'Delete from vault' });
  await activate(del);
  const confirm = app.getByRole('dialog', { name: 'Delete this key from the vault?' });
  await expect(confirm).toBeVisible();
  await expect.poll(() => focused(app)).toContain('Cancel');
  await tabStaysIn(app, confirm, 4);
  await app.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(detail).toBeVisible();
  await expect.poll(() => isFocused(del)).toBe(true);

  await app.keyboard.press('Escape');
  await expect(detail, 'a second Esc closes the panel').toBeHidden();
  await expect.poll(() => isFocused(table), 'focus back on the table').toBe(true);
  await expect(table).toHaveAttribute('aria-activedescendant', activeRow ?? '');
});

test('a wrong unlock password stays in its field, selected, so typing replaces it', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  await bridge.call('vault.lock', {});
  await app.goto(bridge.url);
  await expect(app.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
  const field = app.getByLabel('Master password');
  await expect.poll(() => isFocused(field)).toBe(true);
  await app.keyboard.type('not-the-password');
  await app.keyboard.press('Enter');
  await expect(app.getByRole('alert')).toBeVisible();
  await expect.poll(() => isFocused(field), 'focus stays in the password field').toBe(true);
  const selection = await field.evaluate((el: HTMLInputElement) => [
    el.selectionStart,
    el.selectionEnd,
    el.value.length,
  ]);
  expect(selection[0]).toBe(0);
  expect(selection[1], 'the wrong password is selected').toBe(selection[2]);
  expect(selection[2]).toBeGreaterThan(0);
  await app.keyboard.type(PASSWORD);
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible();
});

test('the change-password dialog opens on its first field and gives focus back', async ({ app, bridge }) => {
  await unlockedVault(bridge);
  await bridge.call('vault.lock', {});
  await app.goto(bridge.url);
  const opener = app.getByRole('button', { name: 'Change the master password…' });
  await activate(opener);
  const dialog = app.getByRole('dialog', { name: 'Change the master password' });
  await expect.poll(() => isFocused(dialog.getByLabel('Current master password'))).toBe(true);
  await tabStaysIn(app, dialog, 9);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect.poll(() => isFocused(opener)).toBe(true);
});

test('the first Tab stop skips to the inventory; sort headers are buttons in the Tab order', async ({
  app,
  bridge,
}) => {
  await inventory(app, bridge);
  await app.keyboard.press('Tab');
  const skip = app.getByRole('link', { name: 'Skip to inventory' });
  await expect.poll(() => isFocused(skip), `first Tab stop is the skip link, not ${await focused(app)}`).toBe(true);
  await expect(skip).toBeInViewport();
  await app.keyboard.press('Enter');
  await expect.poll(() => isFocused(app.getByLabel('Search keys'))).toBe(true);

  const header = app.getByRole('columnheader', { name: 'Name' });
  const sortName = header.getByRole('button');
  expect(await sortName.getAttribute('tabindex')).not.toBe('-1');
  // Reached with Tab from the search, past the filters.
  let reached = false;
  for (let i = 0; i < 12 && !reached; i++) {
    await app.keyboard.press('Tab');
    reached = await isFocused(sortName);
  }
  expect(reached, 'the Name sort button is in the Tab order').toBe(true);
  const before = await header.getAttribute('aria-sort');
  await app.keyboard.press('Enter');
  await expect(header).not.toHaveAttribute('aria-sort', before ?? '');
  const after = await header.getAttribute('aria-sort');
  await app.keyboard.press('Space');
  await expect(header).not.toHaveAttribute('aria-sort', after ?? '');
});

// WCAG 2.2 1.4.11 / 2.4.11: the focus indicator against what it is drawn on.
function luminance(rgb: number[]): number {
  const [r, g, b] = rgb.map((c) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (b ?? 0);
}
const contrast = (a: number[], b: number[]) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return ((hi ?? 0) + 0.05) / ((lo ?? 0) + 0.05);
};

/** The focused element's indicator colour (outline, or else a box-shadow ring) and the background it sits on. */
async function indicator(page: Page, inRow = false) {
  return page.evaluate((inRow) => {
    const parse = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
    const focusedEl = document.activeElement as HTMLElement;
    const el = inRow ? (focusedEl.querySelector('.table-row.active') as HTMLElement) : focusedEl;
    const s = getComputedStyle(el);
    let ring: string | null = null;
    let width = 0;
    if (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) {
      ring = s.outlineColor;
      width = parseFloat(s.outlineWidth);
    } else if (s.boxShadow !== 'none') {
      // A ring all round: no offset, no blur, a spread (computed as "color x y blur spread").
      const lengths = (s.boxShadow.replace(/rgba?\([^)]*\)/, '').match(/-?[\d.]+px/g) ?? []).map(parseFloat);
      const [x = 0, y = 0, blur = 0, spread = 0] = lengths;
      if (x === 0 && y === 0 && blur === 0 && spread > 0) {
        ring = s.boxShadow.match(/rgba?\([^)]*\)/)?.[0] ?? null;
        width = spread;
      }
    }
    // The background behind the ring: for an outline drawn inside (negative offset), the element's own;
    // otherwise the first opaque background among its ancestors.
    const inside = parseFloat(s.outlineOffset) < 0;
    let bgEl: HTMLElement | null = inside ? el : el.parentElement;
    let bg = 'rgb(255, 255, 255)';
    while (bgEl) {
      const c = getComputedStyle(bgEl).backgroundColor;
      const p = parse(c);
      if (p.length >= 3 && (p.length === 3 || (p[3] ?? 0) > 0.9)) {
        bg = c;
        break;
      }
      bgEl = bgEl.parentElement;
    }
    return { ring: ring ? parse(ring) : null, width, bg: parse(bg) };
  }, inRow);
}

for (const theme of ['light', 'dark'] as const) {
  test(`the focus indicator is at least 3:1 on rows, buttons and inputs (${theme})`, async ({ app, bridge }) => {
    await app.emulateMedia({ colorScheme: theme });
    await inventory(app, bridge);
    const check = async (what: string, inRow = false) => {
      const { ring, width, bg } = await indicator(app, inRow);
      expect(ring, `${what} has a focus indicator`).not.toBeNull();
      expect(width, `${what}: indicator width`).toBeGreaterThanOrEqual(2);
      const ratio = contrast(ring ?? [], bg);
      expect(ratio, `${what}: indicator ${ring?.join(',')} on ${bg.join(',')}`).toBeGreaterThanOrEqual(3);
    };
    await app.getByTestId('key-table').focus();
    await app.keyboard.press('ArrowDown');
    await app.keyboard.press('ArrowDown');
    await check('table row', true);
    await app.getByLabel('Search keys').focus();
    await app.keyboard.press('Shift+Tab'); // the focus-visible heuristics follow the keyboard
    await app.keyboard.press('Tab');
    await check('search input');
    await app.keyboard.press('Tab');
    await check('filter select');
    await app.getByRole('button', { name: 'Create key', exact: true }).focus();
    await app.keyboard.press('Shift+Tab');
    await app.keyboard.press('Tab');
    await check('button');
    await app.keyboard.press('Tab');
    await check('primary button');
  });
}

test('after Create vault and after unlock, focus lands on the inventory, not the page body', async ({
  app,
  bridge,
}) => {
  await app.goto(bridge.url);
  await expect(app.getByRole('heading', { name: 'Create your Keyward vault' })).toBeVisible();
  await app.getByLabel('Master password').focus();
  await app.keyboard.type(PASSWORD);
  await app.getByLabel('Repeat the password').focus();
  await app.keyboard.type(PASSWORD);
  await app.getByRole('checkbox').focus();
  await app.keyboard.press('Space');
  await activate(app.getByRole('button', { name: 'Create vault' }));
  await expect(app.getByRole('heading', { name: 'No keys yet' })).toBeVisible();
  const importFirst = app.getByRole('button', { name: 'Import your keys' });
  await expect
    .poll(() => isFocused(importFirst), `after Create vault, focus on Import, not ${await focused(app)}`)
    .toBe(true);

  // A returning user with keys: unlocking lands on the inventory (the skip link's target), ready to Tab into it.
  bridge.seed(seedKeys(6, { profile: 'every-rule' }));
  const reloaded = app.waitForEvent('load');
  await app.keyboard.press('Control+Shift+L');
  await reloaded;
  await expect(app.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
  await app.keyboard.type(PASSWORD);
  await app.keyboard.press('Enter');
  await expect(app.getByRole('heading', { level: 1, name: 'Inventory' })).toBeVisible();
  const screen = app.getByRole('region', { name: 'Inventory' });
  await expect
    .poll(() => isFocused(screen), `after unlock, focus on the inventory, not ${await focused(app)}`)
    .toBe(true);
  // The next Tab goes into the inventory's own controls, not back to the sidebar.
  await app.keyboard.press('Tab');
  const inside = await screen.evaluate((s) => s.contains(document.activeElement) && s !== document.activeElement);
  expect(inside, `Tab from the inventory reaches ${await focused(app)}`).toBe(true);
});

test('the Import dialog opens on its first step’s action, "Choose a file…"', async ({ app, bridge }) => {
  await inventory(app, bridge, 4);
  const opener = app.getByRole('button', { name: 'Import', exact: true });
  await activate(opener);
  const dialog = app.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();
  const choose = dialog.getByRole('button', { name: 'Choose a file…' });
  await expect.poll(() => isFocused(choose), `Import opens on Choose a file…, not ${await focused(app)}`).toBe(true);
  // Reading the file keeps focus where the user acted, not on the format select that happens to come next.
  const file = join(mkdtempSync(join(tmpdir(), 'keyward-kbd-')), 'one.env');
  writeFileSync(file, 'KNOUDS_API_KEY=knouds_live_KeyboardFocus0000000000000001\n');
  bridge.setImportFile(file);
  await app.keyboard.press('Enter');
  await expect(dialog.getByTestId('import-row')).toHaveCount(1);
  const again = dialog.getByRole('button', { name: 'Choose another file' });
  await expect.poll(() => isFocused(again), `after reading, focus on ${await focused(app)}`).toBe(true);
  rmSync(dirname(file), { recursive: true, force: true });
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect.poll(() => isFocused(opener)).toBe(true);
});

test('a key opened from the palette while a search hides its row shows its row, selected', async ({ app, bridge }) => {
  await inventory(app, bridge);
  const inv = new InventoryPage(app);
  const names = await inv.names();
  const [first, other] = [names[0] as string, names[1] as string];
  const otherName = new RegExp(other.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // A search that keeps only the first key, so the other's row is hidden.
  await app.getByLabel('Search keys').focus();
  await app.keyboard.type(first);
  await expect(inv.row(other)).toHaveCount(0);
  await app.keyboard.press('Control+k');
  const palette = app.getByRole('dialog', { name: 'Command palette' });
  await expect.poll(() => isFocused(palette.getByLabel('Command or key'))).toBe(true);
  await app.keyboard.type(other);
  await expect(palette.getByRole('option', { name: otherName }).first()).toBeVisible();
  await app.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(inv.row(other)).toHaveCount(1);
  await expect(inv.row(other)).toHaveAttribute('aria-selected', 'true');
});

test('closing the rotate wizard partway gives focus to the "Resume" button that replaced "Rotate…"', async ({
  app,
  bridge,
}) => {
  await inventory(app, bridge);
  const table = app.getByTestId('key-table');
  await table.focus();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  const detail = app.getByTestId('key-detail');
  await expect(detail).toBeVisible();
  await activate(detail.getByRole('button', { name: 'Rotate…' }));
  const wizard = app.getByRole('dialog', { name: 'Rotate key' });
  await activate(wizard.getByRole('button', { name: 'Start the rotation' }));
  const secret = wizard.getByLabel('New secret');
  await expect.poll(() => isFocused(secret), 'the new step opens on its secret field').toBe(true);
  await app.keyboard.type('knouds_live_resume-focus-000000000000001');
  await app.keyboard.press('Escape');
  await expect(wizard).toBeHidden();
  const resume = detail.getByRole('button', { name: 'Resume' });
  await expect(resume).toBeVisible();
  await expect.poll(() => focused(app), 'focus on Resume, not the page body').toContain('Resume');
  expect(await isFocused(resume)).toBe(true);
});

test('"Start a rotation checklist" opens on its first field, the key picker', async ({ app, bridge }) => {
  await inventory(app, bridge);
  await app.keyboard.press('Control+k');
  await app.keyboard.type('rotation checklist');
  await app.keyboard.press('Enter');
  const start = app.getByRole('dialog', { name: 'Start a rotation checklist' });
  await expect(start).toBeVisible();
  await expect(start.getByLabel('Template', { exact: true })).toBeVisible();
  await expect
    .poll(() => isFocused(start.getByRole('combobox', { name: 'Key', exact: true })), 'focus on Key')
    .toBe(true);
});

test('after Add key succeeds, focus goes into the new key’s detail panel', async ({ app, bridge }) => {
  await inventory(app, bridge);
  await activate(app.getByRole('button', { name: 'Add key', exact: true }));
  const form = app.getByRole('form', { name: 'Add a key' });
  await expect.poll(() => focused(app)).toContain('[Platform]');
  await form.getByLabel('Name').focus();
  await app.keyboard.type('Focus target');
  await form.getByLabel('Secret').focus();
  await app.keyboard.type('knouds_live_focus-after-add-0000000000001');
  await app.keyboard.press('Enter');
  await expect(form).toBeHidden();
  const detail = app.getByTestId('key-detail');
  await expect(detail).toContainText('Focus target');
  await expect
    .poll(() => detail.evaluate((d) => d.contains(document.activeElement)), 'focus in the detail panel')
    .toBe(true);
});

test('Verify listed, Export, Back up, Start checklist and Templates give focus back to their opener on Esc', async ({
  app,
  bridge,
}) => {
  test.setTimeout(60_000);
  await inventory(app, bridge);
  const nav = (name: RegExp) => app.getByRole('navigation', { name: 'Main' }).getByRole('button', { name });
  /** Opens `dialog` from `opener` with the keyboard, closes it with Esc, and expects focus back on the opener. */
  const roundTrip = async (opener: Locator, dialogName: string | RegExp) => {
    await activate(opener);
    const dialog = app.getByRole('dialog', { name: dialogName });
    await expect(dialog).toBeVisible();
    await expect
      .poll(() => dialog.evaluate((d) => d.contains(document.activeElement)), `${dialogName} has focus`)
      .toBe(true);
    await app.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect.poll(() => isFocused(opener), `focus back on the opener of ${dialogName}`).toBe(true);
  };
  await roundTrip(app.getByRole('button', { name: 'Verify listed', exact: true }), 'Verify keys');
  await roundTrip(app.getByRole('button', { name: 'Export…', exact: true }), 'Export inventory');
  // Back up from the Export dialog: Esc closes Back up, and focus goes back to what opened Export.
  await activate(nav(/^Settings/));
  await roundTrip(app.getByRole('button', { name: /^Back up/ }).first(), 'Back up vault');
  await activate(nav(/^Inventory/));
  await new InventoryPage(app).showAll();
  await app.getByTestId('key-table').focus();
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  const detail = app.getByTestId('key-detail');
  await roundTrip(detail.getByRole('button', { name: 'Start checklist…' }), /^Start a checklist for /);
  await app.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await activate(nav(/^Checklists/));
  await roundTrip(app.getByRole('button', { name: 'Templates', exact: true }), 'Checklist templates');
});
