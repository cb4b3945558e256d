// Types shared by the loopback platform simulators. Plain TypeScript with no
// imports outside node, so the sandbox mode can compile and ship them later.

import type { IncomingHttpHeaders } from 'node:http';

export type SimPlatformId = 'kai' | 'kubiya' | 'kognitos' | 'knouds' | 'kaana';

/** Structurally the same as the core's Clock port. */
export type SimClock = { now: () => Date };

/** A key the simulated platform knows. Fields a platform does not use are ignored. */
export type SimKey = {
  value: string;
  /** KAI instance id, Kubiya/Kognitos organisation, Kaana tenant, Knouds user id. */
  account: string;
  email: string;
  name: string;
  role: string;
  /** Knouds: free | pro | business | enterprise. */
  tier: string;
  /** Knouds: created before the May 2026 migration (answers LEGACY_KEY_RETIRED). */
  legacy: boolean;
  /** Knouds capabilities; empty = CAPABILITY_DENIED on whoami. */
  capabilities: string[];
  /** Kaana: the account is active; Kubiya: the user may read its profile. */
  active: boolean;
  /** Kubiya: the key's user may create keys. */
  canCreateKeys: boolean;
  scopes: string[];
  expiresAt: Date | null;
  createdAt: Date;
  revoked: boolean;
};

export type AddKeySpec = Partial<Omit<SimKey, 'createdAt' | 'revoked'>>;

export type Fault =
  | { kind: 'status'; status: number }
  | { kind: 'unavailable'; retryAfter: string }
  | { kind: 'rate-limited'; retryAfter: string }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'drop' }
  | { kind: 'drop-after-handling' }
  | { kind: 'redirect'; location: string; status?: 301 | 302 | 303 | 307 | 308 };

export type FaultOptions = {
  /** How many requests the fault hits before it clears itself; default: until replaced. */
  times?: number;
  /** Only requests to this path are hit. */
  path?: string;
};

export type RecordedRequest = {
  at: Date;
  method: string;
  path: string;
  query: Record<string, string>;
  /** As received (names lower-cased by node). */
  headers: IncomingHttpHeaders;
  body: string;
  /** Status answered; null when the connection was dropped without an answer. */
  status: number | null;
  /** The injected fault that shaped the answer, if any. */
  fault?: Fault['kind'];
  /** True when the simulator's own rate limiter refused the request. */
  rateLimited?: boolean;
};

export type SimRequest = {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body parsed as JSON; undefined when empty or not JSON. */
  json: unknown;
};

export type SimReply = { status: number; body?: unknown; headers?: Record<string, string> };

export type RateLimitConfig = { limit: number; windowMs: number };

/** What the common server needs from one platform module. */
export type SimState = {
  keys: Map<string, SimKey>;
  clock: SimClock;
  options: SimulatorOptions;
  addKey: (spec: AddKeySpec) => SimKey;
};

export type PlatformBehaviour = {
  id: SimPlatformId;
  /** The documented budget; null = the platform documents none (no limit unless configured). */
  rateLimit: RateLimitConfig | null;
  /** Which rate-limit headers the platform documents. */
  rateLimitHeaders: 'limit-remaining-reset' | 'limit-remaining' | 'none';
  newKeyValue: (spec: AddKeySpec) => string;
  handle: (req: SimRequest, state: SimState) => SimReply;
  /** The platform's error body for a status (faults and rate limiting). */
  errorBody: (status: number) => unknown;
  /** Checks a key can be added (platform limits such as 10 per organisation); throws a SimRefusal when not. */
  checkAdd?: (spec: AddKeySpec, state: SimState) => void;
};

export type SimulatorOptions = {
  clock?: SimClock;
  /** Overrides the documented budget; null turns rate limiting off. */
  rateLimit?: RateLimitConfig | null;
  keys?: AddKeySpec[];
  /** Kubiya: false answers 404 on the create endpoint (to test the portal fallback). */
  createSupported?: boolean;
  /** Echo the presented key inside error bodies, as a careless platform might (canary tests). */
  echoKeyInErrors?: boolean;
  /** Kaana: the account's plan ('standard' caps active keys at 5). */
  plan?: 'standard' | 'enterprise';
};

/** A portal's own refusal (a key cap reached): the sandbox console shows it as the portal would and carries on. */
export class SimRefusal extends Error {
  override readonly name = 'SimRefusal';
}
