// A small window (1024×640) and 200 % zoom (the same window at twice the scale: a 512×320 CSS-pixel viewport at
// deviceScaleFactor 2): the inventory keeps state, name, platform and expiry and drops lower-priority columns whole,
// nothing is clipped, long names have a tooltip, the filter bar's Clear stays with the filters, checklist steps read
// as sentences, and wizards fit. Then the main flows once at 1024×640, from the keyboard alone.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, PASSWORD, test, unlockedVault } from './fixtures';
import { InventoryPage } from './pages/inventory.page';
import { seedKeys } from './seed';

const SMALL = { width: 1024, height: 640 };
const LONG_A = 'Invoice parser – payments production workspace (EU data residency, shared with finance)';
const LONG_B = 'Invoice parser – payments production workspace (EU data residency, shared with legal)';

async function seeded(app: Page, bridge: Parameters<typeof unlockedVault>[0]) {
  await unlockedVault(bridge);
  bridge.seed(seedKeys(40, { profile: 'every-rule' }));
  for (const name of [LONG_A, LONG_B])
    await bridge.call('keys.add', {
      fields: { platform: 'kognitos', name, account: 'acme-finance' },
      secret: { value: `kgn_pat_${name.length}-small-window-000000000000${name.slice(-3)}` },
    });
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await expect(app.getByTestId('result-count')).toHaveText('42 keys');
}

const shownColumns = async (app: Page) =>
  ((await app.getByTestId('key-table').getAttribute('data-columns')) ?? '').split(' ');

/** Cells (header and rows) of the given column whose text is cut short. */
const clipped = (app: Page, column: string) =>
  app
    .getByTestId('key-table')
    .locator(`.col-${column}`)
    .evaluateAll((cells) =>
      cells
        .filter((c) => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > window.innerWidth)
        .map((c) => c.textContent ?? ''),
    );

test('at 1024×640 the inventory shows name, platform and expiry whole; lower columns give way first', async ({
  app,
  bridge,
}) => {
  await app.setViewportSize(SMALL);
  await seeded(app, bridge);
  const table = app.getByTestId('key-table');
  const cols = await shownColumns(app);
  for (const must of ['name', 'platform', 'expiresAt']) expect(cols, `${must} shows at 1024`).toContain(must);
  const overflow = await table.evaluate((t) => t.scrollWidth - t.clientWidth);
  expect(overflow, 'no column pushed off to the side').toBeLessThanOrEqual(0);
  for (const c of cols.filter((c) => c !== 'name'))
    expect(await clipped(app, c), `the ${c} column is not cut off`).toEqual([]);

  // Narrower and wider: the set only grows with the width, in priority order, the first four always there.
  const sets: string[][] = [];
  for (const width of [800, 1024, 1280, 1600]) {
    await app.setViewportSize({ width, height: 640 });
    await expect.poll(async () => (await shownColumns(app)).length > 0).toBe(true);
    await app.waitForTimeout(50);
    sets.push(await shownColumns(app));
  }
  for (const [i, set] of sets.entries()) {
    for (const must of ['name', 'platform', 'expiresAt']) expect(set).toContain(must);
    const wider = sets[i + 1];
    if (wider) for (const c of set) expect(wider, `a column shown narrow (${c}) shows wider too`).toContain(c);
  }
  expect((sets[0] ?? []).length).toBeLessThan((sets[3] ?? []).length);

  // At 1280, Last used shows and is not clipped.
  await app.setViewportSize({ width: 1280, height: 800 });
  await expect.poll(() => shownColumns(app)).toContain('lastUsedAt');
  expect(await clipped(app, 'lastUsedAt'), 'Last used is not clipped at 1280').toEqual([]);
  expect(await clipped(app, 'status')).toEqual([]);
});

test('two long names that differ only at the end are told apart by their tooltip and the detail panel', async ({
  app,
  bridge,
}) => {
  await app.setViewportSize(SMALL);
  await seeded(app, bridge);
  await app.getByLabel('Search keys').focus();
  await app.keyboard.type('invoice parser – payments production');
  await expect(app.getByTestId('result-count')).toHaveText('2 of 42');
  for (const name of [LONG_A, LONG_B]) {
    const cell = app.getByTestId('key-table').locator(`[data-key-name="${name}"] .col-name`);
    const whole = await cell.evaluate((c) => c.scrollWidth <= c.clientWidth);
    const title = await cell.getAttribute('title');
    expect(whole || title === name, `"${name}" shows whole or has it as a tooltip`).toBe(true);
    expect(title).toBe(name);
    await cell.click();
    await expect(app.getByTestId('key-detail').locator('.detail-name')).toHaveText(name);
  }
  // The filter bar's Clear sits on a line with the filters, not alone.
  const clear = app.getByRole('button', { name: 'Clear', exact: true });
  const top = async (l: Locator) => (await l.boundingBox())?.y ?? -1;
  const clearTop = await top(clear);
  const owner = await top(app.getByRole('combobox', { name: 'Owner' }));
  expect(Math.abs(clearTop - owner), 'Clear is on the same line as the Owner filter').toBeLessThan(12);
});

