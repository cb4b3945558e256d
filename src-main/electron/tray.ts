// The tray icon with the count of keys needing action, and the daily OS notification counting the
// same keys: from the core while unlocked, from the locked-state schedule while locked. The
// notification's memory beside the vault keeps it silent while the same keys need action.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Menu, Notification, Tray, nativeImage } from 'electron';
import type { Core } from '../core/app/create-core.js';
import { schedulePathFor } from '../core/alerts/alerts.service.js';
import {
  coreNeedingAction,
  dailyNotification,
  dueKeyCount,
  type NeedingAction,
  notifiedPathFor,
  parseSchedule,
  readNotified,
  scheduleNeedingAction,
  trayTooltip,
  writeNotified,
} from '../host/alert-signals.js';

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
  const memoryPath = notifiedPathFor(vaultPath);
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

  /** At most one a day, counting keys needing action; silent when the same keys did at the last one. */
  function notify(): void {
    if (!Notification.isSupported()) return;
    const day = today();
    const isUnlocked = core.status().unlocked;
    let needing: NeedingAction;
    if (isUnlocked) {
      const alerts = core.session().alerts;
      const { keys, byKey } = alerts.attention();
      needing = coreNeedingAction(keys, byKey, alerts.scheduleNames());
    } else needing = scheduleNeedingAction(schedule(), day);
    const next = dailyNotification(needing, readNotified(memoryPath), day, isUnlocked);
    if (next === null) return;
    // Remembered before it is shown: a memory that cannot be written would repeat it every half hour.
    if (writeNotified(memoryPath, next.memory) !== null || next.notification === null) return;
    const n = new Notification({
      title: next.notification.title,
      body: next.notification.body,
      urgency: next.notification.critical ? 'critical' : 'normal',
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
