import { describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-main/core/errors.js';
import { checkRequestUrl, isLoopbackHost, resolveBaseUrl } from '../../../src-main/core/platforms/url-policy.js';

const badInput = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return isAppError(e, 'BAD_INPUT');
  }
  return false;
};

describe('url policy', () => {
  it('knows loopback hosts', () => {
    for (const h of ['localhost', '127.0.0.1', '127.8.9.10', '[::1]']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['127.0.0.256', '128.0.0.1', 'localhost.evil.example', '10.0.0.1', '0.0.0.0'])
      expect(isLoopbackHost(h)).toBe(false);
  });

  it('allows https anywhere, http only to loopback, never credentials in the URL', () => {
    expect(checkRequestUrl('https://api.kubiya.ai/x').host).toBe('api.kubiya.ai');
    expect(checkRequestUrl('http://127.0.0.1:4000/x').port).toBe('4000');
    expect(checkRequestUrl('http://[::1]:4000/x').hostname).toBe('[::1]');
    for (const u of ['http://api.kubiya.ai/x', 'ftp://127.0.0.1/', 'not a url', 'https://u:p@api.kubiya.ai/']) {
      expect(badInput(() => checkRequestUrl(u))).toBe(true);
    }
  });

  it('resolves a base URL from the default, a known alternative or loopback only', () => {
    const def = 'https://app.kaana.com';
    expect(resolveBaseUrl(def, [])).toBe('https://app.kaana.com');
    expect(resolveBaseUrl(def, ['https://sandbox.kaana.com'], 'https://sandbox.kaana.com/')).toBe(
      'https://sandbox.kaana.com',
    );
    expect(resolveBaseUrl(def, [], 'http://127.0.0.1:5555')).toBe('http://127.0.0.1:5555');
    for (const u of ['https://app.kaana.com.evil.example', 'https://app.kaana.com/?x=1', 'http://app.kaana.com']) {
      expect(badInput(() => resolveBaseUrl(def, [], u))).toBe(true);
    }
  });
});