test('at 1024×640 checklist steps read as lines, not one word per line', async ({ app, bridge }) => {
  await app.setViewportSize(SMALL);
  await unlockedVault(bridge);
  bridge.seed(seedKeys(8, { profile: 'every-rule' }));
  const listed = await bridge.call<{ keys: { id: string }[] }>('keys.list', {});
  if (!listed.ok) throw new Error('keys.list');
  await bridge.call('team.setName', { name: 'Ana Souza' }); // the author a run records has no default
  await bridge.call('checklists.start', { keyId: listed.value.keys[0]?.id ?? '' });
  await app.goto(bridge.url);
  await app
    .getByRole('navigation', { name: 'Main' })
    .getByRole('button', { name: /^Checklists/ })
    .click();
  await expect(app.getByTestId('run-view')).toBeVisible();
  const titles = await app.locator('.step-title').evaluateAll((els) =>
    els.map((el) => {
      const lh = parseFloat(getComputedStyle(el).lineHeight) || 18;
      return {
        text: el.textContent ?? '',
        words: (el.textContent ?? '').split(/\s+/).length,
        lines: Math.round(el.getBoundingClientRect().height / lh),
        width: el.getBoundingClientRect().width,
      };
    }),
  );
  expect(titles.length).toBeGreaterThan(2);
  for (const t of titles) {
    expect(t.width, `"${t.text}" has room`).toBeGreaterThan(280);
    if (t.words >= 4) expect(t.lines, `"${t.text}" in ${t.lines} lines`).toBeLessThanOrEqual(Math.ceil(t.words / 4));
  }
});

/** The dialog fits the viewport, nothing in it is wider than it, and its primary action can be reached. */
async function fits(app: Page, dialog: Locator, what: string, primary: string | RegExp) {
  await expect(dialog).toBeVisible();
  const vp = app.viewportSize() ?? SMALL;
  const box = await dialog.boundingBox();
  expect(box, what).not.toBeNull();
  if (!box) return;
  expect(box.x, `${what}: left edge`).toBeGreaterThanOrEqual(0);
  expect(box.y, `${what}: top edge`).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width, `${what}: right edge in ${vp.width}`).toBeLessThanOrEqual(vp.width + 0.5);
  expect(box.y + box.height, `${what}: bottom edge in ${vp.height}`).toBeLessThanOrEqual(vp.height + 0.5);
  const wide = await dialog.evaluate((d) =>
    Array.from(d.querySelectorAll<HTMLElement>('.dialog-body, .dialog-body *'))
      .filter((el) => el.getBoundingClientRect().right > d.getBoundingClientRect().right + 1)
      .map((el) => `${el.tagName}.${el.className}`)
      .slice(0, 5),
  );
  expect(wide, `${what}: nothing sticks out of the dialog`).toEqual([]);
  const action = dialog.getByRole('button', { name: primary }).first();
  await action.scrollIntoViewIfNeeded();
  await expect(action, `${what}: primary action reachable`).toBeInViewport();
}

async function wizards(app: Page, bridge: Parameters<typeof unlockedVault>[0], label: string) {
  await unlockedVault(bridge);
  bridge.seed(seedKeys(12, { profile: 'every-rule' }));
  await app.goto(bridge.url);
  await new InventoryPage(app).showAll();
  await expect(app.getByTestId('result-count')).toHaveText('12 keys');
  await app.getByRole('button', { name: 'Add key', exact: true }).click();
  await fits(app, app.getByRole('dialog', { name: 'Add a key' }), `Add key ${label}`, 'Add key');
  await app.keyboard.press('Escape');
  await app.getByRole('button', { name: 'Create key', exact: true }).click();
  await fits(app, app.getByRole('dialog', { name: 'Create key' }), `Create key ${label}`, /Next|Continue|Open/);
  await app.keyboard.press('Escape');
  await app.getByTestId('key-table').locator('[role="row"][data-key-name]').first().click();
  const detail = app.getByTestId('key-detail');
  await detail.getByRole('button', { name: 'Rotate…' }).click();
  await fits(app, app.getByRole('dialog', { name: 'Rotate key' }), `Rotate ${label}`, 'Start the rotation');
  // The current step's name reads on one line, not a word a line beside six numbers.
  const current = app.getByRole('dialog', { name: 'Rotate key' }).locator('.stepper li.current');
  const lines = await current.evaluate((li) => {
    const dot = li.querySelector('.step-dot')?.getBoundingClientRect().height ?? 20;
    return li.getBoundingClientRect().height - parseFloat(getComputedStyle(li).paddingTop) > dot + 6
      ? 'wraps'
      : 'one line';
  });
  expect(lines, `Rotate ${label}: the current step's name`).toBe('one line');
  await app.keyboard.press('Escape');
  await detail.getByRole('button', { name: 'Revoke…' }).click();
  await fits(app, app.getByRole('dialog', { name: 'Revoke key' }), `Revoke ${label}`, 'Start the revocation');
  await app.keyboard.press('Escape');
  await app.keyboard.press('Escape');
  await app.keyboard.press('Control+k');
  await fits(app, app.getByRole('dialog', { name: 'Command palette' }), `palette ${label}`, 'Close');
}

test('wizards and dialogs fit at 1024×640', async ({ app, bridge }) => {
  await app.setViewportSize(SMALL);
  await wizards(app, bridge, 'at 1024×640');
});

/**
 * At 200 % a dialog taller than the window scrolls its body; its action row (the row holding `action`) must stay
 * whole in view at the bottom while it does, at the top of the scroll and in the middle, and every button of its
 * header must show whole.
 */
