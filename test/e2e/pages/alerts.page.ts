// Page object: the Alerts screen (one row per key, filters, selection, weekly digest).
import { expect, type Locator, type Page } from '@playwright/test';

export class AlertsPage {
  readonly list: Locator;
  readonly scroll: Locator;
  readonly heading: Locator;
  readonly headingCount: Locator;
  readonly filter: Locator;
  readonly count: Locator;
  constructor(readonly page: Page) {
    this.list = page.getByTestId('attention-list');
    this.scroll = page.getByTestId('attention-list-scroll');
    this.heading = page.getByRole('heading', { level: 1, name: /^Alerts/ });
    this.headingCount = page.getByTestId('alerts-needs-action');
    this.filter = page.getByLabel('Filter alerts');
    this.count = page.getByTestId('attention-count');
  }

  rows(): Locator {
    return this.list.locator(':scope > li');
  }

  row(name: string): Locator {
    return this.list.locator(`:scope > li[data-key-name="${name}"]`);
  }

  async select(name: string): Promise<void> {
    await this.page.getByRole('checkbox', { name: `Select ${name}`, exact: true }).check();
  }

  async setState(value: '' | 'act-now' | 'due-soon' | 'housekeeping' | 'any'): Promise<void> {
    await this.page.getByRole('combobox', { name: 'State' }).selectOption(value);
  }

  async openDigest(): Promise<Locator> {
    await this.page.getByRole('button', { name: /Weekly digest/ }).click();
    const digest = this.page.getByTestId('digest-list');
    await expect(digest).toBeVisible();
    return digest;
  }
}
