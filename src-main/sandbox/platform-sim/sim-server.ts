// The common loopback server behind every platform simulator: node:http on
// 127.0.0.1 (port 0), request recording, switchable faults and rate limiting.
// It must never listen beyond loopback; platform rules live in the *.sim.ts modules.

import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createRateWindow } from './sim-rate-window.js';
import type {
  AddKeySpec,
  Fault,
  FaultOptions,
  PlatformBehaviour,
  RecordedRequest,
  SimKey,
  SimReply,
  SimState,
  SimulatorOptions,
} from './sim.types.js';

export type SimulatorHandle = {
  platform: PlatformBehaviour['id'];
  baseUrl: string;
  /** Every request received, in order, with the status answered (for asserting headers). */
  requests: RecordedRequest[];
  addKey: (spec?: AddKeySpec) => SimKey;
  /** Revokes at once, as every platform documents; false when the key is unknown. */
  revokeKey: (value: string) => boolean;
  /** KAI's Regenerate: revokes the account's live keys at once and returns the new key's value. */
  regenerateKey: (account: string) => string;
  /** Sets (or clears, with null) the fault hitting the next requests. */
  setFault: (fault: Fault | null, options?: FaultOptions) => void;
  keys: () => SimKey[];
  close: () => Promise<void>;
};

const MAX_BODY_BYTES = 64 * 1024;

export async function startPlatformSimulator(
  behaviour: PlatformBehaviour,
  options: SimulatorOptions = {},
): Promise<SimulatorHandle> {
  const clock = options.clock ?? { now: () => new Date() };
  const keys = new Map<string, SimKey>();
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  let fault: { fault: Fault; remaining: number | undefined; path: string | undefined } | null = null;
  const rateConfig = options.rateLimit === undefined ? behaviour.rateLimit : options.rateLimit;
  const window = createRateWindow(rateConfig, behaviour.rateLimitHeaders, clock);

  const addKey = (spec: AddKeySpec = {}): SimKey => {
    behaviour.checkAdd?.(spec, state);
    const key: SimKey = {
      account: 'acct-1',
      email: 'dev@example.test',
      name: 'Demo User',
      role: 'member',
      tier: 'pro',
      legacy: false,
      capabilities: ['workflow:read'],
      active: true,
      canCreateKeys: true,
      scopes: [],
      expiresAt: null,
      ...spec,
      value: spec.value ?? behaviour.newKeyValue(spec),
      createdAt: clock.now(),
      revoked: false,
    };
    keys.set(key.value, key);
    return key;
  };
  const state: SimState = { keys, clock, options, addKey };
  options.keys?.forEach((k) => addKey(k));

  const delay = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const entry = { timer: setTimeout(() => done(), ms), done: () => done() };
      const done = (): void => {
        clearTimeout(entry.timer);
        timers.delete(entry);
        resolve();
      };
      timers.add(entry);
    });

  const takeFault = (path: string): Fault | undefined => {
    if (fault === null || (fault.path !== undefined && fault.path !== path)) return undefined;
    const hit = fault.fault;
    if (fault.remaining !== undefined && --fault.remaining <= 0) fault = null;
    return hit;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const entry: RecordedRequest = {
      at: clock.now(),
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      status: null,
    };
    requests.push(entry);
    const active = takeFault(url.pathname);
    if (active !== undefined) entry.fault = active.kind;
    if (active?.kind === 'drop') return void req.socket.destroy();
    if (active?.kind === 'slow') await delay(active.delayMs);
    if (req.socket.destroyed) return;

    let reply = active === undefined ? undefined : faultReply(active, behaviour);
    if (reply === undefined) {
      const decision = window.take();
      if (decision.allowed) {
        const json = parseJson(body);
        reply = behaviour.handle(
          { method: entry.method, path: url.pathname, query: url.searchParams, headers: req.headers, body, json },
          state,
        );
      } else {
        entry.rateLimited = true;
        reply = { status: 429, body: behaviour.errorBody(429) };
      }
      reply = { ...reply, headers: { ...decision.headers, ...reply.headers } };
    }
    if (active?.kind === 'drop-after-handling') return void req.socket.destroy();
    entry.status = reply.status;
    const payload = reply.body === undefined ? '' : JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
    res.end(payload);
  };

  const server = createServer((req, res) => {
    serve(req, res).catch(() => req.socket.destroy());
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    platform: behaviour.id,
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    addKey,
    revokeKey: (value) => {
      const key = keys.get(value);
      if (key === undefined) return false;
      key.revoked = true;
      return true;
    },
    regenerateKey: (account) => {
      [...keys.values()].filter((k) => k.account === account && !k.revoked).forEach((k) => (k.revoked = true));
      return addKey({ account }).value;
    },
    setFault: (next, opts = {}) => {
      fault = next === null ? null : { fault: next, remaining: opts.times, path: opts.path };
    },
    keys: () => [...keys.values()],
    close: async () => {
      [...timers].forEach((t) => t.done());
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function faultReply(fault: Fault, behaviour: PlatformBehaviour): SimReply | undefined {
  switch (fault.kind) {
    case 'status':
      return { status: fault.status, body: behaviour.errorBody(fault.status) };
    case 'unavailable':
      return { status: 503, body: behaviour.errorBody(503), headers: { 'Retry-After': fault.retryAfter } };
    case 'rate-limited':
      return { status: 429, body: behaviour.errorBody(429), headers: { 'Retry-After': fault.retryAfter } };
    case 'redirect':
      return { status: fault.status ?? 302, headers: { Location: fault.location } };
    default:
      return undefined;
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