async function actionsStay(app: Page, dialog: Locator, what: string, action: string | RegExp) {
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole('button', { name: action }).first()).toBeAttached();
  const check = () =>
    dialog.evaluate(
      (d, name) => {
        const body = d.querySelector<HTMLElement>('.dialog-body');
        if (!body) return ['no dialog body'];
        const matches = (b: Element) =>
          name.startsWith('/')
            ? new RegExp(name.slice(1, -1)).test(b.textContent ?? '')
            : b.textContent?.trim() === name;
        const button = Array.from(d.querySelectorAll('button')).find(matches);
        const row = button?.closest<HTMLElement>('.form-actions, .dialog-footer, .import-source');
        if (!row) return [`no action row around ${name}`];
        const problems: string[] = [];
        const view = body.getBoundingClientRect();
        const r = row.getBoundingClientRect();
        const outer = row.closest('.dialog-footer') ? d.getBoundingClientRect() : view;
        if (r.top < outer.top - 0.5 || r.bottom > outer.bottom + 0.5 || r.bottom > window.innerHeight + 0.5)
          problems.push(
            `action row at ${Math.round(r.top)}–${Math.round(r.bottom)}, body shows ${Math.round(view.top)}–${Math.round(view.bottom)}`,
          );
        for (const b of Array.from(d.querySelectorAll<HTMLElement>('.dialog-header button, .form-actions button'))) {
          const br = b.getBoundingClientRect();
          const dr = d.getBoundingClientRect();
          if (b.scrollWidth > b.clientWidth + 1 || br.left < dr.left - 0.5 || br.right > dr.right + 0.5)
            problems.push(`button "${b.textContent?.trim() || b.getAttribute('aria-label')}" clipped`);
          if (br.height > 2 * parseFloat(getComputedStyle(b).lineHeight || '18') + 16)
            problems.push(`button "${b.textContent?.trim()}" wraps`);
        }
        return problems;
      },
      typeof action === 'string' ? action : `/${action.source}/`,
    );
  const tall = await dialog.evaluate((d) => {
    const body = d.querySelector<HTMLElement>('.dialog-body');
    return body ? body.scrollHeight > body.clientHeight + 1 : false;
  });
  await app.screenshot({ path: test.info().outputPath(`${what.replace(/\W+/g, '-')}.png`) });
  expect(await check(), `${what}, scrolled to the top (taller than the window: ${tall})`).toEqual([]);
  if (!tall) return;
  await dialog.evaluate((d) => {
    const body = d.querySelector<HTMLElement>('.dialog-body');
    if (body) body.scrollTop = (body.scrollHeight - body.clientHeight) / 2;
  });
  expect(await check(), `${what}, scrolled halfway`).toEqual([]);
}

