// The HTTP port: the one way the core talks to a platform. Implementations
// never follow redirects, never log or echo headers/bodies, and throw only
// HttpTransportError (a safe message, never a header value or the secret).

import { AppError, type ErrorCode } from '../errors.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type HttpRequest = {
  method: HttpMethod;
  url: string;
  /** Sent as given. May hold the secret: implementations must never copy them into errors or logs. */
  headers: Record<string, string>;
  body?: string;
  /** Total time allowed for the whole exchange (connect + send + answer). */
  timeoutMs: number;
  /** Time allowed to establish the connection (TCP + TLS); defaults to min(10 s, timeoutMs). */
  connectTimeoutMs?: number;
  /** Aborting it drops the connection; the request rejects with the signal's reason (an AppError) or CANCELLED. */
  signal?: AbortSignal;
};

export type HttpResponse = {
  status: number;
  /** Header names lower-cased; repeated headers joined with ", ". */
  headers: Record<string, string>;
  bodyText: string;
};

export type HttpClient = { request: (req: HttpRequest) => Promise<HttpResponse> };

/**
 * Why a request failed before a full answer arrived.
 * - refused-url: the URL broke the transport policy; nothing was sent.
 * - connect-timeout / refused / dns / tls: no connection, so the request never reached the server.
 * - timeout / reset: the connection was up; the server may have acted on the request.
 * - too-large: the answer was bigger than the client accepts.
 */
export type TransportFailure =
  'refused-url' | 'connect-timeout' | 'refused' | 'dns' | 'tls' | 'timeout' | 'reset' | 'too-large';

const CODE_OF: Record<TransportFailure, ErrorCode> = {
  'refused-url': 'BAD_INPUT',
  'connect-timeout': 'PLATFORM_UNREACHABLE',
  refused: 'PLATFORM_UNREACHABLE',
  dns: 'PLATFORM_UNREACHABLE',
  tls: 'PLATFORM_UNREACHABLE',
  timeout: 'PLATFORM_UNREACHABLE',
  reset: 'PLATFORM_UNREACHABLE',
  'too-large': 'PLATFORM_ERROR',
};

export class HttpTransportError extends AppError {
  readonly failure: TransportFailure;
  /** True once a connection existed: the server may have received and acted on the request. */
  readonly mayHaveReachedServer: boolean;

  constructor(failure: TransportFailure, safeMessage: string, mayHaveReachedServer: boolean) {
    // SECURITY: no `cause` is attached: a raw Node error could carry request details.
    super(CODE_OF[failure], safeMessage);
    this.name = 'HttpTransportError';
    this.failure = failure;
    this.mayHaveReachedServer = mayHaveReachedServer;
  }
}

export function isHttpTransportError(e: unknown): e is HttpTransportError {
  return e instanceof HttpTransportError;
}
