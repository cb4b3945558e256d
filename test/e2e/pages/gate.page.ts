// Page object: the first-run and unlock screens.
import { expect, type Page } from '@playwright/test';

export class GatePage {
  constructor(readonly page: Page) {}

  async createVault(password: string): Promise<void> {
    const p = this.page;
    await expect(p.getByRole('heading', { name: 'Create your Keyward vault' })).toBeVisible();
    await p.getByLabel('Master password').fill(password);
    await p.getByLabel('Repeat the password').fill(password);
    await p.getByLabel('I understand that Keyward cannot recover this password.').check();
    await p.getByRole('button', { name: 'Create vault' }).click();
  }

  async unlock(password: string): Promise<void> {
    await expect(this.page.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
    await this.page.getByLabel('Master password').fill(password);
    await this.page.getByRole('button', { name: 'Unlock' }).click();
  }

  get error() {
    return this.page.getByRole('alert');
  }
}