test.describe('200 %', () => {
  test.use({ viewport: { width: 512, height: 320 }, deviceScaleFactor: 2 });
  test('wizards and dialogs fit at 200 % (512×320 at 2×)', async ({ app, bridge }) => {
    await wizards(app, bridge, 'at 200 %');
  });
  test('at 200 % tall dialogs keep their action row in view and their header buttons whole', async ({
    app,
    bridge,
  }) => {
    test.setTimeout(60_000);
    await unlockedVault(bridge);
    bridge.seed(seedKeys(6, { profile: 'every-rule' }));
    await app.goto(bridge.url);
    await new InventoryPage(app).showAll();
    await app.getByRole('button', { name: 'Add key', exact: true }).click();
    await actionsStay(app, app.getByRole('dialog', { name: 'Add a key' }), 'Add key', 'Add key');
    await app.keyboard.press('Escape');
    await app.getByRole('button', { name: 'Create key', exact: true }).click();
    await actionsStay(app, app.getByRole('dialog', { name: 'Create key' }), 'Create key', 'Next');
    await app.keyboard.press('Escape');
    await app.getByRole('button', { name: 'Import', exact: true }).click();
    const importDialog = app.getByRole('dialog', { name: 'Import keys' });
    await actionsStay(app, importDialog, 'Import, first step', 'Choose a file…');
    const file = join(mkdtempSync(join(tmpdir(), 'keyward-small-')), 'many.env');
    writeFileSync(
      file,
      Array.from(
        { length: 12 },
        (_, i) => `KNOUDS_API_KEY_${i}=knouds_live_SmallWindow${String(i).padStart(16, '0')}`,
      ).join('\n'),
    );
    bridge.setImportFile(file);
    await importDialog.getByRole('button', { name: 'Choose a file…' }).click();
    await expect(importDialog.getByTestId('import-row')).toHaveCount(12);
    await actionsStay(app, importDialog, 'Import, preview', 'Import 12 keys');
    await app.keyboard.press('Escape');
    rmSync(dirname(file), { recursive: true, force: true });
    await app.getByRole('button', { name: 'Edit listed…', exact: true }).click();
    await actionsStay(app, app.getByRole('dialog', { name: /^Edit \d+ keys$/ }), 'Bulk edit', /^Change \d+ keys$/);
    await app.keyboard.press('Escape');
    await app.getByTestId('key-table').locator('[role="row"][data-key-name]').first().click();
    const detail = app.getByTestId('key-detail');
    await detail.getByRole('button', { name: 'Rotate…' }).click();
    const wizard = app.getByRole('dialog', { name: 'Rotate key' });
    await actionsStay(app, wizard, 'Rotate, plan', 'Start the rotation');
    await wizard.getByRole('button', { name: 'Start the rotation' }).click();
    await expect(wizard.getByTestId('wizard-step')).toHaveAttribute('data-step', 'capture-new-key');
    await actionsStay(app, wizard, 'Rotate, new key', 'Save the new key');
    await app.keyboard.press('Escape');
    await app.keyboard.press('Escape');
    await app.keyboard.press('Escape');
    await bridge.call('vault.lock', {});
    await app.reload();
    await app.getByRole('button', { name: 'Change the master password…' }).click();
    await actionsStay(
      app,
      app.getByRole('dialog', { name: 'Change the master password' }),
      'Change password',
      /Change (the )?(master )?password$/,
    );
  });

  test('at 200 % the inventory header and the Alerts and Team settings cards show their buttons whole', async ({
    app,
    bridge,
  }) => {
    await unlockedVault(bridge);
    bridge.seed(seedKeys(6, { profile: 'every-rule' }));
    await app.goto(bridge.url);
    await new InventoryPage(app).showAll();
    const broken = (root: Locator) =>
      root.evaluate((r) =>
        Array.from(r.querySelectorAll<HTMLElement>('button'))
          .filter((b) => b.getClientRects().length > 0)
          .filter((b) => {
            const br = b.getBoundingClientRect();
            const rr = r.getBoundingClientRect();
            const lh = parseFloat(getComputedStyle(b).lineHeight) || 18;
            return b.scrollWidth > b.clientWidth + 1 || br.right > rr.right + 0.5 || br.height > 2 * lh + 16;
          })
          .map((b) => b.textContent?.trim() || b.getAttribute('aria-label')),
      );
    const header = app.locator('.screen.inventory .screen-header');
    expect(await broken(header), 'inventory header buttons').toEqual([]);
    await app.screenshot({ path: test.info().outputPath('inventory-200.png') });
    await app
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Settings/ })
      .click();
    for (const card of ['Alerts', 'Team sharing']) {
      const c = app
        .locator('section, .card')
        .filter({ has: app.getByRole('heading', { level: 2, name: card }) })
        .last();
      await c.scrollIntoViewIfNeeded();
      expect(await broken(c), `${card} card buttons`).toEqual([]);
      // A setting's description keeps a readable measure: not squeezed beside its control.
      const narrow = await c
        .locator('.setting > div:first-child')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width).filter((w) => w > 0 && w < 240));
      expect(narrow, `${card}: setting descriptions narrower than 240 px`).toEqual([]);
      await app.screenshot({ path: test.info().outputPath(`settings-${card}-200.png`) });
    }
  });
  test('checklist steps read as lines at 200 %', async ({ app, bridge }) => {
    await unlockedVault(bridge);
    bridge.seed(seedKeys(4, { profile: 'every-rule' }));
    const listed = await bridge.call<{ keys: { id: string }[] }>('keys.list', {});
    if (!listed.ok) throw new Error('keys.list');
    await bridge.call('team.setName', { name: 'Ana Souza' }); // the author a run records has no default
    await bridge.call('checklists.start', { keyId: listed.value.keys[0]?.id ?? '' });
    await app.goto(bridge.url);
    await app
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Checklists/ })
      .click();
    await expect(app.getByTestId('run-view')).toBeVisible();
    const widths = await app
      .locator('.step-title')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().width));
    expect(widths.length).toBeGreaterThan(2);
    for (const w of widths) expect(w, 'a step title has room for a few words').toBeGreaterThan(200);
    const overflow = await app.locator('.run-pane').evaluate((p) => p.scrollWidth - p.clientWidth);
    expect(overflow, 'the run does not scroll sideways').toBeLessThanOrEqual(0);
  });
});

