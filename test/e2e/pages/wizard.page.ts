// Page object: the rotate and revoke wizards.
import { expect, type Locator, type Page } from '@playwright/test';

export class WizardPage {
  readonly dialog: Locator;
  readonly step: Locator;
  constructor(readonly page: Page) {
    this.dialog = page.getByRole('dialog', { name: /^(Rotate|Revoke) key$/ });
    this.step = this.dialog.getByTestId('wizard-step');
  }

  async expectStep(step: string): Promise<void> {
    await expect(this.step).toHaveAttribute('data-step', step);
  }

  /** Types the key as a user pasting it would (keyboard events), then saves it. */
  async captureNewKey(secret: string): Promise<void> {
    await this.expectStep('capture-new-key');
    await this.dialog.getByLabel('New secret').click();
    await this.page.keyboard.type(secret);
    await this.dialog.getByRole('button', { name: 'Save the new key' }).click();
  }

  /** The "before you start" screen: nothing has been written yet. */
  async start(name: 'Start the rotation' | 'Start the revocation'): Promise<void> {
    await this.expectStep('plan');
    await this.dialog.getByRole('button', { name }).click();
  }

  async click(name: string | RegExp): Promise<void> {
    await this.dialog.getByRole('button', { name }).click();
  }

  async close(): Promise<void> {
    await this.dialog.getByRole('button', { name: 'Close' }).click();
    await expect(this.dialog).toBeHidden();
  }
}
