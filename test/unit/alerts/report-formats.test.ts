import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-main/core/alerts/alert.types.js';
import { ALERT_RULES } from '../../../src-main/core/alerts/alert.types.js';
import {
  formatJUnit,
  formatJson,
  formatSarif,
  formatText,
  xmlEscape,
} from '../../../src-main/core/alerts/report-formats.js';
import { findPython, runPython } from '../calendar/python.js';

const alerts: Alert[] = [
  {
    id: 'expiring:a:30',
    rule: 'expiring',
    severity: 'info',
    keyId: 'a',
    keyName: 'Alpha',
    platform: 'kaana',
    reason: 'Expires in 20 days.',
    action: 'rotate',
    dueDate: '2028-03-19',
    threshold: 30,
  },
  {
    id: 'verify-failed:b',
    rule: 'verify-failed',
    severity: 'critical',
    keyId: 'b',
    keyName: 'B <&> "q" \'s\u001b[31m',
    platform: 'kubiya',
    reason: 'Refused (401) & <gone>.',
    action: 'verify',
  },
  {
    id: 'unused:b:90',
    rule: 'unused',
    severity: 'warning',
    keyId: 'b',
    keyName: 'B <&> "q" \'s\u001b[31m',
    platform: 'kubiya',
    reason: 'Last used 100 days ago.',
    action: 'revoke',
    dueDate: '2028-01-01',
    threshold: 90,
  },
];
const keys = [
  { id: 'a', name: 'Alpha', platform: 'kaana' as const },
  { id: 'b', name: 'B <&> "q" \'s\u001b[31m', platform: 'kubiya' as const },
  { id: 'c', name: 'Clean', platform: 'kai' as const },
];

describe('formatText', () => {
  it('prints a table, most severe first, with a summary, and no terminal escapes', () => {
    const text = formatText(alerts);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEVERITY\s+KEY\s+PLATFORM\s+RULE\s+DUE\s+ACTION\s+REASON$/);
    expect(lines.slice(1, 4).map((l) => l.split(/\s+/)[0])).toEqual(['critical', 'warning', 'info']);
    expect(lines.at(-1)).toBe('3 alerts: 1 critical, 1 warning, 1 info.');
    expect(text).not.toContain('\u001b');
    expect(formatText([])).toBe('No alerts.\n');
  });
});

describe('formatJson', () => {
  it('carries the alerts, a summary and the exit code', () => {
    const parsed = JSON.parse(formatJson(alerts)) as {
      version: number;
      summary: Record<string, number>;
      alerts: Alert[];
    };
    expect(parsed.summary).toEqual({ total: 3, critical: 1, warning: 1, info: 1, exitCode: 1 });
    expect(parsed.alerts).toEqual(alerts);
  });
});

describe('formatSarif', () => {
  it('has the SARIF 2.1.0 top-level fields and one result per alert', () => {
    const sarif = JSON.parse(formatSarif(alerts, { version: '0.1.0' })) as {
      $schema: string;
      version: string;
      runs: {
        tool: { driver: { name: string; version: string; rules: { id: string }[] } };
        results: Record<string, unknown>[];
      }[];
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.$schema).toMatch(/sarif-schema-2\.1\.0\.json$/);
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    expect(run?.tool.driver).toMatchObject({ name: 'Keyward', version: '0.1.0' });
    expect(run?.tool.driver.rules.map((r) => r.id)).toEqual([...ALERT_RULES]);
    expect(run?.results.map((r) => [r.ruleId, r.level])).toEqual([
      ['expiring', 'note'],
      ['verify-failed', 'error'],
      ['unused', 'warning'],
    ]);
    for (const r of run?.results ?? []) {
      expect(r.message).toEqual({ text: expect.any(String) as unknown });
      expect(run?.tool.driver.rules[r.ruleIndex as number]?.id).toBe(r.ruleId);
    }
  });
});

describe('formatJUnit', () => {
  const xml = formatJUnit(alerts, keys);

  it('escapes XML special characters and drops characters XML forbids', () => {
    expect(xmlEscape('a<b>&"c"\'\n\u0001')).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;&#10;\uFFFD');
    expect(xml).not.toContain('\u001b');
  });

  const python = findPython('xml.etree.ElementTree');
  it.skipIf(python === null)(
    'parses with python3 xml.etree: one testcase per key, failures for warning/critical',
    () => {
      const script = `
import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suite = root.find('testsuite')
cases = [{'name': c.get('name'), 'classname': c.get('classname'),
          'failures': [{'type': f.get('type'), 'message': f.get('message'), 'text': f.text} for f in c.findall('failure')],
          'out': (c.find('system-out').text if c.find('system-out') is not None else None)} for c in suite.findall('testcase')]
print(json.dumps({'tests': root.get('tests'), 'failures': root.get('failures'), 'cases': cases}))
`;
      const parsed = JSON.parse(runPython(python ?? 'python3', script, xml)) as {
        tests: string;
        failures: string;
        cases: {
          name: string;
          classname: string;
          failures: { type: string; message: string; text: string }[];
          out: string | null;
        }[];
      };
      expect(parsed.tests).toBe('3');
      expect(parsed.failures).toBe('1');
      expect(parsed.cases.map((c) => [c.name, c.classname, c.failures.length])).toEqual([
        ['Alpha (a)', 'keyward.kaana', 0],
        ['B <&> "q" \'s\uFFFD[31m (b)', 'keyward.kubiya', 1],
        ['Clean (c)', 'keyward.kai', 0],
      ]);
      expect(parsed.cases[0]?.out).toBe('[info] expiring: Expires in 20 days.');
      expect(parsed.cases[1]?.failures[0]).toEqual({
        type: 'verify-failed',
        message: '2 alerts; first: Refused (401) & <gone>.',
        text: '[critical] verify-failed: Refused (401) & <gone>.\n[warning] unused: Last used 100 days ago.',
      });
    },
  );
});
