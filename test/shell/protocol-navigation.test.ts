// The built shell's web boundary, in plain Node with the stand-in for `electron`: app:// serves the
// built renderer with the production CSP and nothing else; navigation, new windows, permissions and
// network requests are refused; only allow-listed https links open in the browser.
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { ROOT, loadShell, type Shell } from './load-shell.js';

let shell: Shell;
beforeAll(async () => {
  shell = await loadShell();
  await shell.ready();
});
afterAll(() => shell.cleanup());

const serve = (url: string) => {
  const handler = shell.electron.record.protocols.get('app');
  if (!handler) throw new Error('app:// has no handler');
  return handler(new Request(url));
};

describe('app://', () => {
  test('serves the built renderer with the production CSP', async () => {
    const res = await serve('app://bundle/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html');
    const csp = res.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'none'", "script-src 'self'", "connect-src 'none'", "frame-ancestors 'none'"])
      expect(csp).toContain(directive);
    expect(csp).not.toMatch(/unsafe-(inline|eval)/);
    const html = await res.text();
    expect(html).toBe(readFileSync(`${ROOT}/out/renderer/index.html`, 'utf8'));
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const js = await serve(`app://bundle/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript');
  });

  test('the root serves index.html', async () => {
    expect((await serve('app://bundle/')).status).toBe(200);
  });

  test.each([
    'app://bundle/../../package.json',
    'app://bundle/%2e%2e/%2e%2e/package.json',
    'app://bundle/assets/..%2F..%2F..%2Fpackage.json',
    'app://bundle/..%5C..%5Cpackage.json',
    'app://bundle/index.html%00.js',
    'app://other/index.html',
    'app://bundle.evil/index.html',
    'app://bundle/no-such-file.js',
  ])('%s is refused with 404 and serves nothing of the disk', async (url) => {
    const res = await serve(url);
    expect(res.status).toBe(404);
    expect(await res.text()).toBe('Not found');
  });

  test('a symlink in the renderer folder to a file outside it is refused', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'keyward-outside-'));
    const link = join(ROOT, 'out/renderer', `outside-${process.pid}.js`);
    try {
      writeFileSync(join(outside, 'secret.txt'), 'outside the bundle');
      symlinkSync(join(outside, 'secret.txt'), link);
      const res = await serve(`app://bundle/outside-${process.pid}.js`);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('Not found');
    } finally {
      rmSync(link, { force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  });
});

describe('the window stays on app://bundle', () => {
  const prevented = (name: string, url: string) => {
    const event = { preventDefault: vi.fn(), url };
    const wc = shell.window().webContents;
    if (name === 'will-frame-navigate' || name === 'will-attach-webview') wc.emit(name, event);
    else wc.emit(name, event, url);
    return event.preventDefault.mock.calls.length > 0;
  };

  test.each(['will-navigate', 'will-frame-navigate', 'will-redirect'])('%s to another origin is prevented', (name) => {
    expect(prevented(name, 'https://evil.example/')).toBe(true);
    expect(prevented(name, 'file:///etc/passwd')).toBe(true);
    expect(prevented(name, 'app://bundle.evil/index.html')).toBe(true);
    expect(prevented(name, 'app://bundle/index.html')).toBe(false);
  });

  test('webviews are never attached', () => {
    expect(prevented('will-attach-webview', 'app://bundle/index.html')).toBe(true);
  });

  test('new windows are denied; only allow-listed https links open in the browser', () => {
    const open = shell.window().webContents.windowOpenHandler;
    if (!open) throw new Error('no window-open handler');
    const urls = [
      'https://docs.kubiya.ai/api-keys',
      'https://evil.example/',
      'http://docs.kubiya.ai/',
      'https://docs.kubiya.ai.evil.example/',
      'https://user@docs.kubiya.ai/',
      'app://bundle/index.html',
      'javascript:alert(1)',
    ];
    for (const url of urls) expect(open({ url })).toEqual({ action: 'deny' });
    expect(shell.electron.record.openedExternal).toEqual(['https://docs.kubiya.ai/api-keys']);
  });

  test('every permission request and check is refused', () => {
    const { permissionRequest, permissionCheck } = shell.electron.record;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      const callback = vi.fn();
      permissionRequest?.(shell.window().webContents, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(permissionCheck?.(shell.window().webContents, permission)).toBe(false);
    }
  });

  test('the renderer makes no network request: only app:// passes', () => {
    const decide = (url: string) => {
      const callback = vi.fn();
      shell.electron.record.beforeRequest?.({ url }, callback);
      return callback.mock.calls[0]?.[0] as { cancel: boolean };
    };
    expect(decide('https://evil.example/')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:8080/')).toEqual({ cancel: true });
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true });
    expect(decide('app://bundle/index.html')).toEqual({ cancel: false });
  });
});
