// Test support for the platform layer: a fast clock (virtual time jumps ahead as
// sleepers wake, shared by client and simulators), deps wired to
// the real Node HTTP client, and canary scanning.

import { randomUUID } from 'node:crypto';
import { createPlatformCallDeps, type PlatformCallDeps } from '../../../src-main/core/platforms/platform-call.js';
import type { Clock } from '../../../src-main/core/ports/clock.port.js';

export type FastTime = {
  clock: Clock;
  sleep: (ms: number) => Promise<void>;
  /** Every sleep asked for, in virtual ms. */
  sleeps: number[];
  /** Jumps virtual time forward at once (days pass without waiting). */
  advance: (ms: number) => void;
};

/**
 * Virtual time that moves on when a sleeper wakes: sleep(60_000) waits 60_000/scale ms of real time, then the clock
 * stands at least 60 s after where the sleep began. Between sleeps the clock runs at real speed, so a loaded machine
 * (a request held up 50 ms) adds 50 virtual ms, not 50 virtual seconds as a clock scaled throughout would.
 */
export function fastTime(scale = 1000, startIso = '2026-06-01T09:00:00.000Z'): FastTime {
  const t0 = Date.parse(startIso);
  const p0 = performance.now();
  let jumped = 0;
  const nowMs = (): number => t0 + jumped + (performance.now() - p0);
  const sleeps: number[] = [];
  const sleep = async (ms: number): Promise<void> => {
    sleeps.push(ms);
    const target = nowMs() + ms;
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, ms / scale)));
    const behind = target - nowMs();
    if (behind > 0) jumped += behind;
  };
  const advance = (ms: number): void => {
    jumped += ms;
  };
  return { clock: { now: () => new Date(nowMs()) }, sleep, sleeps, advance };
}

export function testDeps(time: FastTime, overrides: Partial<PlatformCallDeps> = {}): PlatformCallDeps {
  return createPlatformCallDeps({
    clock: time.clock,
    sleep: time.sleep,
    retry: { timeoutMs: 2_000, connectTimeoutMs: 1_000, baseDelayMs: 200, maxDelayMs: 2_000 },
    ...overrides,
  });
}

export function canary(prefix = 'sk-CANARY-'): string {
  return `${prefix}${randomUUID().replaceAll('-', '')}`;
}

/** Every textual form of a value that must never leak (raw, hex, base64). */
export function leakForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [secret, bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url')];
}

/** Everything an error or a value could show: message, stack, own fields, causes. */
export function exposedText(value: unknown, depth = 0): string {
  if (depth > 4 || value === null || value === undefined) return '';
  if (value instanceof Error) {
    const own = Object.fromEntries(
      Object.getOwnPropertyNames(value).map((k) => [k, (value as unknown as Record<string, unknown>)[k]]),
    );
    return `${String(value)}\n${value.stack ?? ''}\n${JSON.stringify(own)}\n${exposedText(value.cause, depth + 1)}`;
  }
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function expectNoLeak(value: unknown, secret: string): void {
  const text = exposedText(value);
  for (const form of leakForms(secret)) {
    if (text.includes(form)) throw new Error(`secret leaked in: ${text.slice(0, 300)}`);
  }
}
