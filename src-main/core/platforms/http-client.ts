// The Node implementation of the HttpClient port (node:http / node:https).
// It must never follow a redirect, never disable TLS verification, never read an
// unbounded answer, and never put a header, a body or the secret into an error.

import { request as httpRequest, type IncomingMessage, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { AppError } from '../errors.js';
import {
  HttpTransportError,
  type HttpClient,
  type HttpRequest,
  type HttpResponse,
  type TransportFailure,
} from '../ports/http.port.js';
import { checkRequestUrl } from './url-policy.js';

export type NodeHttpClientOptions = {
  /** Largest answer accepted, in bytes (default 1 MiB). */
  maxResponseBytes?: number;
};

const DEFAULT_MAX_RESPONSE_BYTES = 1024 * 1024;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export function createNodeHttpClient(options: NodeHttpClientOptions = {}): HttpClient {
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return { request: (req) => send(req, maxBytes) };
}

function send(req: HttpRequest, maxBytes: number): Promise<HttpResponse> {
  let url: URL;
  try {
    url = checkRequestUrl(req.url);
  } catch (e) {
    const message = e instanceof AppError ? e.message : 'The platform address was refused.';
    return Promise.reject(new HttpTransportError('refused-url', message, false));
  }
  const host = url.host;
  const isHttps = url.protocol === 'https:';
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers['content-length'] = String(Buffer.byteLength(req.body));

  return new Promise<HttpResponse>((resolve, reject) => {
    let connected = false;
    let settled = false;
    let request: ClientRequest | undefined;
    const timers: NodeJS.Timeout[] = [];
    let forgetAbort = (): void => undefined;
    const finish = (): void => {
      settled = true;
      timers.forEach(clearTimeout);
      forgetAbort();
    };
    const fail = (failure: TransportFailure, message: string): void => {
      if (settled) return;
      finish();
      request?.destroy();
      reject(new HttpTransportError(failure, message, connected));
    };

    try {
      // SECURITY: rejectUnauthorized pinned to true so no environment variable can weaken it;
      // agent:false gives every call its own connection, so nothing (cookies, sockets) is shared.
      const opts = {
        method: req.method,
        headers,
        agent: false,
        rejectUnauthorized: true,
        minVersion: 'TLSv1.2' as const,
      };
      request = (isHttps ? httpsRequest : httpRequest)(url, opts, (res) => {
        readBody(res, maxBytes, {
          onDone: (bodyText) => {
            if (settled) return;
            finish();
            resolve({ status: res.statusCode ?? 0, headers: flattenHeaders(res), bodyText });
          },
          onTooLarge: () => fail('too-large', `${host} sent an answer larger than ${maxBytes} bytes.`),
          onBroken: () => fail('reset', `The connection to ${host} broke while the answer was arriving.`),
        });
      });
    } catch {
      // SECURITY: Node's own message here can name a header; ours names nothing.
      reject(
        new AppError(
          'BAD_INPUT',
          'A request header contains characters that cannot be sent (check the key for spaces or line breaks).',
        ),
      );
      return;
    }

    const signal = req.signal;
    const onAbort = (): void => {
      if (settled) return;
      finish();
      request?.destroy();
      reject(abortError(signal));
    };
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    forgetAbort = () => signal?.removeEventListener('abort', onAbort);
    const connectMs = Math.min(req.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, req.timeoutMs);
    timers.push(
      setTimeout(() => {
        if (!connected) fail('connect-timeout', `Could not connect to ${host} within ${seconds(connectMs)}.`);
      }, connectMs),
      setTimeout(() => fail('timeout', `${host} did not answer within ${seconds(req.timeoutMs)}.`), req.timeoutMs),
    );
    request.on('socket', (socket: Socket) => {
      socket.once(isHttps ? 'secureConnect' : 'connect', () => {
        connected = true;
      });
    });
    request.on('error', (err: unknown) => {
      const failure = classify(err, connected);
      fail(failure, describe(failure, host));
    });
    request.end(req.body);
  });
}

type BodyHandlers = { onDone: (text: string) => void; onTooLarge: () => void; onBroken: () => void };

function readBody(res: IncomingMessage, maxBytes: number, on: BodyHandlers): void {
  const chunks: Buffer[] = [];
  let size = 0;
  res.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      on.onTooLarge(); // first: destroying may report 'aborted' synchronously
      res.destroy();
      return;
    }
    chunks.push(chunk);
  });
  res.on('end', () => on.onDone(Buffer.concat(chunks).toString('utf8')));
  res.on('aborted', on.onBroken);
  res.on('error', on.onBroken);
}

function flattenHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

function classify(err: unknown, connected: boolean): TransportFailure {
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === 'ECONNREFUSED') return 'refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'dns';
  if (!connected && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return 'tls';
  return connected ? 'reset' : 'refused';
}

function describe(failure: TransportFailure, host: string): string {
  switch (failure) {
    case 'refused':
      return `${host} refused the connection.`;
    case 'dns':
      return `Could not find ${host} (check the address and your network).`;
    case 'tls':
      return `The secure connection to ${host} failed: its certificate is not trusted.`;
    default:
      return `The connection to ${host} was dropped before an answer arrived.`;
  }
}

/** Why an aborted request stopped: the signal's reason when it is an AppError, else CANCELLED. */
export function abortError(signal: AbortSignal | undefined): AppError {
  const why: unknown = signal?.reason;
  return why instanceof AppError ? why : new AppError('CANCELLED', 'The request was cancelled.');
}

function seconds(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}
