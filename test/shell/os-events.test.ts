// The built shell's answers to the OS, in plain Node with the stand-in for `electron` and fake
// timers: auto-lock on lock-screen, suspend, inactivity and the polled Linux session lock; the tray
// count and icon; the daily notification from the locked-state schedule; the File menu commands.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { PASSWORD, loadShell, settle, type Envelope, type Shell } from './load-shell.js';

const SECRET = 'knouds_live_os-events-secret-0b41c9';
const MINUTE = 60_000;
let shell: Shell;

const value = <T>(reply: Envelope): T => {
  if (!reply.ok) throw new Error(`call failed: ${reply.error?.code}`);
  return reply.value as T;
};
const isUnlocked = async () => value<{ unlocked: boolean }>(await shell.invoke('vault.status')).unlocked;
const unlock = async () => value(await shell.invoke('vault.unlock', { password: PASSWORD }));
const tray = () => {
  const t = shell.electron.record.trays.at(-1);
  if (!t) throw new Error('no tray');
  return t;
};
const day = (offset: number) => {
  const d = new Date();
  d.setDate(d.getDate() + offset);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

beforeAll(async () => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
  shell = await loadShell();
  await shell.ready();
  value(await shell.invoke('vault.create', { password: PASSWORD }));
});
afterAll(() => {
  vi.useRealTimers();
  shell.cleanup();
});

describe('auto-lock', () => {
  test.each(['lock-screen', 'suspend'])('%s locks the vault and reloads the renderer', async (event) => {
    if (!(await isUnlocked())) await unlock();
    const reloads = shell.window().webContents.reloads;
    shell.electron.powerMonitor.emit(event);
    await settle();
    expect(await isUnlocked()).toBe(false);
    expect(shell.window().webContents.reloads).toBe(reloads + 1);
  });

  test('inactivity in the window locks after the chosen minutes; input starts the count again', async () => {
    await unlock();
    await vi.advanceTimersByTimeAsync(4 * MINUTE);
    shell.window().webContents.emit('input-event');
    await vi.advanceTimersByTimeAsync(4 * MINUTE);
    expect(await isUnlocked()).toBe(true);
    await vi.advanceTimersByTimeAsync(1 * MINUTE + 1000);
    expect(await isUnlocked()).toBe(false);
  });

  test('the idle time follows the preference', async () => {
    await unlock();
    value(await shell.invoke('host.setPreferences', { autoLockMinutes: 1 }));
    await vi.advanceTimersByTimeAsync(MINUTE - 1000);
    expect(await isUnlocked()).toBe(true);
    await vi.advanceTimersByTimeAsync(2000);
    expect(await isUnlocked()).toBe(false);
    value(await shell.invoke('host.setPreferences', { autoLockMinutes: 5 }));
  });

  test.runIf(process.platform === 'linux')('Linux: a locked session, polled every 15 s, locks the vault', async () => {
    await unlock();
    await vi.advanceTimersByTimeAsync(16_000);
    expect(await isUnlocked()).toBe(true);
    shell.electron.control.systemIdleState = 'locked';
    await vi.advanceTimersByTimeAsync(16_000);
    shell.electron.control.systemIdleState = 'active';
    expect(await isUnlocked()).toBe(false);
  });

  test('closing the window locks the vault; a second start opens a new window', async () => {
    await unlock();
    shell.window().close();
    await settle();
    expect(await isUnlocked().catch(() => false)).toBe(false);
    shell.electron.app.emit('second-instance');
    expect(shell.electron.record.windows).toHaveLength(2);
  });
});

