// Settings → "Let the command line use this unlocked vault": off by default; turning it on asks the
// master password again (a wrong one is refused), then a real `keyward list` with no password and no
// terminal is answered by the agent the host started; turning it off locks that agent.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Bridge } from './bridge/bridge';
import { PASSWORD, expect, test, unlockedVault } from './fixtures';
import { ShellPage } from './pages/shell.page';

const ROOT = resolve(import.meta.dirname, '../..');

/** `keyward list` as a script would run it: no KEYWARD_PASSWORD, stdin closed, the host's runtime folder. */
function keywardList(bridge: Bridge): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, XDG_RUNTIME_DIR: bridge.runtimeDir, KEYWARD_TEST_KDF: '1' };
  env.XDG_CONFIG_HOME = join(bridge.dataDir, '.config');
  delete env.KEYWARD_PASSWORD;
  return new Promise((ok, fail) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/keyward.mjs'), 'list', '--vault', join(bridge.dataDir, 'vault.db')],
      {
        env,
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', fail);
    child.on('close', (code) => ok({ code, stdout, stderr }));
    child.stdin.end();
  });
}

test.beforeEach(async ({ bridge }) => {
  await unlockedVault(bridge);
  await bridge.call('keys.add', {
    fields: { platform: 'custom', name: 'Deploy bot', status: 'active' },
    secret: { value: 'custom-cli-agent-e2e-secret-0123456789' },
  });
});

test('the command-line setting: off by default, on after the password again, off locks the agent', async ({
  app,
  bridge,
}) => {
  test.setTimeout(120_000);
  await app.goto(bridge.url);
  await new ShellPage(app).go('Settings');
  const toggle = app.getByRole('checkbox', { name: 'Let the command line use this unlocked vault' });
  await expect(toggle).not.toBeChecked();
  expect((await keywardList(bridge)).code).toBe(2); // no agent: the CLI needs the password

  // Keyboard only: Tab reaches the toggle, Space turns it on, the password field takes focus.
  await toggle.focus();
  await app.keyboard.press('Space');
  const form = app.getByRole('form', { name: 'Turn on the command line’s session' });
  const field = form.getByLabel('Master password');
  await expect(field).toBeFocused();
  await app.screenshot({ path: 'test-results/cli-agent-ask.png' });
  await app.keyboard.type('not the password');
  await app.keyboard.press('Enter');
  const card = app.getByRole('region', { name: 'Command line' });
  await expect(card.getByRole('alert')).toContainText(/password/i);
  expect(await bridge.call('host.cliAgent')).toMatchObject({ ok: true, value: { on: false, running: false } });

  await field.focus();
  await app.keyboard.type(PASSWORD);
  await app.keyboard.press('Enter');
  await expect(
    app.getByRole('status').filter({ hasText: 'On: the command line is using this session.' }),
  ).toBeVisible();
  await expect(toggle).toBeChecked();
  await expect(field).toHaveCount(0);
  await app.screenshot({ path: 'test-results/cli-agent-on.png' });

  const list = await keywardList(bridge);
  expect(list.code, list.stderr).toBe(0);
  expect(list.stdout).toContain('Deploy bot');
  expect(list.stdout).not.toContain('custom-cli-agent-e2e-secret');
  expect(await bridge.call('host.preferences')).toMatchObject({ ok: true, value: { cliAgent: true } });

  await toggle.focus();
  await app.keyboard.press('Space');
  await expect(toggle).not.toBeChecked();
  await expect.poll(async () => (await bridge.call<{ running: boolean }>('host.cliAgent')).ok).toBe(true);
  expect(await bridge.call('host.cliAgent')).toMatchObject({ ok: true, value: { on: false, running: false } });
  expect((await keywardList(bridge)).code).toBe(2);
});
