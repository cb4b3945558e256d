// Page object: the Create key wizard (a brand-new key through its platform's flow).
import { expect, type Locator, type Page } from '@playwright/test';

export type CreateDetails = {
  platform: string;
  name: string;
  account?: string;
  plan?: string;
  expiresInDays?: string;
  scopes?: string;
  baseUrl?: string;
};

export class CreateWizardPage {
  readonly dialog: Locator;
  readonly step: Locator;
  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: 'Create key' });
    this.step = this.dialog.getByTestId('wizard-step');
  }

  async open(): Promise<void> {
    await this.page.getByRole('button', { name: 'Create key' }).click();
    await this.expectStep('details');
  }

  async expectStep(step: 'details' | 'portal' | 'result'): Promise<void> {
    await expect(this.step).toHaveAttribute('data-step', step);
  }

  /** Fills the details and presses Next (the platform's limits are checked then). */
  async details(d: CreateDetails): Promise<void> {
    const form = this.dialog.getByRole('form', { name: 'New key details' });
    await form.getByLabel('Platform').selectOption(d.platform);
    await form.getByLabel('Name').fill(d.name);
    if (d.account !== undefined) await form.locator('input[name="account"]').fill(d.account);
    if (d.plan !== undefined) await form.getByLabel('Plan').selectOption(d.plan);
    if (d.expiresInDays !== undefined) await form.getByLabel(/Expires in/).selectOption(d.expiresInDays);
    if (d.scopes !== undefined) await form.getByLabel(/Scopes/).fill(d.scopes);
    if (d.baseUrl !== undefined) await form.getByLabel(/Base URL/).fill(d.baseUrl);
    await form.getByRole('button', { name: 'Next' }).click();
  }

  async paste(secret: string): Promise<void> {
    await this.expectStep('portal');
    await this.dialog.getByLabel('New secret').fill(secret);
    await this.dialog.getByRole('button', { name: 'Save and verify' }).click();
  }
}