test('the main flows at 1024×640 from the keyboard: unlock, add a key, open it, rotate wizard, lock', async ({
  app,
  bridge,
}) => {
  test.setTimeout(90_000);
  await app.setViewportSize(SMALL);
  await unlockedVault(bridge);
  bridge.seed(seedKeys(20, { profile: 'every-rule' }));
  await bridge.call('vault.lock', {});
  await app.goto(bridge.url);
  await expect(app.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
  await app.keyboard.type(PASSWORD); // the field has focus on arrival
  await app.keyboard.press('Enter');
  // The inventory opens on the keys needing action; a new key is shown in All keys.
  await expect(app.getByTestId('result-count')).toContainText('need');

  // Add a key: unlocking left focus on the inventory; Tab to its Add key button.
  await expect(app.getByRole('region', { name: 'Inventory' })).toBeFocused();
  let onAdd = false;
  for (let i = 0; i < 20 && !onAdd; i++) {
    await app.keyboard.press('Tab');
    onAdd = await app
      .getByRole('button', { name: 'Add key', exact: true })
      .evaluate((b) => b === document.activeElement);
  }
  expect(onAdd, 'Add key is reachable with Tab').toBe(true);
  await app.keyboard.press('Enter');
  const add = app.getByRole('dialog', { name: 'Add a key' });
  await expect(add.getByLabel('Platform')).toBeFocused();
  await app.keyboard.type('Kubiya'); // a closed select picks the option typed
  await expect(add.getByLabel('Platform')).toHaveValue('kubiya');
  await app.keyboard.press('Tab');
  await app.keyboard.type('Small window key');
  await app.keyboard.press('Tab');
  await app.keyboard.type('kby_small-window-0123456789abcdef0123');
  await app.keyboard.press('Enter');
  await expect(add).toBeHidden();
  await expect(app.getByTestId('result-count')).toHaveText('21 keys');

  // Open it: "/" searches, ArrowDown to the table, Enter opens.
  await app.keyboard.press('/');
  await app.keyboard.type('small window');
  await expect(app.getByTestId('result-count')).toHaveText('1 of 21');
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('Enter');
  const detail = app.getByTestId('key-detail');
  await expect(detail.locator('.detail-name')).toHaveText('Small window key');
  const rotate = detail.getByRole('button', { name: 'Rotate…' });
  await rotate.focus();
  await app.keyboard.press('Enter');
  const wizard = app.getByRole('dialog', { name: 'Rotate key' });
  await expect(wizard).toBeVisible();
  await expect(wizard.getByRole('button', { name: 'Start the rotation' })).toBeInViewport();
  await app.keyboard.press('Escape');
  await expect(wizard).toBeHidden();
  await expect(rotate).toBeFocused();
  await app.keyboard.press('Escape');
  await expect(detail).toBeHidden();

  const reloaded = app.waitForEvent('load');
  await app.keyboard.press('Control+Shift+L');
  await reloaded;
  await expect(app.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
});

/** The table columns whose header is whole in view and not under the open detail panel. */
const besidePanel = (app: Page) =>
  app.evaluate(() => {
    const panel = document.querySelector('[data-testid="key-detail"]')?.getBoundingClientRect();
    const table = document.querySelector('[data-testid="key-table"]');
    if (!panel || !table) return [];
    return Array.from(table.querySelectorAll<HTMLElement>('.table-head .cell'))
      .filter((c) => {
        const r = c.getBoundingClientRect();
        return r.width > 0 && r.left >= 0 && r.right <= panel.left + 0.5 && c.scrollWidth <= c.clientWidth + 1;
      })
      .map((c) => (Array.from(c.classList).find((n) => n.startsWith('col-')) ?? '').slice(4));
  });

test('at 1024×640 with a key open, its state, name, platform and expiry still show beside the panel', async ({
  app,
  bridge,
}) => {
  await app.setViewportSize(SMALL);
  await seeded(app, bridge);
  const row = app.getByTestId('key-table').locator('[role="row"][data-key-name]').first();
  await row.click();
  const detail = app.getByTestId('key-detail');
  await expect(detail).toBeVisible();
  await app.waitForTimeout(100);
  await app.screenshot({ path: test.info().outputPath('detail-open-1024.png') });
  const shown = await besidePanel(app);
  for (const must of ['state', 'name', 'platform', 'expiresAt'])
    expect(shown, `${must} beside the panel`).toContain(must);
  // No row cell that shows is cut short, except a name (it has its tooltip).
  const cols = await shownColumns(app);
  for (const c of cols.filter((c) => c !== 'name')) expect(await clipped(app, c), `${c} not cut off`).toEqual([]);
  // The filters left of the panel show their choice whole and stay left of it: they wrap rather than shrink.
  const squeezed = await app.locator('.screen.inventory .filter-bar select').evaluateAll((selects) =>
    (selects as HTMLSelectElement[])
      .filter((s) => {
        const ctx = document.createElement('canvas').getContext('2d');
        const cs = getComputedStyle(s);
        if (!ctx) return true;
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const text = s.selectedOptions[0]?.textContent ?? '';
        const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        const panel = document.querySelector('[data-testid="key-detail"]')?.getBoundingClientRect().left ?? Infinity;
        return ctx.measureText(text).width > room || s.getBoundingClientRect().right > panel;
      })
      .map((s) => s.getAttribute('aria-label')),
  );
  expect(squeezed, 'filters cut short beside the panel').toEqual([]);
  // The panel still has room for its fields and its actions.
  const box = await detail.boundingBox();
  expect(box?.width ?? 0, 'the panel keeps a readable width').toBeGreaterThanOrEqual(340);
  // Closing the panel gives the table its columns back.
  await app.keyboard.press('Escape');
  await expect(detail).toBeHidden();
  await expect.poll(async () => (await shownColumns(app)).length).toBeGreaterThan(4);
});

/** Where a row's cells of the given columns are and what lies at their centre, against the open panel's left edge. */
const cellsBesidePanel = (row: Locator, columns: string[]) =>
  row.evaluate((r, cols) => {
    const panel = document.querySelector('[data-testid="key-detail"]')?.getBoundingClientRect();
    return cols.map((col) => {
      const cell = r.querySelector<HTMLElement>(`.cell.col-${col}`);
      if (!cell || !panel) return { col, isShown: false, isClear: false, isOnTop: false, right: 0, panelLeft: 0 };
      const box = cell.getBoundingClientRect();
      const at = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      return {
        col,
        isShown: box.width > 0 && box.height > 0 && box.left >= 0,
        isClear: box.right <= panel.left + 0.5,
        isOnTop: !!at && cell.contains(at),
        right: Math.round(box.right),
        panelLeft: Math.round(panel.left),
      };
    });
  }, columns);

for (const size of [
  { width: 1280, height: 800 },
  { width: 1440, height: 900 },
])
  test(`at ${size.width}×${size.height} with a key open, its row's state, name, platform and expiry are beside the panel, not under it`, async ({
    app,
    bridge,
  }) => {
    await app.setViewportSize(size);
    await seeded(app, bridge);
    const table = app.getByTestId('key-table');
    const detail = app.getByTestId('key-detail');
    // Open a long-named key: its name is cut short beside the panel, so it needs its tooltip.
    await app.getByLabel('Search keys').focus();
    await app.keyboard.type('invoice parser – payments production');
    await expect(app.getByTestId('result-count')).toHaveText('2 of 42');
    await table.locator(`[data-key-name="${LONG_A}"]`).click();
    await expect(detail.locator('.detail-name')).toHaveText(LONG_A);
    await app.waitForTimeout(100);
    for (const name of [LONG_A, LONG_B]) {
      const row = table.locator(`[role="row"][data-key-name="${name}"]`);
      for (const c of await cellsBesidePanel(row, ['state', 'name', 'platform', 'expiresAt', 'status'])) {
        expect(c.isShown, `${name}: the ${c.col} cell shows`).toBe(true);
        expect(c.isClear, `${name}: the ${c.col} cell (right ${c.right}) is left of the panel (${c.panelLeft})`).toBe(
          true,
        );
        expect(c.isOnTop, `${name}: the ${c.col} cell is what lies at its centre`).toBe(true);
      }
      const cell = row.locator('.col-name');
      expect(await cell.getAttribute('title'), `${name} has its full name as a tooltip`).toBe(name);
    }

    // Every key listed, the open one among them: the same four (and the status) beside the panel.
    await app.getByLabel('Search keys').focus();
    await app.keyboard.press('ControlOrMeta+a');
    await app.keyboard.press('Backspace');
    await expect(app.getByTestId('result-count')).toHaveText('42 keys');
    await expect(detail.locator('.detail-name')).toHaveText(LONG_A);
    await app.waitForTimeout(100);
    await app.screenshot({ path: test.info().outputPath(`detail-open-${size.width}.png`) });
    // The rows in view: below the sticky header, above the table's bottom edge.
    const [headBottom, tableBottom] = await table.evaluate((t) => [
      t.querySelector('.table-head')?.getBoundingClientRect().bottom ?? 0,
      t.getBoundingClientRect().bottom,
    ]);
    const rows = table.locator('[role="row"][data-key-name]');
    let checked = 0;
    for (const row of await rows.all()) {
      const box = await row.boundingBox();
      if (!box || box.y < headBottom || box.y + box.height > tableBottom) continue;
      checked++;
      const name = (await row.getAttribute('data-key-name')) ?? '';
      for (const c of await cellsBesidePanel(row, ['state', 'name', 'platform', 'expiresAt', 'status'])) {
        expect(c.isShown && c.isClear && c.isOnTop, `${name}: the ${c.col} cell shows beside the panel`).toBe(true);
      }
      // A name cut short has its full value as a tooltip.
      const name_ = row.locator('.col-name');
      const isWhole = await name_.evaluate((c) => c.scrollWidth <= c.clientWidth);
      if (!isWhole) expect(await name_.getAttribute('title'), `"${name}" cut short has a tooltip`).toBe(name);
    }
    expect(checked, 'rows in view were checked').toBeGreaterThan(8);
    // Nothing else in a row is cut short (a name has its tooltip), and the header shows the same columns.
    const shown = await besidePanel(app);
    for (const must of ['state', 'name', 'platform', 'expiresAt', 'status'])
      expect(shown, `${must} header beside the panel`).toContain(must);
    for (const c of (await shownColumns(app)).filter((c) => c !== 'name'))
      expect(await clipped(app, c), `${c} not cut off`).toEqual([]);
    const box = await detail.boundingBox();
    expect(box?.width ?? 0, 'the panel keeps its width').toBeGreaterThanOrEqual(420);
    // Closing the panel gives the table its columns back.
    await app.keyboard.press('Escape');
    await expect(detail).toBeHidden();
    await expect.poll(async () => (await shownColumns(app)).length).toBeGreaterThan(5);
  });

test.describe('200 %, a key open', () => {
  test.use({ viewport: { width: 512, height: 320 }, deviceScaleFactor: 2 });
  test('at 200 % the detail is a layer of its own over the whole inventory: Back or Esc returns to the row', async ({
    app,
    bridge,
  }) => {
    await unlockedVault(bridge);
    bridge.seed(seedKeys(6, { profile: 'every-rule' }));
    await app.goto(bridge.url);
    await new InventoryPage(app).showAll();
    const table = app.getByTestId('key-table');
    // Expiry shows in the table at this width.
    expect(await shownColumns(app)).toContain('expiresAt');
    await table.focus();
    await app.keyboard.press('ArrowDown');
    await app.keyboard.press('ArrowDown');
    const active = await table.getAttribute('aria-activedescendant');
    await app.keyboard.press('Enter');
    const detail = app.getByTestId('key-detail');
    await expect(detail).toBeVisible();
    await app.screenshot({ path: test.info().outputPath('detail-open-200.png') });
    // The panel covers the whole inventory area, not half the table.
    const [panel, screen] = await Promise.all([detail.boundingBox(), app.locator('.screen.inventory').boundingBox()]);
    expect(panel && screen && Math.abs(panel.x - screen.x) <= 1 && Math.abs(panel.width - screen.width) <= 1).toBe(
      true,
    );
    // Nothing of the table is clickable beside or under it.
    const under = await app.evaluate(() => {
      const t = document.querySelector('[data-testid="key-table"]')?.getBoundingClientRect();
      if (!t) return false;
      const at = document.elementFromPoint(t.left + 20, Math.min(t.top + 50, window.innerHeight - 5));
      return !!at?.closest('[data-testid="key-table"]');
    });
    expect(under, 'the table is not reachable under the panel').toBe(false);
    const back = detail.getByRole('button', { name: 'Back to keys' });
    await expect(back).toBeVisible();
    await expect(back).toBeInViewport();
    // Esc closes it; focus is back on the table, on the same row.
    await app.keyboard.press('Escape');
    await expect(detail).toBeHidden();
    await expect(table).toBeFocused();
    expect(await table.getAttribute('aria-activedescendant')).toBe(active);
    // Back does the same, from the keyboard.
    await app.keyboard.press('Enter');
    await expect(detail).toBeVisible();
    await back.focus();
    await app.keyboard.press('Enter');
    await expect(detail).toBeHidden();
    await expect(table).toBeFocused();
    expect(await table.getAttribute('aria-activedescendant')).toBe(active);
  });
});

test.describe('200 %, Alerts', () => {
  test.use({ viewport: { width: 512, height: 320 }, deviceScaleFactor: 2 });
  test('at 200 % the Alerts state cards read in lines, not a word a line, and its filters show their choice whole', async ({
    app,
    bridge,
  }) => {
    await unlockedVault(bridge);
    bridge.seed(seedKeys(12, { profile: 'every-rule' }));
    await app.goto(bridge.url);
    await app
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /^Alerts/ })
      .click();
    const cards = app.getByTestId('state-cards');
    await expect(cards).toBeVisible();
    await app.screenshot({ path: test.info().outputPath('alerts-200.png') });
    // A card's text of several words, wrapped so that a line holds one word, while the words would share a line.
    const wordALine = await cards.evaluate((root) =>
      Array.from(root.querySelectorAll<HTMLElement>('.stat-label, .stat-hint'))
        .filter((el) => (el.textContent ?? '').trim().split(/\s+/).length >= 2)
        .filter((el) => {
          const tops = new Map<number, number>();
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const text = n.textContent ?? '';
            for (const m of text.matchAll(/\S+/g)) {
              const r = document.createRange();
              r.setStart(n, m.index ?? 0);
              r.setEnd(n, (m.index ?? 0) + m[0].length);
              const top = Math.round(r.getBoundingClientRect().top);
              tops.set(top, (tops.get(top) ?? 0) + 1);
            }
          }
          const lines = [...tops.values()];
          return lines.length > 1 && lines.some((words) => words === 1);
        })
        .map((el) => el.textContent ?? ''),
    );
    expect(wordALine, 'state card texts with a word alone on a line').toEqual([]);
    await app.locator('.attention-filters select').first().scrollIntoViewIfNeeded();
    await app.screenshot({ path: test.info().outputPath('alerts-filters-200.png') });
    const clippedSelects = await app.locator('.attention-filters select').evaluateAll((selects) =>
      (selects as HTMLSelectElement[])
        .filter((s) => {
          const ctx = document.createElement('canvas').getContext('2d');
          const cs = getComputedStyle(s);
          if (!ctx) return true;
          ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
          // Whichever option is chosen shows whole: the widest one fits.
          const widest = Math.max(...Array.from(s.options).map((o) => ctx.measureText(o.textContent ?? '').width));
          const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
          return s.scrollWidth > s.clientWidth || widest > room;
        })
        .map((s) => s.getAttribute('aria-label')),
    );
    expect(clippedSelects, 'filters whose widest option would be cut off').toEqual([]);
  });
});

