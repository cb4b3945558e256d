import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../../src-main/core/alerts/alert.types.js';
import { ALERT_RULES } from '../../../src-main/core/alerts/alert.types.js';
import {
  KEYWARD_INFORMATION_URI,
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

type SarifRule = {
  id: string;
  name: string;
  shortDescription: { text: string };
  fullDescription: { text: string };
  help: { text: string };
};
type SarifLog = { runs: { tool: { driver: Record<string, unknown> & { rules: SarifRule[] } } }[] };

describe('SARIF rule metadata and tool information (what GitHub code scanning shows)', () => {
  const log = JSON.parse(formatSarif(alerts, { version: '0.1.0' })) as SarifLog;
  const driver = log.runs[0]?.tool.driver;

  it('gives every rule a readable PascalCase name unlike any id, a full description and help', () => {
    const rules = driver?.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual([...ALERT_RULES]);
    const ids = new Set<string>(ALERT_RULES);
    for (const r of rules) {
      expect(r.name, r.id).toMatch(/^[A-Z][a-z]+(?:[A-Z][a-z]+)+$/);
      expect(ids.has(r.name), r.name).toBe(false);
      for (const text of [r.shortDescription.text, r.fullDescription.text, r.help.text]) {
        expect(text.length, r.id).toBeGreaterThan(20);
        expect(text, r.id).toMatch(/\.$/);
      }
      expect(r.fullDescription.text).not.toBe(r.shortDescription.text);
      expect(r.help.text).toMatch(/keyward /);
    }
    expect(new Set(rules.map((r) => r.name)).size).toBe(rules.length);
  });

  it('names the tool with a version, a semantic version and an absolute information URI', () => {
    expect(driver).toMatchObject({ name: 'Keyward', version: '0.1.0', semanticVersion: '0.1.0' });
    expect(driver?.informationUri).toBe(KEYWARD_INFORMATION_URI);
    expect(new URL(KEYWARD_INFORMATION_URI).protocol).toBe('https:');
    // The project's one address: package.json's homepage (the Linux packages' Homepage field too).
    const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
      homepage?: string;
    };
    expect(KEYWARD_INFORMATION_URI).toBe(pkg.homepage);
    expect(KEYWARD_INFORMATION_URI).not.toMatch(/github\.com\/keyward\/keyward|example/);
  });
});

