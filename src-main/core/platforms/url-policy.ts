// Which URLs Keyward may send a credential to. https everywhere; plain http only
// to this machine (loopback simulators). Never relaxes TLS, never allows
// credentials or a query string in a base URL.

import { AppError } from '../errors.js';

const LOOPBACK_NAMES = new Set(['localhost', '[::1]', '::1']);

export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  if (LOOPBACK_NAMES.has(host)) return true;
  const parts = host.split('.');
  // 127.0.0.0/8, written as a dotted quad.
  return parts.length === 4 && parts[0] === '127' && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

/**
 * Parses a request URL and checks the transport policy.
 * Throws AppError BAD_INPUT (never a secret: URLs carry none) when the URL is refused.
 */
export function checkRequestUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('BAD_INPUT', 'The platform address is not a valid URL.');
  }
  // SECURITY: credentials in a URL end up in logs and proxies; refuse them outright.
  if (url.username !== '' || url.password !== '') {
    throw new AppError('BAD_INPUT', 'The platform address must not contain a user name or password.');
  }
  if (url.protocol === 'https:') return url;
  // SECURITY: plain http would send the key in clear text; allowed only to loopback (simulators, sandbox).
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return url;
  throw new AppError(
    'BAD_INPUT',
    `Keyward only sends keys over https (plain http is allowed to this computer only): ${url.protocol}//${url.host} refused.`,
  );
}

/**
 * Resolves the base URL for a platform call: the override if given, else the default.
 * The result has no trailing slash. An override must be https on one of the platform's
 * known hosts, or any loopback address (simulators).
 */
export function resolveBaseUrl(defaultBaseUrl: string, knownBaseUrls: readonly string[], override?: string): string {
  const chosen = override ?? defaultBaseUrl;
  const url = checkRequestUrl(chosen);
  if (url.search !== '' || url.hash !== '') {
    throw new AppError('BAD_INPUT', 'The platform address must not contain a query or a fragment.');
  }
  const knownHosts = new Set([defaultBaseUrl, ...knownBaseUrls].map((u) => new URL(u).host));
  // SECURITY: a per-platform host allowlist, so a typo or a pasted phishing address never receives a key.
  if (!isLoopbackHost(url.hostname) && !knownHosts.has(url.host)) {
    throw new AppError('BAD_INPUT', `${url.host} is not a known address of this platform.`);
  }
  return url.toString().replace(/\/+$/, '');
}
