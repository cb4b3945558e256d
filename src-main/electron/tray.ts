// The tray icon with the count of keys needing action, and the daily OS notification built from the
// locked-state schedule (core/alerts digestFor). Reads only what the core wrote for it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Menu, Notification, Tray, nativeImage } from 'electron';
import { digestFor } from '../core/alerts/schedule.js';
import type { Core } from '../core/app/create-core.js';
import { schedulePathFor } from '../core/alerts/alerts.service.js';
import { dueKeyCount, parseSchedule, trayTooltip } from '../host/alert-signals.js';

const NOTIFY_EVERY_MS = 30 * 60_000;

type TrayDeps = {
  core: Core;
  vaultPath: string;
  /** resources/tray: tray-normal.png and tray-alert.png, each with an @2x sibling Electron picks on HiDPI. */
  iconsDir: string;
  show: () => void;
  lock: () => void;
  today: () => string;
};

export function createAlertTray({ core, vaultPath, iconsDir, show, lock, today }: TrayDeps) {
  const icon = (hasAlerts: boolean) =>
    nativeImage.createFromPath(join(iconsDir, hasAlerts ? 'tray-alert.png' : 'tray-normal.png'));
  const tray = new Tray(icon(false));
  let lastNotifiedDay: string | null = null;
  const schedule = () => {
    try {
      return parseSchedule(readFileSync(schedulePathFor(vaultPath), 'utf8'));
    } catch {
      return [];
    }
  };

  /** While unlocked the core counts; while locked, the schedule file does. */
  function refresh(): void {
    const isUnlocked = core.status().unlocked;
    // Unlocked: the keys that need action (act now, due soon), the sidebar badge's number.
    const count = isUnlocked ? core.session().alerts.summary().needsAction : dueKeyCount(schedule(), today());
    tray.setImage(icon(count > 0));
    tray.setToolTip(trayTooltip(count, isUnlocked));
    if (process.platform === 'darwin') tray.setTitle(count > 0 ? String(count) : '');
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: 'Open Keyward', click: show },
        { label: 'Lock', enabled: isUnlocked, click: lock },
      ]),
    );
  }

  /** At most one digest a day, covering what fell due since the last one. */
  function notify(): void {
    const day = today();
    if (lastNotifiedDay === day || !Notification.isSupported()) return;
    const digest = digestFor(schedule(), day, lastNotifiedDay ? { sinceDay: lastNotifiedDay } : {});
    lastNotifiedDay = day;
    if (!digest) return;
    const n = new Notification({
      title: digest.title,
      body: digest.body,
      urgency: digest.severity === 'critical' ? 'critical' : 'normal',
    });
    n.on('click', show);
    n.show();
  }

  tray.on('click', show);
  const timer = setInterval(() => {
    refresh();
    notify();
  }, NOTIFY_EVERY_MS);
  timer.unref();
  refresh();
  notify();
  return {
    refresh,
    dispose(): void {
      clearInterval(timer);
      tray.destroy();
    },
  };
}
