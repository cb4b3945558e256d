// Issue 4, "Done when": `keyward check` exits 1 on a vault with an expiring key and 0
// after it is rotated (rotation finished, old key revoked); its SARIF and JUnit
// reports parse; the .ics file parses with an independent parser (Python icalendar).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { dayFromToday } from '../../helpers/session-vault.js';
import { tempDir } from '../../helpers/temp-vault.js';

const PYTHON = '/usr/bin/python3';
type CheckJson = {
  summary: { exitCode: number };
  alerts: { id: string; rule: string; severity: string; keyId: string }[];
};

let dir: { dir: string; cleanup: () => void };
let vault: string;
let kognitos: SimulatorHandle;
let oldValue: string;
let oldId: string;
let steadyId: string;

const python = (code: string, ...args: string[]) => spawnSync(PYTHON, ['-c', code, ...args], { encoding: 'utf8' });
const hasIcalendar = existsSync(PYTHON) && python('import icalendar').status === 0;

const ICS_READER = `
import json, sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
events = []
for ev in cal.walk('VEVENT'):
    events.append({'uid': str(ev.get('UID')), 'summary': str(ev.get('SUMMARY')), 'start': ev.decoded('DTSTART').isoformat()[:10],
                   'alarms': len(ev.walk('VALARM'))})
print(json.dumps({'version': str(cal.get('VERSION')), 'prodid': str(cal.get('PRODID')), 'events': events}))
`;

beforeAll(async () => {
  dir = tempDir('keyward-check-');
  vault = join(dir.dir, 'vault.db');
  kognitos = await startSimulator('kognitos');
  await initCliVault(vault);
  oldValue = kognitos.addKey({ account: 'org-billing' }).value;
  oldId = await addCliKey(
    vault,
    [
      '--platform',
      'kognitos',
      '--name',
      'Billing export',
      '--account',
      'org-billing',
      '--base-url',
      kognitos.baseUrl,
      '--expires',
      dayFromToday(5),
      '--last-used',
      dayFromToday(0),
      '--deployed-to',
      'CI secret BILLING_KEY',
    ],
    oldValue,
  );
  // A key in good order alongside, so "0" means "no alert", not "no key".
  steadyId = await addCliKey(
    vault,
    [
      '--platform',
      'kognitos',
      '--name',
      'Steady',
      '--account',
      'org-steady',
      '--base-url',
      kognitos.baseUrl,
      '--expires',
      dayFromToday(200),
      '--last-used',
      dayFromToday(0),
    ],
    kognitos.addKey({ account: 'org-steady' }).value,
  );
});

afterAll(async () => {
  await kognitos.close();
  dir.cleanup();
});

