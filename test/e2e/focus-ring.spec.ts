// The focus ring must show whole: computed styles can say "2 px outline" while a parent's overflow cuts it to a
// sliver, so this looks at pixels. Each control is reached from the keyboard, its box (plus a margin) is
// screenshotted, and the ring colour must appear along all four sides, in both themes.
import type { Locator, Page } from '@playwright/test';
import { expect, test, unlockedVault } from './fixtures';
import { InventoryPage } from './pages/inventory.page';
import { seedKeys } from './seed';

const MARGIN = 6;

/**
 * For each side of the focused element's box, the share of that side (its middle 60 %) along which the focus colour
 * is drawn within MARGIN px outside the box. Decoded in the page with a canvas: no image library needed.
 */
async function ringCoverage(page: Page, l: Locator) {
  await expect.poll(() => l.evaluate((el) => el === document.activeElement && el.matches(':focus-visible'))).toBe(true);
  const box = await l.boundingBox();
  if (!box) throw new Error('no box');
  const clip = { x: box.x - MARGIN, y: box.y - MARGIN, width: box.width + 2 * MARGIN, height: box.height + 2 * MARGIN };
  const png = (await page.screenshot({ clip, animations: 'disabled', caret: 'hide' })).toString('base64');
  return page.evaluate(
    async ({ png, margin }) => {
      const probe = document.createElement('div');
      probe.style.color = 'var(--focus)';
      document.body.append(probe);
      const [r, g, b] = (getComputedStyle(probe).color.match(/\d+/g) ?? []).map(Number) as [number, number, number];
      probe.remove();
      const bytes = Uint8Array.from(atob(png), (c) => c.charCodeAt(0));
      const img = await createImageBitmap(new Blob([bytes], { type: 'image/png' }));
      const canvas = new OffscreenCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
      ctx.drawImage(img, 0, 0);
      const { data, width, height } = ctx.getImageData(0, 0, img.width, img.height);
      const isRing = (x: number, y: number) => {
        const i = (y * width + x) * 4;
        return Math.abs(data[i]! - r) + Math.abs(data[i + 1]! - g) + Math.abs(data[i + 2]! - b) < 90;
      };
      const side = (along: number[], across: number[], at: (a: number, c: number) => [number, number]) =>
        along.filter((a) => across.some((c) => isRing(...at(a, c)))).length / along.length;
      const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
      const dpr = window.devicePixelRatio;
      const mm = Math.round(margin * dpr);
      // The middle 60 % of each side (the ring rounds off at the corners), in the band outside the box.
      const xs = range(Math.round(mm + (width - 2 * mm) * 0.2), Math.round(mm + (width - 2 * mm) * 0.8));
      const ys = range(Math.round(mm + (height - 2 * mm) * 0.2), Math.round(mm + (height - 2 * mm) * 0.8));
      return {
        top: side(xs, range(0, mm), (x, y) => [x, y]),
        bottom: side(xs, range(height - mm, height), (x, y) => [x, y]),
        left: side(ys, range(0, mm), (y, x) => [x, y]),
        right: side(ys, range(width - mm, width), (y, x) => [x, y]),
      };
    },
    { png, margin: MARGIN },
  );
}

async function expectWholeRing(page: Page, l: Locator, what: string) {
  const cover = await ringCoverage(page, l);
  for (const [side, share] of Object.entries(cover))
    expect(share, `${what}: the focus ring along its ${side} side`).toBeGreaterThan(0.95);
}

/** Focus as a keyboard user's would be (a key pressed first, so the ring shows), then on `l`. */
async function keyboardFocus(page: Page, l: Locator) {
  await page.keyboard.press('Shift');
  await l.focus();
}

for (const theme of ['light', 'dark'] as const) {
  test(`the view switch, the sort buttons and the selected template show their whole focus ring (${theme})`, async ({
    app,
    bridge,
  }) => {
    await app.emulateMedia({ colorScheme: theme });
    await unlockedVault(bridge);
    bridge.seed(seedKeys(6, { profile: 'every-rule' }));
    await app.goto(bridge.url);
    await new InventoryPage(app).showAll();
    // The measure itself: a button in open space shows its whole ring.
    const add = app.getByRole('button', { name: 'Add key', exact: true });
    await keyboardFocus(app, add);
    await expectWholeRing(app, add, 'Add key');
    const show = app.getByRole('group', { name: 'Show' });
    for (const name of [/^Needs action/, /^All keys/]) {
      const b = show.getByRole('button', { name });
      await keyboardFocus(app, b);
      await expectWholeRing(app, b, `the view switch's ${String(name)}`);
    }
    const sorts = app.getByTestId('key-table').locator('.sort-button');
    for (const i of [0, 1]) {
      const b = sorts.nth(i);
      await keyboardFocus(app, b);
      await expectWholeRing(app, b, `sort button ${i + 1}`);
    }
    const nav = app.getByRole('navigation', { name: 'Main' });
    await keyboardFocus(app, nav.getByRole('button', { name: /^Checklists/ }));
    await app.keyboard.press('Enter');
    await keyboardFocus(app, app.getByRole('button', { name: 'Templates', exact: true }));
    await app.keyboard.press('Enter');
    const dialog = app.getByRole('dialog', { name: 'Checklist templates' });
    await expect(dialog).toBeVisible();
    const selected = dialog.getByRole('list', { name: 'Templates' }).locator('button[aria-current="true"]');
    await keyboardFocus(app, selected);
    await expectWholeRing(app, selected, 'the selected template');
  });
}
