// Serving the built renderer, the same for the Electron shell (the app:// protocol) and the
// e2e bridge (loopback HTTP): which file a URL names, its content type, and the production CSP.
// SECURITY: only files inside the renderer folder are served; a symlink in an unpacked
// renderer folder must not serve a file from outside it (an asar archive holds no links).
import { readFile, realpath } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY, bundlePath } from './security.js';

const MIME: Record<string, string> = {
  html: 'text/html',
  js: 'text/javascript',
  css: 'text/css',
  svg: 'image/svg+xml',
  png: 'image/png',
  woff2: 'font/woff2',
};

export type BundleFile = { body: Buffer; headers: { 'content-type': string; 'content-security-policy': string } };

/** The file of the bundle at `url` (app://bundle/...) with its headers, or null: not found. */
export async function readBundleFile(rendererDir: string, url: string): Promise<BundleFile | null> {
  const rel = bundlePath(url);
  if (rel === null) return null;
  try {
    const file = join(rendererDir, rel);
    if (!rendererDir.includes('.asar') && !(await realpath(file)).startsWith((await realpath(rendererDir)) + sep))
      return null;
    const body = await readFile(file);
    const type = MIME[rel.split('.').pop() ?? ''] ?? 'application/octet-stream';
    return { body, headers: { 'content-type': type, 'content-security-policy': CONTENT_SECURITY_POLICY } };
  } catch {
    return null;
  }
}
