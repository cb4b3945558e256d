// Page object: the key detail panel (secret, fields edited in place, history).
import { expect, type Locator, type Page } from '@playwright/test';

export class DetailPage {
  readonly panel: Locator;
  readonly secret: Locator;
  /** The status the panel's header shows for the open key (Active, Revoking, Revoked…). */
  readonly status: Locator;
  constructor(readonly page: Page) {
    this.panel = page.getByTestId('key-detail');
    this.secret = page.getByTestId('secret-value');
    this.status = this.panel.locator('.detail-title .badge');
  }

  async reveal(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Reveal' }).click();
  }

  async copy(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Copy' }).click();
  }

  async editField(label: string, value: string): Promise<void> {
    await this.panel.getByRole('button', { name: `Edit ${label}` }).click();
    const input = this.panel.getByLabel(label, { exact: true });
    await input.fill(value);
    await input.press('Enter');
    await expect(this.panel.getByRole('button', { name: `Edit ${label}` })).toBeVisible();
  }

  field(label: string): Locator {
    return this.panel.getByRole('button', { name: `Edit ${label}` });
  }

  async close(): Promise<void> {
    await this.panel.getByRole('button', { name: 'Close details' }).click();
    await expect(this.panel).toBeHidden();
  }
}
