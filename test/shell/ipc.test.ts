// The built shell's IPC, in plain Node with the stand-in for `electron`: only the app's own top
// frame may call; from it, the real handlers reach a real vault in a temp folder and back, and the
// clipboard is cleared later only while it still holds the value Keyward put there.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { PASSWORD, loadShell, settle, type Envelope, type Shell } from './load-shell.js';

const SECRET = 'kby_shell-ipc-secret-7f3a9c2e41d0b8';
let shell: Shell;
let vaultFile: string;
beforeAll(async () => {
  shell = await loadShell();
  await shell.ready();
  vaultFile = join(shell.home, 'Keyward', 'vault.db');
});
afterAll(() => shell.cleanup());

const value = <T>(reply: Envelope): T => {
  if (!reply.ok) throw new Error(`call failed: ${reply.error?.code}`);
  return reply.value as T;
};

describe('a call from a frame that is not the app’s own top frame is refused', () => {
  const call = (event: unknown) => {
    const handler = shell.electron.record.handlers.get('keyward:invoke');
    return handler?.(event, 'vault.create', { password: PASSWORD }) as Promise<Envelope>;
  };
  const top = { url: 'app://bundle/index.html', detached: false, parent: null };

  test.each([
    ['another origin', { url: 'https://evil.example/', detached: false, parent: null }],
    ['a look-alike host', { url: 'app://bundle.evil/index.html', detached: false, parent: null }],
    ['a sub-frame', { url: 'app://bundle/index.html', detached: false, parent: top }],
    ['a detached frame', { url: 'app://bundle/index.html', detached: true, parent: null }],
  ])('%s', async (_name, senderFrame) => {
    const reply = await call({ sender: shell.window().webContents, senderFrame });
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(existsSync(vaultFile)).toBe(false);
  });

  test('another web contents, even on app://bundle', async () => {
    const other = { id: shell.window().webContents.id + 1 };
    const reply = await call({ sender: other, senderFrame: top });
    expect(reply).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(existsSync(vaultFile)).toBe(false);
  });
});

describe('from the app’s frame, the real handlers and a real vault', () => {
  let keyId = '';

  test('vault.create makes the vault file in the data folder and unlocks it', async () => {
    expect(value<{ exists: boolean }>(await shell.invoke('vault.status')).exists).toBe(false);
    const created = value<{ exists: boolean; unlocked: boolean }>(
      await shell.invoke('vault.create', { password: PASSWORD }),
    );
    expect(created).toMatchObject({ exists: true, unlocked: true });
    expect(readFileSync(vaultFile).subarray(0, 15).toString('latin1')).toBe('SQLite format 3');
  });

  test('keys.add stores a key; keys.list returns it without the secret', async () => {
    const added = value<{ id: string }>(
      await shell.invoke('keys.add', {
        fields: { platform: 'kubiya', name: 'Ops bot', owner: 'ops@example.com' },
        secret: { value: SECRET },
      }),
    );
    keyId = added.id;
    expect(keyId).toMatch(/\S/);
    const listed = await shell.invoke('keys.list');
    expect(JSON.stringify(listed)).toContain('Ops bot');
    expect(JSON.stringify(listed)).not.toContain(SECRET);
    // SECURITY: the secret is not in the vault file in the clear either.
    for (const f of readdirSync(join(shell.home, 'Keyward')))
      expect(readFileSync(join(shell.home, 'Keyward', f)).includes(SECRET)).toBe(false);
  });

  test('copy puts the secret on the clipboard, never in the reply; lock clears it', async () => {
    const reply = await shell.invoke('host.copySecret', { id: keyId });
    expect(value<{ copied: boolean }>(reply).copied).toBe(true);
    expect(JSON.stringify(reply)).not.toContain(SECRET);
    expect(shell.electron.osClipboard.read()).toBe(SECRET);
    expect(value<{ unlocked: boolean }>(await shell.invoke('vault.lock')).unlocked).toBe(false);
    expect(shell.electron.osClipboard.read()).toBe('');
  });

  test('vault.unlock: a wrong password is refused; the right one opens the same keys', async () => {
    const wrong = await shell.invoke('vault.unlock', { password: 'not-the-password-at-all' });
    expect(wrong.ok).toBe(false);
    expect(wrong.error?.code).toBe('WRONG_PASSWORD');
    expect(value<{ unlocked: boolean }>(await shell.invoke('vault.unlock', { password: PASSWORD })).unlocked).toBe(
      true,
    );
    expect(JSON.stringify(await shell.invoke('keys.list'))).toContain('Ops bot');
  });

  test('a value the user copied since is left alone by the lock', async () => {
    await shell.invoke('host.copySecret', { id: keyId });
    shell.electron.osClipboard.write('the user’s own text');
    await shell.invoke('vault.lock');
    expect(shell.electron.osClipboard.read()).toBe('the user’s own text');
    await shell.invoke('vault.unlock', { password: PASSWORD });
  });

  test('the clipboard is cleared after the chosen seconds while it still holds our value', async () => {
    value(await shell.invoke('host.setPreferences', { clipboardSeconds: 5 }));
    await shell.invoke('host.copySecret', { id: keyId });
    expect(shell.electron.osClipboard.read()).toBe(SECRET);
    await new Promise((r) => setTimeout(r, 4000));
    expect(shell.electron.osClipboard.read()).toBe(SECRET);
    await new Promise((r) => setTimeout(r, 1500));
    await settle();
    expect(shell.electron.osClipboard.read()).toBe('');
  });

  test('an unknown channel and bad input get clear errors, not a crash', async () => {
    expect((await shell.invoke('keys.nope', {})).ok).toBe(false);
    const bad = await shell.invoke('keys.add', { fields: {}, secret: { value: 42 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_INPUT' } });
  });
});