describe('keyward check on an expiring key, before and after its rotation', () => {
  it('exits 1 while a key expires within 7 days', async () => {
    const text = await runCli(['check'], { vault });
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Billing export');
    const j = await runCli(['check', '--json'], { vault });
    expect(j.code).toBe(1);
    const parsed = JSON.parse(j.stdout) as CheckJson;
    expect(parsed.summary.exitCode).toBe(1);
    expect(parsed.alerts.map((a) => `${a.rule} ${a.severity} ${a.keyId}`)).toEqual([`expiring warning ${oldId}`]);
  });

  it('writes SARIF that JSON.parse reads and JUnit that Python xml.etree reads', async () => {
    const sarif = await runCli(['check', '--format', 'sarif'], { vault });
    expect(sarif.code).toBe(1);
    const doc = JSON.parse(sarif.stdout) as {
      version: string;
      runs: {
        tool: { driver: { name: string } };
        results: { ruleId: string; level: string }[];
      }[];
    };
    expect(doc.version).toBe('2.1.0');
    expect(doc.runs[0]?.results).toEqual([expect.objectContaining({ ruleId: 'expiring', level: 'warning' })]);

    const junit = await runCli(['check', '--format', 'junit'], { vault });
    expect(junit.code).toBe(1);
    const xml = python(
      `import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.argv[1])
suite = root.find('testsuite')
print(json.dumps({'tag': root.tag, 'tests': suite.get('tests'), 'failures': suite.get('failures'), 'cases': [c.get('name') for c in suite.iter('testcase')], 'failed': [c.get('name') for c in suite.iter('testcase') if c.find('failure') is not None]}))`,
      junit.stdout,
    );
    expect(xml.status, xml.stderr).toBe(0);
    const parsed = JSON.parse(xml.stdout) as {
      tag: string;
      tests: string;
      failures: string;
      cases: string[];
      failed: string[];
    };
    expect(parsed).toMatchObject({
      tag: 'testsuites',
      tests: '2',
      failures: '1',
    });
    expect(parsed.failed.join(' ')).toContain('Billing export');
  });

  it.skipIf(!hasIcalendar)(
    'writes an .ics file that Python icalendar parses, with an event and alarm per expiry',
    async () => {
      const out = join(dir.dir, 'keys.ics');
      const r = await runCli(['calendar', '--out', out], { vault });
      expect(r.code, r.stderr).toBe(0);
      const p = python(ICS_READER, out);
      expect(p.status, p.stderr).toBe(0);
      const cal = JSON.parse(p.stdout) as {
        version: string;
        prodid: string;
        events: {
          uid: string;
          summary: string;
          start: string;
          alarms: number;
        }[];
      };
      expect(cal.version).toBe('2.0');
      expect(cal.prodid).toContain('Keyward');
      expect(new Set(cal.events.map((e) => e.uid)).size).toBe(cal.events.length);
      const billing = cal.events.filter((e) => e.summary.includes('Billing export'));
      expect(billing.map((e) => e.start)).toContain(dayFromToday(5));
      expect(billing.every((e) => e.alarms > 0)).toBe(true);
      expect(cal.events.map((e) => e.uid)).toContain(`${oldId}-expiry@keyward`);
      expect(readFileSync(out, 'utf8')).not.toContain(oldValue);
    },
  );

  it('exits 0 once the key is rotated: new key with a later expiry, old key confirmed dead and revoked', async () => {
    const newValue = kognitos.addKey({ account: 'org-billing' }).value;
    const first = await runCli(['rotate', oldId, '--expires-in', '90'], {
      vault,
      input: `${newValue}\n`,
    });
    expect(first.code, first.stderr).toBe(0);
    // Mid-rotation the old key still expires in 5 days: CI keeps failing until the rotation is done.
    expect((await runCli(['check'], { vault })).code).toBe(1);
    const deployed = await runCli(['rotate', oldId, '--deployed'], { vault });
    expect(deployed.code, deployed.stderr).toBe(0);
    kognitos.revokeKey(oldValue);
    const done = await runCli(['rotate', oldId, '--revoked'], { vault });
    expect(done.code, done.stderr).toBe(0);

    const j = await runCli(['check', '--json'], { vault });
    const parsed = JSON.parse(j.stdout) as CheckJson;
    expect(parsed.alerts).toEqual([]); // neither the revoked old key nor the new one, nor the steady one
    expect(j.code).toBe(0);
    expect((await runCli(['check'], { vault })).code).toBe(0);
    // Even with --all (snoozed and acknowledged alerts included) nothing stands.
    expect((await runCli(['check', '--all', '--json'], { vault })).code).toBe(0);
    const keys = (
      JSON.parse((await runCli(['list', '--json'], { vault })).stdout) as {
        keys: { id: string; status: string; expiresAt: string; name: string }[];
      }
    ).keys;
    expect(keys.find((k) => k.id === oldId)?.status).toBe('revoked');
    expect(keys.filter((k) => k.name === 'Billing export')).toEqual([
      expect.objectContaining({
        status: 'active',
        expiresAt: dayFromToday(90),
      }),
    ]);
    expect(keys.find((k) => k.id === steadyId)?.status).toBe('active');
  });

  it.skipIf(!hasIcalendar)('drops the revoked key from the calendar and lists the new expiry', async () => {
    const out = join(dir.dir, 'after.ics');
    expect((await runCli(['calendar', '--out', out], { vault })).code).toBe(0);
    const cal = JSON.parse(python(ICS_READER, out).stdout) as {
      events: { summary: string; start: string; uid: string }[];
    };
    const starts = cal.events.filter((e) => e.summary.includes('Billing export')).map((e) => e.start);
    expect(starts).not.toContain(dayFromToday(5));
    expect(starts).toContain(dayFromToday(90));
    expect(cal.events.some((e) => e.uid.includes(oldId))).toBe(false);
  });
});