/**
 * Tabs through `dialog` and, at each stop in its scrolling body, asserts the focused element is not covered by the
 * sticky action row (WCAG 2.2 2.4.11): the element's centre and its top and bottom edges are its own, not the row's.
 */
async function tabUnobscured(app: Page, dialog: Locator, what: string) {
  await expect(dialog).toBeVisible();
  const stops = await dialog.evaluate(
    (d) => d.querySelectorAll('input:not([type=hidden]),select,textarea,button,a[href],summary').length,
  );
  const covered: string[] = [];
  for (let i = 0; i < stops; i++) {
    await app.keyboard.press('Tab');
    await app.waitForTimeout(30); // a smooth scroll, if any, ends
    const problem = await dialog.evaluate((d) => {
      const el = document.activeElement as HTMLElement | null;
      if (!el || !d.contains(el)) return null;
      const row = el.closest('.form-actions');
      if (row || !el.closest('.dialog-body')) return null; // the row itself, or the header
      const r = el.getBoundingClientRect();
      const x = r.left + Math.min(r.width / 2, 12);
      for (const y of [r.top + 2, r.top + r.height / 2, r.bottom - 2]) {
        const at = document.elementFromPoint(x, y);
        if (at && at !== el && !el.contains(at) && at.closest('.form-actions'))
          return `${el.tagName.toLowerCase()}[${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 24) ?? ''}] under the action row`;
        if (y > window.innerHeight) return `${el.tagName.toLowerCase()} below the window`;
      }
      return null;
    });
    if (problem) covered.push(problem);
  }
  if (covered.length)
    await app.screenshot({ path: test.info().outputPath(`${what.replace(/\W+/g, '-')}-obscured.png`) });
  expect(covered, `${what}: focused fields covered while tabbing`).toEqual([]);
}

