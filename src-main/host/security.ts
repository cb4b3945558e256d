// Pure security checks of the Electron shell, kept free of `electron` imports so
// they are unit-tested under plain Node.

/** Switches that would open the app to debugging or weaken its sandbox. */
export const REFUSED_SWITCHES = [
  'remote-debugging-port',
  'remote-debugging-pipe',
  'inspect',
  'inspect-brk',
  'inspect-port',
  'no-sandbox',
  'disable-web-security',
  'js-flags',
] as const;

export function refusedSwitch(argv: readonly string[]): string | null {
  for (const arg of argv) {
    const name = arg.replace(/^--?/, '').split('=')[0] ?? '';
    if ((REFUSED_SWITCHES as readonly string[]).includes(name)) return name;
  }
  return null;
}

/** Hosts whose https pages may be opened in the user's browser (platform portals, docs). */
export const EXTERNAL_HOSTS = [
  'app.kai-studio.ai',
  'kai-studio.ai',
  'app.kubiya.ai',
  'compose.kubiya.ai',
  'docs.kubiya.ai',
  'app.us-1.kognitos.com',
  'app.eu-1.kognitos.com',
  'docs.kognitos.com',
  'knouds.ai',
  'app.kaana.com',
  'sandbox.kaana.com',
] as const;

/** SECURITY: parse with URL, compare hosts exactly; a prefix test would let lookalikes through. */
export function isSafeExternal(raw: string): boolean {
  return safeExternalUrl(raw) !== null;
}

/**
 * The URL to hand the OS for an allow-listed link, in the parser's normalised form, or null.
 * SECURITY: the OS handler (xdg-open, ShellExecute) may parse a raw string differently from
 * WHATWG URL, so white space, control characters, backslashes and percent-escapes in the host
 * are refused and only the normalised href is ever opened.
 */
export function safeExternalUrl(raw: string): string | null {
  const hasControl = [...raw].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
  if (hasControl || /[\s\\"<>^`{|}]/.test(raw) || !/^https:\/\/[a-z0-9.-]+([/?#]|$)/i.test(raw)) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' || url.username !== '' || url.password !== '' || url.port !== '') return null;
  return (EXTERNAL_HOSTS as readonly string[]).includes(url.hostname) ? url.href : null;
}

/** Maps an app://bundle/ URL to a file below the renderer folder, or null (traversal, other host). */
export function bundlePath(rawUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'app:' || url.host !== 'bundle') return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..')) return null;
  return parts.length === 0 ? 'index.html' : parts.join('/');
}

export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ');

/** True for URLs of our own bundle (parsed, so app://bundle.evil/ is not ours). */
export function isAppUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'app:' && url.host === 'bundle';
  } catch {
    return false;
  }
}

/** SECURITY: an IPC sender must be our bundle's top frame, alive (not detached during unload). */
export function isTrustedSender(frame: { url: string; isDetached: boolean; isTopFrame: boolean }): boolean {
  return !frame.isDetached && frame.isTopFrame && isAppUrl(frame.url);
}
