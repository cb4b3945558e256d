import { describe, expect, it } from 'vitest';
import { PLATFORM_IDS } from '../../../src-main/core/inventory/key.types.js';
import { findPlatform, getPlatform, kognitos, PLATFORMS } from '../../../src-main/core/platforms/definitions/index.js';
import { buildVerifyRequest } from '../../../src-main/core/platforms/request-builder.js';

const T = { timeoutMs: 1_000, connectTimeoutMs: 500 };

describe('platform definitions', () => {
  it('define every platform id except custom, once', () => {
    expect(PLATFORMS.map((p) => p.id).sort()).toEqual(PLATFORM_IDS.filter((id) => id !== 'custom').sort());
    expect(findPlatform('custom')).toBeUndefined();
    expect(() => getPlatform('custom')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('each has https defaults, portal steps and declared capabilities', () => {
    for (const def of PLATFORMS) {
      for (const url of [def.defaultBaseUrl, ...def.knownBaseUrls]) expect(url).toMatch(/^https:\/\/[^/]+$/);
      expect(def.portal.create.length).toBeGreaterThan(1);
      expect(def.portal.revoke.length).toBeGreaterThan(1);
      expect(def.capabilities.verify).toBe('api');
      expect(def.capabilities.revoke).toBe('portal');
      expect(def.capabilities.create).toBe(def.id === 'kubiya' ? 'api-experimental' : 'portal');
    }
    expect(kognitos.expiry).toMatchObject({ kind: 'choices', days: [7, 30, 60, 90, 180, 365], required: true });
  });

  it('build exactly the documented verify requests', () => {
    const secret = { value: 'SECRET-VALUE-1234', instanceId: 'inst-1' };
    const shapes = Object.fromEntries(
      PLATFORMS.map((def) => {
        const r = buildVerifyRequest(def, secret, 'acct', def.defaultBaseUrl, T);
        return [def.id, { method: r.method, url: r.url, headers: r.headers, body: r.body }];
      }),
    );
    expect(shapes).toEqual({
      kai: {
        method: 'POST',
        url: 'https://api.kai-studio.ai/api/document/list-docs',
        headers: { 'instance-id': 'inst-1', 'api-key': 'SECRET-VALUE-1234', 'Content-Type': 'application/json' },
        body: '{"offset":0,"limit":1}',
      },
      kubiya: {
        method: 'GET',
        url: 'https://api.kubiya.ai/api/v1/users/self',
        headers: { Authorization: 'UserKey SECRET-VALUE-1234' },
        body: undefined,
      },
      kognitos: {
        method: 'GET',
        url: 'https://app.us-1.kognitos.com/api/v1/me/organizations?page_size=1',
        headers: { Authorization: 'Bearer SECRET-VALUE-1234' },
        body: undefined,
      },
      knouds: {
        method: 'GET',
        url: 'https://knouds.ai/api/whoami',
        headers: { 'x-api-key': 'SECRET-VALUE-1234' },
        body: undefined,
      },
      kaana: {
        method: 'GET',
        url: 'https://app.kaana.com/api/user',
        headers: { Authorization: 'Bearer SECRET-VALUE-1234' },
        body: undefined,
      },
    });
  });

  it('never puts the secret in the URL, and refuses values a header cannot carry', () => {
    for (const def of PLATFORMS) {
      expect(
        buildVerifyRequest(def, { value: 'SECRET-VALUE-1234', instanceId: 'i' }, 'a', def.defaultBaseUrl, T).url,
      ).not.toContain('SECRET');
      for (const value of ['', ' padded', 'line\nbreak', 'é-accent']) {
        expect(() => buildVerifyRequest(def, { value, instanceId: 'i' }, 'a', def.defaultBaseUrl, T)).toThrow(
          expect.objectContaining({ code: 'BAD_INPUT' }),
        );
      }
    }
  });
});
