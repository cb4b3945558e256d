// Issue 4, "Done when": snooze and acknowledge persist across lock and restart. Every
// CLI call is a new process that unlocks, acts and locks; the core then reopens the
// same vault with a moved clock to show a snooze ends on its date and an
// acknowledgement lasts until the alert escalates to a closer threshold.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../../src-main/core/app/session.js';
import { fixedClock } from '../../../src-main/core/ports/clock.port.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { CLI_PASSWORD, addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { dayFromToday } from '../../helpers/session-vault.js';
import { tempDir } from '../../helpers/temp-vault.js';

type Row = {
  id: string;
  rule: string;
  severity: string;
  keyId: string;
  snoozedUntil: string | null;
  acknowledged: boolean;
};

let dir: { dir: string; cleanup: () => void };
let vault: string;
const ids: Record<'a' | 'b' | 'c', string> = { a: '', b: '', c: '' };

const alertsList = async (): Promise<Row[]> => {
  const r = await runCli(['alerts', 'list', '--json'], { vault });
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Row[];
};

beforeAll(async () => {
  dir = tempDir('keyward-alerts-state-');
  vault = join(dir.dir, 'vault.db');
  await initCliVault(vault);
  const add = (name: string, days: number) =>
    addCliKey(
      vault,
      [
        '--platform',
        'knouds',
        '--name',
        name,
        '--account',
        'user-1',
        '--expires',
        dayFromToday(days),
        '--last-used',
        dayFromToday(0),
      ],
      `knouds_live_${name.replace(/\W/g, '')}_0123456789abcdef`,
    );
  ids.a = await add('Alpha', 5); // expiring:a:7, warning
  ids.b = await add('Bravo', 20); // expiring:b:30, info
  ids.c = await add('Charlie', 3); // expiring:c:7, warning
});

afterAll(() => dir.cleanup());

describe('snooze and acknowledge', () => {
  it('start out visible: check exits 1', async () => {
    const rows = await alertsList();
    expect(rows.map((r) => r.id).sort()).toEqual(
      [`expiring:${ids.a}:7`, `expiring:${ids.b}:30`, `expiring:${ids.c}:7`].sort(),
    );
    expect(rows.every((r) => r.snoozedUntil === null && !r.acknowledged)).toBe(true);
    expect((await runCli(['check'], { vault })).code).toBe(1);
  });

  it('persist across processes (each CLI call unlocks and locks again)', async () => {
    const until = dayFromToday(3);
    const snooze = await runCli(['alerts', 'snooze', `expiring:${ids.a}:7`, '--until', until], { vault });
    expect(snooze.code, snooze.stderr).toBe(0);
    const ack = await runCli(['alerts', 'ack', `expiring:${ids.c}:7`], {
      vault,
    });
    expect(ack.code, ack.stderr).toBe(0);

    const rows = await alertsList(); // a new process: read back from the vault
    const byId = new Map(rows.map((r) => [r.id, r]));
    expect(byId.get(`expiring:${ids.a}:7`)).toMatchObject({
      snoozedUntil: until,
      acknowledged: false,
    });
    expect(byId.get(`expiring:${ids.c}:7`)).toMatchObject({
      snoozedUntil: null,
      acknowledged: true,
    });
    expect(byId.get(`expiring:${ids.b}:30`)).toMatchObject({
      snoozedUntil: null,
      acknowledged: false,
    });

    // With --json each action answers in JSON, like every command.
    const reopened = await runCli(['alerts', 'reopen', `expiring:${ids.c}:7`, '--json'], { vault });
    expect(reopened.code, reopened.stderr).toBe(0);
    expect(JSON.parse(reopened.stdout)).toEqual({ action: 'reopen', alertId: `expiring:${ids.c}:7` });
    const acked = await runCli(['alerts', 'ack', `expiring:${ids.c}:7`, '--json'], { vault });
    expect(JSON.parse(acked.stdout)).toEqual({ action: 'ack', alertId: `expiring:${ids.c}:7` });
    const snoozed = await runCli(['alerts', 'snooze', `expiring:${ids.a}:7`, '--until', until, '--json'], { vault });
    expect(JSON.parse(snoozed.stdout)).toEqual({ action: 'snooze', alertId: `expiring:${ids.a}:7`, until });

    // Hidden from check: only the info alert is left, so CI passes; --all still shows everything.
    const check = await runCli(['check', '--json'], { vault });
    expect(check.code).toBe(0);
    expect((JSON.parse(check.stdout) as { alerts: { id: string }[] }).alerts.map((a) => a.id)).toEqual([
      `expiring:${ids.b}:30`,
    ]);
    expect((await runCli(['check', '--all'], { vault })).code).toBe(1);
  });

  it('are refused for unknown alerts and bad dates', async () => {
    expect((await runCli(['alerts', 'snooze', 'expiring:nope:7', '--until', dayFromToday(2)], { vault })).code).toBe(2);
    expect((await runCli(['alerts', 'snooze', `expiring:${ids.b}:30`, '--until', 'next week'], { vault })).code).toBe(
      2,
    );
    expect((await runCli(['alerts', 'ack', 'unused:nope'], { vault })).code).toBe(2);
  });

  it('live in the vault: reopened by the core, a snooze ends on its date and an ack ends when the alert escalates', async () => {
    const now = new Date();
    const open = async (days: number) => {
      const v = await unlockVault(vault, CLI_PASSWORD);
      return createSession(v, {
        clock: fixedClock(new Date(now.getTime() + days * 86_400_000).toISOString()),
        writeSchedule: false,
      });
    };
    let s = await open(0);
    expect(s.alerts.state()).toEqual({
      snoozes: { [`expiring:${ids.a}:7`]: dayFromToday(3, now) },
      acks: [`expiring:${ids.c}:7`],
    });
    expect(s.alerts.list().map((a) => a.id)).toEqual([`expiring:${ids.b}:30`]);
    s.lock();

    s = await open(3); // the snooze date: Alpha is back; Charlie expires tomorrow, a new (critical) alert id
    const visible = s.alerts.list().map((a) => `${a.id} ${a.severity}`);
    expect(visible).toContain(`expiring:${ids.a}:7 warning`);
    expect(visible).toContain(`expiring:${ids.c}:1 critical`);
    expect(visible).not.toContain(`expiring:${ids.c}:7 warning`);
    s.lock();

    const reopen = await runCli(['alerts', 'reopen', `expiring:${ids.c}:7`], {
      vault,
    });
    expect(reopen.code).toBe(0);
    expect((await alertsList()).find((r) => r.id === `expiring:${ids.c}:7`)?.acknowledged).toBe(false);
  });
});