test.describe('200 %, focus not obscured', () => {
  test.use({ viewport: { width: 512, height: 320 }, deviceScaleFactor: 2 });
  test('at 200 % tabbing through tall dialogs never leaves the focused field under their sticky action row', async ({
    app,
    bridge,
  }) => {
    test.setTimeout(60_000);
    await unlockedVault(bridge);
    bridge.seed(seedKeys(6, { profile: 'every-rule' }));
    await app.goto(bridge.url);
    await new InventoryPage(app).showAll();
    await app.getByRole('button', { name: 'Add key', exact: true }).click();
    await tabUnobscured(app, app.getByRole('dialog', { name: 'Add a key' }), 'Add key');
    await app.keyboard.press('Escape');
    await app.getByRole('button', { name: 'Create key', exact: true }).click();
    await tabUnobscured(app, app.getByRole('dialog', { name: 'Create key' }), 'Create key');
    await app.keyboard.press('Escape');
    await app.getByRole('button', { name: 'Edit listed…', exact: true }).click();
    await tabUnobscured(app, app.getByRole('dialog', { name: /^Edit \d+ keys$/ }), 'Bulk edit');
    await app.keyboard.press('Escape');
    await app.getByTestId('key-table').locator('[role="row"][data-key-name]').first().click();
    await app.getByTestId('key-detail').getByRole('button', { name: 'Rotate…' }).click();
    const wizard = app.getByRole('dialog', { name: 'Rotate key' });
    await wizard.getByRole('button', { name: 'Start the rotation' }).click();
    await expect(wizard.getByTestId('wizard-step')).toHaveAttribute('data-step', 'capture-new-key');
    await tabUnobscured(app, wizard, 'Rotate, new key');
  });
});