// Microsoft's SARIF Multitool (npm @microsoft/sarif-multitool-linux, a self-contained .NET
// program): from $KEYWARD_SARIF_MULTITOOL, else node_modules. Its package ships the
// SARIF 2.1.0 JSON schema (sarif-2.1.0.json), which Ajv (draft 2020-12) checks the log against.
const require = createRequire(import.meta.url);
function findMultitool(): string | null {
  const given = process.env.KEYWARD_SARIF_MULTITOOL;
  if (given) return existsSync(given) ? given : null;
  try {
    const pkg = require.resolve('@microsoft/sarif-multitool-linux/package.json');
    const bin = join(dirname(pkg), 'Sarif.Multitool');
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}
const multitool = findMultitool();
const resolves = (id: string) => {
  try {
    return require.resolve(id);
  } catch {
    return null;
  }
};
const ajv2020 = resolves('ajv/dist/2020.js');
const schemaPath = multitool ? join(dirname(multitool), 'sarif-2.1.0.json') : null;
const NO_MULTITOOL =
  'SARIF Multitool not found: set KEYWARD_SARIF_MULTITOOL to the Sarif.Multitool binary of npm @microsoft/sarif-multitool-linux to run';
if (!multitool) console.warn(`${NO_MULTITOOL} the validator tests (the field checks above still ran).`);

/** The Multitool's errors and warnings for this log (notes are suggestions, left out). */
function multitoolFindings(tool: string, sarif: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'keyward-sarif-'));
  try {
    const input = join(dir, 'keyward.sarif');
    const output = join(dir, 'validation.sarif');
    writeFileSync(input, sarif);
    const r = spawnSync(
      tool,
      ['validate', input, '-o', output, '--log', 'ForceOverwrite', '--level', 'Error;Warning'],
      {
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const report = JSON.parse(readFileSync(output, 'utf8')) as {
      runs: { results?: { ruleId: string; level?: string; message: { text?: string } }[] }[];
    };
    return (report.runs[0]?.results ?? []).map((x) => `${x.ruleId} ${x.level ?? ''}: ${x.message.text ?? ''}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('SARIF validated by independent tools', () => {
  const sarif = formatSarif(alerts, { version: '0.1.0' });

  it.skipIf(multitool === null)('Microsoft SARIF Multitool validate: no error and no warning', () => {
    expect(multitoolFindings(multitool as string, sarif)).toEqual([]);
    // The validator does report: a rule named like its id and a tool without a URI are warned about.
    const bad = JSON.parse(sarif) as SarifLog;
    const rule = bad.runs[0]?.tool.driver.rules[0] as SarifRule;
    rule.name = rule.id;
    delete bad.runs[0]?.tool.driver.informationUri;
    const found = multitoolFindings(multitool as string, JSON.stringify(bad));
    expect(found.some((f) => f.startsWith('SARIF1001'))).toBe(true);
    expect(found.some((f) => f.startsWith('SARIF2005'))).toBe(true);
  });

  it.skipIf(schemaPath === null || !existsSync(schemaPath) || ajv2020 === null)(
    'matches the SARIF 2.1.0 JSON schema shipped with the Multitool (Ajv, draft 2020-12)',
    () => {
      const { default: Ajv2020 } = require(ajv2020 as string) as {
        default: new (o: object) => {
          compile: (s: object) => ((d: unknown) => boolean) & { errors?: unknown[] | null };
        };
      };
      const schema = JSON.parse(readFileSync(schemaPath as string, 'utf8')) as object;
      const validate = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).compile(schema);
      expect(validate(JSON.parse(sarif)), JSON.stringify(validate.errors)).toBe(true);
      const broken = JSON.parse(sarif) as { runs: { results: Record<string, unknown>[] }[] };
      (broken.runs[0]?.results[0] as Record<string, unknown>).level = 'critical';
      expect(validate(broken)).toBe(false);
    },
  );
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
  // A second JUnit reader, written for JUnit files (Debian's python3-junitparser).
  const junitparser = findPython('junitparser');
  if (junitparser === null)
    console.warn(
      'python3-junitparser not installed (apt-get install python3-junitparser): its JUnit check is skipped.',
    );
  it.skipIf(junitparser === null)('reads the same with junitparser: counts, cases, failure and output', () => {
    const script = `
import sys, json
from junitparser import JUnitXml, Failure
xml = JUnitXml.fromstring(sys.stdin.buffer.read())
suites = []
for suite in xml:
    cases = [{'name': c.name, 'classname': c.classname, 'passed': c.is_passed,
              'failures': [[r.type, r.message, r.text] for r in c.result if isinstance(r, Failure)],
              'out': c.system_out} for c in suite]
    suites.append({'name': suite.name, 'tests': suite.tests, 'failures': suite.failures, 'errors': suite.errors,
                   'skipped': suite.skipped, 'cases': cases})
print(json.dumps({'tests': xml.tests, 'failures': xml.failures, 'suites': suites}))
`;
    const parsed = JSON.parse(runPython(junitparser ?? 'python3', script, xml)) as {
      tests: number;
      failures: number;
      suites: {
        name: string;
        tests: number;
        failures: number;
        errors: number;
        skipped: number;
        cases: { name: string; classname: string; passed: boolean; failures: string[][]; out: string | null }[];
      }[];
    };
    expect(parsed).toMatchObject({ tests: 3, failures: 1 });
    expect(parsed.suites).toHaveLength(1);
    const suite = parsed.suites[0];
    expect(suite).toMatchObject({ name: 'keyward check', tests: 3, failures: 1, errors: 0, skipped: 0 });
    expect(suite?.cases.map((c) => [c.name, c.classname, c.passed])).toEqual([
      ['Alpha (a)', 'keyward.kaana', true],
      ['B <&> "q" \'s\uFFFD[31m (b)', 'keyward.kubiya', false],
      ['Clean (c)', 'keyward.kai', true],
    ]);
    expect(suite?.cases[0]?.out).toBe('[info] expiring: Expires in 20 days.');
    expect(suite?.cases[1]?.failures).toEqual([
      [
        'verify-failed',
        '2 alerts; first: Refused (401) & <gone>.',
        '[critical] verify-failed: Refused (401) & <gone>.\n[warning] unused: Last used 100 days ago.',
      ],
    ]);
  });
});
