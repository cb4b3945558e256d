// Transport rules of the Node HTTP client (security-promises P-1, P-7) on real sockets.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../../src-main/core/errors.js';
import { kubiya } from '../../../src-main/core/platforms/definitions/index.js';
import { createNodeHttpClient } from '../../../src-main/core/platforms/http-client.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import { isHttpTransportError, type HttpRequest } from '../../../src-main/core/ports/http.port.js';
import { startSimulator } from '../../../src-main/sandbox/platform-sim/index.js';
import { canary, expectNoLeak, fastTime, testDeps } from './support.js';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: Server): Promise<string> {
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return `127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const SECRET = canary();
const req = (url: string, extra: Partial<HttpRequest> = {}): HttpRequest => ({
  method: 'GET',
  url,
  headers: { Authorization: `Bearer ${SECRET}`, 'x-api-key': SECRET },
  timeoutMs: 1_000,
  ...extra,
});

async function failure(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    expectNoLeak(e, SECRET);
    return e;
  }
  throw new Error('expected a failure');
}

describe('createNodeHttpClient', () => {
  const http = createNodeHttpClient({ maxResponseBytes: 1024 });

  it('returns a redirect as-is and never follows it', async () => {
    const target = await startSimulator('kubiya');
    try {
      const key = target.addKey().value;
      const origin = await startSimulator('kubiya');
      try {
        origin.setFault({ kind: 'redirect', location: `${target.baseUrl}/api/v1/users/self`, status: 307 });
        const res = await http.request(req(`${origin.baseUrl}/api/v1/users/self`));
        expect(res.status).toBe(307);
        const outcome = await verifyKey(
          kubiya,
          { secret: { value: key }, account: 'a', baseUrl: origin.baseUrl },
          testDeps(fastTime()),
        );
        expect(outcome.result).toBe('platform-error');
        expect(target.requests).toEqual([]);
      } finally {
        await origin.close();
      }
    } finally {
      await target.close();
    }
  });

  it('refuses plain http to a host that is not loopback, before any connection', async () => {
    const e = await failure(http.request(req('http://api.kubiya.ai/api/v1/users/self')));
    expect(isHttpTransportError(e) && e.failure === 'refused-url' && !e.mayHaveReachedServer).toBe(true);
    expect(isAppError(e, 'BAD_INPUT')).toBe(true);
    await failure(http.request(req('http://10.0.0.1/x')));
    await failure(http.request(req('https://user:pw@api.kubiya.ai/x')));
  });

  it('verifyKey refuses an http base URL or a host off the allowlist', async () => {
    const deps = testDeps(fastTime());
    for (const baseUrl of ['http://api.kubiya.ai', 'https://kubiya.evil.example']) {
      const e = await failure(verifyKey(kubiya, { secret: { value: SECRET }, account: 'a', baseUrl }, deps));
      expect(isAppError(e, 'BAD_INPUT')).toBe(true);
    }
  });

  it('allows plain http to every loopback form', async () => {
    const host = await listen(createServer((_q, s) => s.end('{}')));
    const port = host.split(':')[1];
    for (const h of ['127.0.0.1', 'localhost'])
      expect((await http.request(req(`http://${h}:${port}/`))).status).toBe(200);
  });

  it('times out a server that never answers, in about the given time', async () => {
    const host = await listen(createServer(() => undefined));
    const started = performance.now();
    const e = await failure(http.request(req(`http://${host}/`, { timeoutMs: 300 })));
    const elapsed = performance.now() - started;
    expect(isHttpTransportError(e) && e.failure === 'timeout' && e.mayHaveReachedServer).toBe(true);
    expect(elapsed).toBeGreaterThanOrEqual(270);
    expect(elapsed).toBeLessThan(600);
  });

  it('caps the answer size', async () => {
    const host = await listen(createServer((_q, s) => s.end('x'.repeat(8 * 1024))));
    const e = await failure(http.request(req(`http://${host}/`)));
    expect(isHttpTransportError(e) && e.failure === 'too-large').toBe(true);
  });

  it('reports a connection dropped mid-exchange as a reset that may have reached the server', async () => {
    const host = await listen(createServer((q) => q.socket.destroy()));
    const e = await failure(http.request(req(`http://${host}/`, { method: 'POST', body: '{}' })));
    expect(isHttpTransportError(e) && e.failure === 'reset' && e.mayHaveReachedServer).toBe(true);
  });

  it('reports a refused connection as never sent', async () => {
    const host = await listen(createServer());
    await new Promise((r) => servers.pop()!.close(r));
    const e = await failure(http.request(req(`http://${host}/`)));
    expect(isHttpTransportError(e) && e.failure === 'refused' && !e.mayHaveReachedServer).toBe(true);
  });

  it('refuses a header value with a line break, without naming the value', async () => {
    const e = await failure(
      http.request({ ...req('http://127.0.0.1:9/'), headers: { 'api-key': `${SECRET}\r\nX: y` } }),
    );
    expect(isAppError(e, 'BAD_INPUT')).toBe(true);
  });

  it('lower-cases answer headers and joins repeated ones', async () => {
    const host = await listen(
      createServer((_q, s) => {
        s.setHeader('X-RateLimit-Remaining', '7');
        s.setHeader('Set-Cookie', ['a=1', 'b=2']);
        s.end('ok');
      }),
    );
    const res = await http.request(req(`http://${host}/`));
    expect(res.headers['x-ratelimit-remaining']).toBe('7');
    expect(res.headers['set-cookie']).toBe('a=1, b=2');
    expect(res.bodyText).toBe('ok');
  });

  it('rejects a self-signed certificate even with NODE_TLS_REJECT_UNAUTHORIZED=0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keyward-tls-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-subj',
          '/CN=127.0.0.1',
          '-days',
          '1',
          '-keyout',
          join(dir, 'k.pem'),
          '-out',
          join(dir, 'c.pem'),
        ],
        { stdio: 'ignore' },
      );
      const tls = createHttpsServer(
        { key: readFileSync(join(dir, 'k.pem')), cert: readFileSync(join(dir, 'c.pem')) },
        (_q, s) => s.end('{}'),
      );
      const host = await listen(tls as unknown as Server);
      const previous = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
      process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
      try {
        const e = await failure(http.request(req(`https://${host}/`)));
        expect(isHttpTransportError(e) && e.failure === 'tls' && !e.mayHaveReachedServer).toBe(true);
      } finally {
        if (previous === undefined) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
        else process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = previous;
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('no source under src-main/core/platforms disables TLS checks or imports electron', () => {
    const root = join(import.meta.dirname, '../../../src-main/core/platforms');
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : [join(dir, f)]));
    for (const file of files(root)) {
      const text = readFileSync(file, 'utf8');
      expect(text).not.toMatch(/rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED|from ['"]electron['"]/);
    }
  });
});