describe('tray and notifications', () => {
  test('the tray shows the normal icon with nothing due, the alert icon and the count once a key expired', async () => {
    await unlock();
    await vi.advanceTimersByTimeAsync(1100);
    expect(tray().toolTip).toBe('Keyward: no key needs action');
    expect(tray().image.path).toMatch(/resources\/tray\/tray-normal\.png$/);
    expect(tray().image.isEmpty()).toBe(false);
    value(
      await shell.invoke('keys.add', {
        fields: {
          platform: 'knouds',
          name: 'Nightly sync',
          owner: 'ops@example.com',
          createdAt: day(-100),
          expiresAt: day(-1),
          deployedTo: ['Airflow connection in data-platform'],
        },
        secret: { value: SECRET },
      }),
    );
    await vi.advanceTimersByTimeAsync(1100);
    expect(tray().toolTip).toBe('Keyward: 1 key needs action');
    expect(tray().image.path).toMatch(/resources\/tray\/tray-alert\.png$/);
    expect(tray().image.isEmpty()).toBe(false);
  });

  test('the tray counts keys that need action (act now, due soon), as the badge does, not keys with any warning', async () => {
    // Unused for months: a warning alert, but housekeeping, so it does not count.
    value(
      await shell.invoke('keys.add', {
        fields: { platform: 'kubiya', name: 'Old report bot', createdAt: day(-300), lastUsedAt: day(-200) },
        secret: { value: 'kby_os-events-unused-0000000000000001' },
      }),
    );
    await vi.advanceTimersByTimeAsync(1100);
    const summary = value<{ needsAction: number; housekeeping: number }>(await shell.invoke('alerts.attention'));
    expect(summary.needsAction).toBe(1);
    expect(summary.housekeeping).toBeGreaterThanOrEqual(1);
    expect(tray().toolTip).toBe('Keyward: 1 key needs action');
  });

  test('the tray menu locks; while locked the count comes from the schedule', async () => {
    const lock = tray().contextMenu?.template.find((i) => i.label === 'Lock');
    expect(lock?.enabled).toBe(true);
    lock?.click?.();
    await settle();
    expect(await isUnlocked()).toBe(false);
    expect(tray().toolTip).toBe('Keyward: 1 key needs action (locked)');
    expect(tray().contextMenu?.template.find((i) => i.label === 'Lock')?.enabled).toBe(false);
  });

  test('the next start shows one daily notification from the schedule, without names or secrets', async () => {
    const home = shell.home;
    const first = shell;
    shell = await loadShell({ home });
    try {
      await shell.ready();
      const { notifications } = shell.electron.record;
      expect(notifications).toHaveLength(1);
      const { title, body } = notifications[0]?.options ?? { title: '', body: '' };
      expect(title).toBe('Keyward: 1 key needs action');
      expect(`${title} ${body}`).not.toContain('Nightly sync');
      expect(`${title} ${body}`).not.toContain(SECRET);
      expect(tray().toolTip).toBe('Keyward: 1 key needs action (locked)');
      await vi.advanceTimersByTimeAsync(31 * MINUTE);
      expect(notifications).toHaveLength(1);
      notifications[0]?.emit('click');
      expect(shell.window().isShown).toBe(true);
    } finally {
      shell.cleanup();
      shell = first;
    }
  });

  test('a start the next day with the same key needing action stays silent: the memory beside the vault', async () => {
    const home = shell.home;
    const first = shell;
    const files = (readdirSync(home, { recursive: true }) as string[]).filter((f) => f.endsWith('.notified.json'));
    expect(files).toHaveLength(1);
    const path = join(home, files[0] ?? '');
    // Pretend the last one was yesterday: the once-a-day rule no longer holds it back.
    const memory = JSON.parse(readFileSync(path, 'utf8')) as { day: string };
    writeFileSync(path, JSON.stringify({ ...memory, day: '2000-01-01' }));
    shell = await loadShell({ home });
    try {
      await shell.ready();
      expect(shell.electron.record.notifications).toHaveLength(0);
      expect(tray().toolTip).toBe('Keyward: 1 key needs action (locked)');
    } finally {
      shell.cleanup();
      shell = first;
    }
  });
});

test('the File menu commands reach the renderer', async () => {
  const file = shell.electron.record.applicationMenu?.template.find((m) => m.label === 'File');
  const items = (file?.submenu ?? []).filter((i) => i.label);
  expect(items.map((i) => i.label)).toEqual([
    'Open inventory…',
    'Export inventory…',
    'Back up vault…',
    'Scan a folder for keys…',
  ]);
  for (const item of items) item.click?.();
  const sent = shell.window().webContents.sent.filter(([channel]) => channel === 'keyward:command');
  expect(sent.map(([, command]) => command)).toEqual([
    'open-inventory',
    'export-inventory',
    'backup-vault',
    'scan-folder',
  ]);
  expect(file?.submenu?.some((i) => i.role === 'quit')).toBe(true);
});
