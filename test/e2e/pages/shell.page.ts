// Page object: the sidebar, the command palette, and what tests read of the page's memory.
import { expect, type Page } from '@playwright/test';

export class ShellPage {
  constructor(readonly page: Page) {}

  async go(view: 'Inventory' | 'Alerts' | 'Checklists' | 'Settings'): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: new RegExp(`^${view}`) })
      .click();
    await expect(this.page.getByRole('heading', { level: 1, name: view })).toBeVisible();
  }

  /** Locks from the sidebar; the page reloads so that nothing stays in its memory. */
  async lock(): Promise<void> {
    const reloaded = this.page.waitForEvent('load');
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Lock' }).click();
    await reloaded;
    await expect(this.page.getByRole('heading', { name: 'Unlock Keyward' })).toBeVisible();
  }

  /** Every store's state as JSON (test builds of the page only). */
  storesJson(): Promise<string> {
    return this.page.evaluate(() => {
      const w = window as unknown as { __keywardStores?: () => unknown };
      if (!w.__keywardStores) throw new Error('stores not exposed');
      return JSON.stringify(w.__keywardStores());
    });
  }

  /** localStorage, sessionStorage and the names of IndexedDB databases. */
  storageDump(): Promise<string> {
    return this.page.evaluate(async () => {
      const dump = (s: Storage) =>
        Object.fromEntries(Array.from({ length: s.length }, (_, i) => s.key(i) ?? '').map((k) => [k, s.getItem(k)]));
      const dbs = await indexedDB.databases();
      return JSON.stringify({
        local: dump(localStorage),
        session: dump(sessionStorage),
        indexedDb: dbs.map((d) => d.name),
      });
    });
  }
}
