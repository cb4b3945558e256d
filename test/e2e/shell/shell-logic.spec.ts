// The shell's pure half (src-main/host: the shell without `electron`): external links, the
// app:// bundle paths, refused switches, IPC sender checks, unlock throttling, the
// clipboard guard and the idle lock. Runs under plain Node with fake timers.
import { expect, test } from '@playwright/test';
import { createClipboardGuard, type Timers } from '../../../src-main/host/clipboard-guard';
import { createIdleLock } from '../../../src-main/host/idle-lock';
import {
  CONTENT_SECURITY_POLICY,
  bundlePath,
  isAppUrl,
  isSafeExternal,
  isTrustedSender,
  refusedSwitch,
} from '../../../src-main/host/security';
import { createUnlockThrottle, unlockDelayMs } from '../../../src-main/host/unlock-throttle';

/** Timers driven by hand: advance(ms) fires what is due, sleep() resolves when advanced past. */
function fakeTimers() {
  let now = 0;
  let seq = 0;
  const due = new Map<number, { at: number; fn: () => void }>();
  const slept: number[] = [];
  const timers: Timers = {
    setTimeout: (fn, ms) => {
      due.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimeout: (h) => void due.delete(h as number),
    sleep: (ms) => {
      slept.push(ms);
      return Promise.resolve();
    },
  };
  const advance = (ms: number) => {
    now += ms;
    for (const [h, t] of [...due]) {
      if (t.at > now) continue;
      due.delete(h);
      t.fn();
    }
  };
  return { timers, advance, slept, pending: () => due.size };
}

test('external links: only https to allow-listed hosts, compared exactly', () => {
  expect(isSafeExternal('https://app.kubiya.ai/settings/api-keys')).toBe(true);
  for (const bad of [
    'http://app.kubiya.ai/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'smb://host/share',
    'ms-msdt:foo',
    'keyward://x',
    'https://app.kubiya.ai.evil.tld/',
    'https://user@app.kubiya.ai/',
    'https://app.kubiya.ai:8443/',
    'https://xn--kubya-9qa.ai/',
    'not a url',
    'https://docs.kubiya.ai\\@evil.example/',
    'https://docs.kubi\nya.ai/',
    'https://docs.kubiya.ai\t/',
    ' https://docs.kubiya.ai/',
    'https:docs.kubiya.ai',
    'https:/docs.kubiya.ai/',
    'https://docs.kubiya.ai/"onclick',
    'https://docs.ku%62iya.ai/',
  ]) {
    expect(isSafeExternal(bad), bad).toBe(false);
  }
});

test('app:// bundle paths refuse traversal, other hosts and encoded tricks', () => {
  expect(bundlePath('app://bundle/')).toBe('index.html');
  expect(bundlePath('app://bundle/assets/index.js')).toBe('assets/index.js');
  // The URL parser folds dot segments, plain or %2e-encoded: these stay inside the bundle (a 404 there).
  expect(bundlePath('app://bundle/../../../etc/passwd')).toBe('etc/passwd');
  expect(bundlePath('app://bundle/%2e%2e/%2e%2e/etc/passwd')).toBe('etc/passwd');
  for (const bad of [
    'app://bundle/a%5c..%5c..%5cwin.ini',
    'app://bundle/%00',
    'app://other/index.html',
    'file:///etc/passwd',
  ]) {
    expect(bundlePath(bad), bad).toBeNull();
  }
  expect(isAppUrl('app://bundle/index.html')).toBe(true);
  expect(isAppUrl('app://bundle.evil/index.html')).toBe(false);
  expect(CONTENT_SECURITY_POLICY).toContain("connect-src 'none'");
  expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
});

test('debugging and sandbox-weakening switches are refused', () => {
  for (const s of [
    '--remote-debugging-port=9222',
    '--remote-debugging-pipe',
    '--inspect',
    '--inspect-brk=9229',
    '--no-sandbox',
    '--disable-web-security',
    '--js-flags=--allow-natives-syntax',
  ]) {
    expect(refusedSwitch(['/opt/Keyward/keyward', s]), s).not.toBeNull();
  }
  expect(refusedSwitch(['/opt/Keyward/keyward', '--enable-logging=false'])).toBeNull();
});

test('IPC senders: only the live top frame of app://bundle', () => {
  const ok = { url: 'app://bundle/index.html', isDetached: false, isTopFrame: true };
  expect(isTrustedSender(ok)).toBe(true);
  expect(isTrustedSender({ ...ok, isDetached: true })).toBe(false);
  expect(isTrustedSender({ ...ok, isTopFrame: false })).toBe(false);
  expect(isTrustedSender({ ...ok, url: 'about:blank' })).toBe(false);
  expect(isTrustedSender({ ...ok, url: 'https://evil.example/' })).toBe(false);
});

test('unlock throttling: free attempts, then 1, 2, 4 … 30 s before each try; success resets it', async () => {
  expect([0, 4, 5, 6, 7, 9, 20].map(unlockDelayMs)).toEqual([0, 0, 1000, 2000, 4000, 16_000, 30_000]);
  const { timers, slept } = fakeTimers();
  const throttle = createUnlockThrottle(timers);
  const wrong = () =>
    Promise.resolve({ ok: false as const, error: { code: 'WRONG_PASSWORD', message: 'Wrong password.' } });
  for (let i = 0; i < 5; i++) await throttle.attempt(wrong);
  expect(slept).toEqual([]);
  const sixth = await throttle.attempt(wrong);
  expect(slept).toEqual([1000]);
  expect(sixth.ok === false && sixth.error.code).toBe('WRONG_PASSWORD');
  await Promise.all([throttle.attempt(wrong), throttle.attempt(wrong)]); // parallel calls queue, each waits
  expect(slept).toEqual([1000, 2000, 4000]);
  await throttle.attempt(() => Promise.resolve({ ok: true as const, value: {} }));
  expect(throttle.failures()).toBe(0);
});

test('clipboard guard: clears after the delay or on lock, only while it still holds our value', async () => {
  const { timers, advance, pending } = fakeTimers();
  let text = '';
  const guard = createClipboardGuard(
    { writeSecret: async (t) => void (text = t), readText: async () => text, clear: () => void (text = '') },
    timers,
  );
  await guard.write('sk-secret-1', 30_000);
  expect(text).toBe('sk-secret-1');
  advance(29_000);
  expect(text).toBe('sk-secret-1');
  advance(1_000);
  await Promise.resolve();
  await Promise.resolve();
  expect(text).toBe('');
  await guard.write('sk-secret-2', 30_000);
  text = 'hello from the user';
  await guard.clearIfOurs();
  expect(text).toBe('hello from the user');
  expect(pending()).toBe(0);
});

test('idle lock: fires after the set minutes without input, input restarts the count, disarmed never fires', () => {
  const { timers, advance } = fakeTimers();
  let locks = 0;
  const idle = createIdleLock(timers, () => locks++);
  idle.setMinutes(5);
  advance(10 * 60_000);
  expect(locks).toBe(0); // not armed while locked
  idle.arm(true);
  advance(4 * 60_000);
  idle.touch();
  advance(4 * 60_000);
  expect(locks).toBe(0);
  advance(60_000);
  expect(locks).toBe(1);
  advance(60 * 60_000);
  expect(locks).toBe(1);
});
