// Issue 4, "Done when": the locked-state schedule (`<vault>.schedule.json`, readable
// without the master password) holds no secret and no name by default. Canary values
// in every field of the key are searched for in the file the CLI writes; names show
// up only after the user opted in.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schedulePathFor } from '../../../src-main/core/alerts/alerts.service.js';
import { createSession } from '../../../src-main/core/app/session.js';
import { systemClock } from '../../../src-main/core/ports/clock.port.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { canaryForms, newCanary, scan, type Needle } from '../../helpers/canary.js';
import { CLI_PASSWORD, addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { dayFromToday } from '../../helpers/session-vault.js';
import { tempDir } from '../../helpers/temp-vault.js';

type Schedule = {
  version: number;
  writtenAt: string;
  entries: {
    keyId: string;
    date: string;
    severity: string;
    kind: string;
    name?: string;
  }[];
};

let dir: { dir: string; cleanup: () => void };
let vault: string;
let schedule: string;
let keyId: string;
const c = {
  secret: `knouds_live_${newCanary('SECRET').replaceAll('-', '')}`,
  name: newCanary('NAME'),
  account: newCanary('ACCOUNT'),
  owner: newCanary('OWNER'),
  notes: newCanary('NOTES'),
  deployed: newCanary('DEPLOYED'),
  purpose: newCanary('PURPOSE'),
};
let hint = '';

const read = () => JSON.parse(readFileSync(schedule, 'utf8')) as Schedule;
const needles = (fields: (keyof typeof c)[]): Needle[] => [
  ...fields.flatMap((f) => canaryForms(c[f], f)),
  { label: 'hint', bytes: Buffer.from(hint) },
];

beforeAll(async () => {
  dir = tempDir('keyward-schedule-');
  vault = join(dir.dir, 'vault.db');
  schedule = schedulePathFor(vault);
  await initCliVault(vault);
  keyId = await addCliKey(
    vault,
    [
      '--platform',
      'knouds',
      '--name',
      c.name,
      '--account',
      c.account,
      '--owner',
      c.owner,
      '--notes',
      c.notes,
      '--deployed-to',
      c.deployed,
      '--purpose',
      c.purpose,
      '--expires',
      dayFromToday(10),
      '--rotate-every',
      '90',
      '--created',
      dayFromToday(-30),
    ],
    c.secret,
  );
  hint = (
    JSON.parse((await runCli(['show', keyId, '--json'], { vault })).stdout) as {
      hint: string;
    }
  ).hint;
  expect(hint).toContain(c.secret.slice(-4)); // sanity: the hint does carry the secret's tail
});

afterAll(() => dir.cleanup());

describe('the locked-state schedule file', () => {
  it('is written beside the vault, private to the user, with ids, dates and severities only', async () => {
    expect(schedule).toBe(`${vault}.schedule.json`);
    expect(statSync(schedule).mode & 0o777).toBe(0o600);
    const s = read();
    expect(s.version).toBe(1);
    expect(s.entries.length).toBeGreaterThan(0);
    expect(s.entries.every((e) => e.keyId === keyId && e.name === undefined)).toBe(true);
    expect(new Set(s.entries.map((e) => e.kind))).toEqual(new Set(['expiring', 'expired', 'rotation-due']));
    for (const e of s.entries) expect(Object.keys(e).sort()).toEqual(['date', 'keyId', 'kind', 'severity']);
  });

  it('holds no secret, hint, name, account, owner, note, purpose or deployment by default (canary search)', () => {
    expect(scan([schedule], needles(['secret', 'name', 'account', 'owner', 'notes', 'deployed', 'purpose']))).toEqual(
      [],
    );
  });

  it('names keys only after the user opts in, and still nothing else', async () => {
    const v = await unlockVault(vault, CLI_PASSWORD);
    const s = createSession(v, { clock: systemClock });
    s.alerts.setScheduleNames(true);
    s.lock();
    // Any later unlock by the CLI rewrites the schedule with the saved choice.
    expect((await runCli(['list'], { vault })).code).toBe(0);
    const entries = read().entries;
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.every((e) => e.name === c.name)).toBe(true);
    expect(scan([schedule], needles(['secret', 'account', 'owner', 'notes', 'deployed', 'purpose']))).toEqual([]);

    const off = createSession(await unlockVault(vault, CLI_PASSWORD), {
      clock: systemClock,
    });
    off.alerts.setScheduleNames(false);
    off.alerts.writeSchedule();
    off.lock();
    expect(scan([schedule], needles(['name']))).toEqual([]);
  });
});
