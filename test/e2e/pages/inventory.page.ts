// Page object: the inventory table, its search and filters, and the add-key dialog.
import { expect, type Locator, type Page } from '@playwright/test';

export type NewKey = {
  platform?: string;
  name: string;
  secret: string;
  account?: string;
  owner?: string;
  environment?: string;
  expiresAt?: string;
  tags?: string;
};

export class InventoryPage {
  readonly table: Locator;
  readonly search: Locator;
  readonly count: Locator;
  constructor(readonly page: Page) {
    this.table = page.getByTestId('key-table');
    this.search = page.getByLabel('Search keys');
    this.count = page.getByTestId('result-count');
  }

  /** The view switch: "Needs action" (the default) or "All keys". */
  viewButton(view: 'Needs action' | 'All keys'): Locator {
    return this.page.getByRole('group', { name: 'Show' }).getByRole('button', { name: new RegExp(`^${view}`) });
  }

  async showAll(): Promise<void> {
    await this.viewButton('All keys').click();
    await expect(this.viewButton('All keys')).toHaveAttribute('aria-pressed', 'true');
  }

  async showNeedsAction(): Promise<void> {
    await this.viewButton('Needs action').click();
    await expect(this.viewButton('Needs action')).toHaveAttribute('aria-pressed', 'true');
  }

  async expectShown(): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Inventory' })).toBeVisible();
  }

  rows(): Locator {
    return this.table.locator('[role="row"][aria-rowindex]:not([aria-rowindex="1"])');
  }

  row(name: string): Locator {
    return this.table.locator(`[role="row"][data-key-name="${name}"]`);
  }

  /** A row's Status cell (Active, Revoking, Revoked…), found by its column wherever the table places it. */
  statusCell(name: string): Locator {
    return this.row(name).locator('[role="gridcell"].col-status');
  }

  /**
   * The status a key's row shows, as a person sees it: the row's Status cell reads exactly `status`, is in view and
   * is not under the open key detail (a row's status is read with the panel open, as the flows leave it).
   */
  async expectStatus(name: string, status: string): Promise<void> {
    const cell = this.statusCell(name);
    await expect(cell, `the row of "${name}" shows its status`).toHaveText(status);
    await expect(cell).toBeInViewport({ ratio: 1 });
    const placed = await cell.evaluate((c) => {
      const box = c.getBoundingClientRect();
      const panel = document.querySelector('[data-testid="key-detail"]')?.getBoundingClientRect();
      return { right: box.right, width: box.width, panelLeft: panel ? panel.left : Infinity };
    });
    expect(placed.width, `the status of "${name}" has room`).toBeGreaterThan(0);
    expect(placed.right, `the status of "${name}" is left of the detail panel, not under it`).toBeLessThanOrEqual(
      placed.panelLeft + 0.5,
    );
  }

  async names(): Promise<string[]> {
    return this.rows().evaluateAll((rows) => rows.map((r) => r.getAttribute('data-key-name') ?? ''));
  }

  async addKey(k: NewKey): Promise<void> {
    const p = this.page;
    await p
      .getByRole('button', { name: /Add (your first )?key/ })
      .first()
      .click();
    const form = p.getByRole('form', { name: 'Add a key' });
    if (k.platform) await form.getByLabel('Platform').selectOption(k.platform);
    await form.getByLabel('Name').fill(k.name);
    await form.getByLabel('Secret').fill(k.secret);
    if (k.account) await form.getByLabel('Account').fill(k.account);
    if (k.owner) await form.getByLabel('Owner').fill(k.owner);
    if (k.environment) await form.getByLabel('Environment').fill(k.environment);
    if (k.expiresAt) await form.getByLabel('Expires').fill(k.expiresAt);
    if (k.tags) await form.getByLabel('Tags').fill(k.tags);
    await form.getByRole('button', { name: 'Add key' }).click();
    await expect(form).toBeHidden();
  }

  async filter(name: 'Platform' | 'Status' | 'State' | 'Tag' | 'Owner', value: string): Promise<void> {
    await this.page.getByRole('combobox', { name }).selectOption(value);
  }

  async sortBy(column: string): Promise<void> {
    await this.table.getByRole('columnheader', { name: column }).getByRole('button').click();
  }

  async open(name: string): Promise<void> {
    await this.row(name).click();
    await expect(this.page.getByTestId('key-detail')).toBeVisible();
  }
}
