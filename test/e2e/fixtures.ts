// Test fixtures: a fresh bridge (vault folder) per test, and a page whose
// window.keyward is the bridge, defined before the app loads, as the preload would.
import { test as base, expect, type Page } from '@playwright/test';
import { startBridge, type Bridge } from './bridge/bridge';

export const PASSWORD = 'Lantern-orbit-47-quietly';

type Fixtures = { bridge: Bridge; app: Page };

export const test = base.extend<Fixtures>({
  // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies by destructuring
  bridge: async ({}, use) => {
    const bridge = await startBridge();
    await use(bridge);
    await bridge.close();
  },
  app: async ({ page, bridge }, use) => {
    await page.exposeBinding('__keywardCall', (_source, channel: string, inputJson: string) =>
      bridge.callJson(channel, inputJson),
    );
    await page.addInitScript(() => {
      const w = window as unknown as {
        __keywardCall: (c: string, i: string) => Promise<string>;
        __KEYWARD_TEST__: boolean;
      };
      w.__KEYWARD_TEST__ = true;
      const invoke = async (c: string, i: unknown) =>
        JSON.parse(await w.__keywardCall(c, JSON.stringify(i ?? {}))) as unknown;
      Object.defineProperty(window, 'keyward', { value: Object.freeze({ invoke }) });
    });
    await use(page);
  },
});
export { expect };

/** Creates and unlocks a vault through the bridge, as a returning user's would be. */
export async function unlockedVault(bridge: Bridge): Promise<void> {
  const created = await bridge.call('vault.create', { password: PASSWORD });
  if (!created.ok) throw new Error(`vault.create failed: ${created.error.code}`);
}