for (const size of [
  { width: 640, height: 400, deviceScaleFactor: 1 },
  { width: 512, height: 320, deviceScaleFactor: 2 },
]) {
  test.describe(`200 % inventory filter bar (${size.width}×${size.height} at ${size.deviceScaleFactor}×)`, () => {
    test.use({ viewport: { width: size.width, height: size.height }, deviceScaleFactor: size.deviceScaleFactor });
    test(`at ${size.width}×${size.height} the filters read whole, no column header is cut, and the view switch lines up`, async ({
      app,
      bridge,
    }) => {
      await unlockedVault(bridge);
      bridge.seed(seedKeys(12, { profile: 'every-rule' }));
      await app.goto(bridge.url);
      const inventory = new InventoryPage(app);
      await inventory.viewButton('All keys').focus();
      await app.keyboard.press('Enter');
      await expect(inventory.viewButton('All keys')).toHaveAttribute('aria-pressed', 'true');
      // The filters fold under a Filters button, so the table keeps its room under the search.
      const head = await app
        .getByTestId('key-table')
        .locator('.table-head')
        .evaluate((h) => h.getBoundingClientRect().bottom);
      expect(head, 'the table header is in the window').toBeLessThanOrEqual(size.height);
      await app.screenshot({ path: test.info().outputPath(`filters-folded-${size.width}.png`) });
      const toggle = app.getByRole('button', { name: 'Filters' });
      await toggle.focus();
      await app.keyboard.press('Enter');
      await expect(toggle).toHaveAttribute('aria-expanded', 'true');
      await expect(app.getByRole('combobox', { name: 'Platform' })).toBeVisible();
      await app.screenshot({ path: test.info().outputPath(`filters-${size.width}.png`) });
      const cut = await app.locator('.filter-bar select').evaluateAll((selects) =>
        (selects as HTMLSelectElement[])
          .filter((s) => s.getClientRects().length > 0)
          .filter((s) => {
            const ctx = document.createElement('canvas').getContext('2d');
            const cs = getComputedStyle(s);
            if (!ctx) return true;
            ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
            const chosen = ctx.measureText(s.selectedOptions[0]?.textContent ?? '').width;
            // The padding right holds the arrow.
            const room = s.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
            return chosen > room + 0.5 || s.getBoundingClientRect().right > window.innerWidth;
          })
          .map((s) => `${s.getAttribute('aria-label')} (${s.clientWidth}px)`),
      );
      expect(cut, 'filters whose chosen option is cut short').toEqual([]);
      const headers = await app
        .getByTestId('key-table')
        .locator('.table-head [role="columnheader"]')
        .evaluateAll((cells) => {
          const table = document.querySelector('[data-testid="key-table"]') as HTMLElement;
          const right = table.getBoundingClientRect().left + table.clientWidth;
          return cells
            .filter((c) => c.scrollWidth > c.clientWidth + 1 || c.getBoundingClientRect().right > right + 0.5)
            .map((c) => c.textContent ?? '');
        });
      expect(headers, 'column headers cut at the edge').toEqual([]);
      const left = (sel: string) =>
        app
          .locator(sel)
          .first()
          .evaluate((e) => e.getBoundingClientRect().left);
      const indent = (await left('.view-switch')) - (await left('.filter-bar .search'));
      expect(Math.abs(indent), 'view switch indented from the search').toBeLessThanOrEqual(1);
    });
  });
}
