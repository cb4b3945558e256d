// Issue 15 through the real CLI (subprocesses): `keyward check` groups by key, state first, and
// counts keys needing action with the same number as alerts.attention; `--by alert` keeps the
// one-line-per-alert form; `list` orders by state then expiry, `--needs-action` keeps only
// act now and due soon, and the status column tells the truth.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../../src-main/core/app/session.js';
import { systemClock } from '../../../src-main/core/ports/clock.port.js';
import { unlockVault } from '../../../src-main/core/vault/vault.js';
import { CLI_PASSWORD, addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { dayFromToday } from '../../helpers/session-vault.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: { dir: string; cleanup: () => void };
let vault: string;
const ids: Record<string, string> = {};
const cli = (args: string[]) => runCli(args, { vault });

beforeAll(async () => {
  dir = tempDir('keyward-cli-attention-');
  vault = join(dir.dir, 'vault.db');
  await initCliVault(vault);
  const add = async (name: string, flags: string[]) => {
    ids[name] = await addCliKey(
      vault,
      [
        '--platform',
        'custom',
        '--name',
        name,
        ...(flags.includes('--last-used') ? [] : ['--last-used', dayFromToday(-1)]),
        ...flags,
      ],
      `secret_${name.replace(/\W/g, '')}_0123456789abcdef`,
    );
  };
  // Three alerts on one key: expired-active, expired-deployed, and never verified.
  await add('Zulu expired', ['--expires', dayFromToday(-12), '--deployed-to', 'ci']);
  await add('Alpha soon', ['--expires', dayFromToday(3)]);
  await add('Mike later', ['--expires', dayFromToday(200)]);
  await add('Bravo stale', ['--last-used', dayFromToday(-200)]);
});
afterAll(() => dir.cleanup());

async function coreSummary() {
  const v = await unlockVault(vault, CLI_PASSWORD);
  try {
    return createSession(v, { clock: systemClock, writeSchedule: false }).alerts.summary();
  } finally {
    v.lock();
  }
}

describe('keyward check by key', () => {
  it('prints one line per key, state first, reasons inside, and the keys-needing-action line', async () => {
    const r = await cli(['check']);
    expect(r.code, r.stderr).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATE\s+KEY\s+PLATFORM\s+ACTION\s+REASONS$/);
    const rows = lines.slice(1, lines.indexOf(''));
    expect(rows.map((l) => l.split(/\s{2,}/)[1])).toEqual(['Zulu expired', 'Alpha soon', 'Bravo stale', 'Mike later']);
    expect(rows[0]).toMatch(
      /^ACT NOW\s+Zulu expired\s+custom\s+rotate\s+Expired on \d{4}-\d{2}-\d{2} \(12 days ago\) and still in use: rotate it\..*\(\+ expired, still deployed; never verified\)$/,
    );
    // Reasons read as words, never as rule ids.
    for (const row of rows)
      expect(row).not.toMatch(/\b(expired-active|expired-deployed|never-verified|no-expiry|never-used|rotation-due)\b/);
    // The summary counts the keys the rows list, by state.
    const byState = (w: string) => rows.filter((l) => l.startsWith(w)).length;
    expect([byState('ACT NOW'), byState('DUE SOON'), byState('HOUSEKEEPING')]).toEqual([1, 1, 2]);
    expect(rows[1]).toMatch(/^DUE SOON\s+Alpha soon/);
    expect(rows[2]).toMatch(/^HOUSEKEEPING\s+Bravo stale\s+custom\s+revoke/);
    expect(r.stdout).toContain('2 keys need action (1 act now, 1 due soon); 2 housekeeping, 0 fine.');
    expect((await coreSummary()).needsAction).toBe(2);
  });

  it('--by alert keeps one line per alert', async () => {
    const r = await cli(['check', '--by', 'alert']);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n')[0]).toMatch(/^SEVERITY\s+KEY\s+PLATFORM\s+RULE/);
    expect(r.stdout.split('\n').filter((l) => l.includes('Zulu expired'))).toHaveLength(2);
    expect((await cli(['check', '--by', 'rule'])).code).toBe(2);
  });

  it('JSON, SARIF and JUnit carry the state and the reasons, with the same count of keys', async () => {
    const j = await cli(['check', '--format', 'json']);
    expect(j.code).toBe(1);
    const doc = JSON.parse(j.stdout) as {
      summary: { exitCode: number; keys: { needsAction: number; actNow: number } };
      alerts: { rule: string; keyId: string; state: string; keyState: string }[];
      keys: { keyId: string; state: string; action: string; reasons: { kind: string }[] }[];
    };
    expect(doc.summary).toMatchObject({
      exitCode: 1,
      keys: { needsAction: (await coreSummary()).needsAction, actNow: 1 },
    });
    expect(doc.keys.map((k) => [k.keyId, k.state])).toEqual([
      [ids['Zulu expired'], 'act-now'],
      [ids['Alpha soon'], 'due-soon'],
      [ids['Bravo stale'], 'housekeeping'],
      [ids['Mike later'], 'housekeeping'],
    ]);
    expect(doc.keys[0]?.reasons.map((r) => r.kind)).toEqual(['expired-active', 'expired-deployed', 'never-verified']);
    expect(doc.alerts.find((a) => a.rule === 'expiring')).toMatchObject({ state: 'due-soon', keyState: 'due-soon' });

    const sarif = JSON.parse((await cli(['check', '--format', 'sarif'])).stdout) as {
      runs: { results: { ruleId: string; properties: { state: string; keyState: string; keyReasons: string[] } }[] }[];
    };
    const expired = sarif.runs[0]?.results.find((r) => r.ruleId === 'expired-deployed');
    expect(expired?.properties).toMatchObject({ state: 'act-now', keyState: 'act-now' });
    expect(expired?.properties.keyReasons).toContain('expired-active');

    const junit = (await cli(['check', '--format', 'junit'])).stdout;
    expect(junit).toContain('<property name="state" value="act-now"/>');
    expect(junit).toContain('<property name="reasons" value="expired-active, expired-deployed, never-verified"/>');
  });
});

describe('keyward list by state', () => {
  const names = async (...args: string[]) =>
    (
      JSON.parse((await cli(['list', ...args, '--format', 'json', '--fields', 'name,state'])).stdout) as {
        name: string;
        state: string;
      }[]
    ).map((k) => `${k.state} ${k.name}`);

  it('orders by state then expiry by default, and the status tells the truth', async () => {
    expect(await names()).toEqual([
      'act-now Zulu expired',
      'due-soon Alpha soon',
      'housekeeping Mike later',
      'housekeeping Bravo stale',
    ]);
    const table = await cli(['list']);
    const first = table.stdout.split('\n')[1] ?? '';
    expect(first).toMatch(/^act-now\s+\S+\s+custom\s+Zulu expired/);
    expect(first).toMatch(/\sexpired\s/);
    expect(first).not.toMatch(/\sactive\s/);
  });

  it('--needs-action keeps act now and due soon, --sort state:desc and name still work', async () => {
    expect(await names('--needs-action')).toEqual(['act-now Zulu expired', 'due-soon Alpha soon']);
    expect((await names('--sort', 'state:desc'))[0]).toMatch(/^housekeeping/);
    expect(await names('--sort', 'name')).toEqual([
      'due-soon Alpha soon',
      'housekeeping Bravo stale',
      'housekeeping Mike later',
      'act-now Zulu expired',
    ]);
  });
});

describe('keyward list tells the same status in every form', () => {
  it('--fields status, csv and json print the truthful status and carry state and reasons', async () => {
    const t = await cli(['list', '--fields', 'state,name,status']);
    const zulu = t.stdout.split('\n').find((l) => l.includes('Zulu expired')) ?? '';
    expect(zulu).toMatch(/^act-now\s+Zulu expired\s+expired$/);

    const j = await cli(['list', '--format', 'json']);
    const rows = JSON.parse(j.stdout) as {
      name: string;
      status: string;
      state: string;
      reasons: { kind: string; message: string }[];
    }[];
    const z = rows.find((r) => r.name === 'Zulu expired');
    expect(z).toMatchObject({ status: 'expired', state: 'act-now' });
    expect(z?.reasons.map((r) => r.kind)).toEqual(['expired-active', 'expired-deployed', 'never-verified']);
    expect(z?.reasons[0]?.message).toMatch(/Expired/);
    const na = JSON.parse((await cli(['list', '--needs-action', '--format', 'json'])).stdout) as { status: string }[];
    expect(na.map((r) => r.status)).toEqual(['expired', 'active']);

    const csv = (await cli(['list', '--format', 'csv'])).stdout.split('\n');
    expect(csv[0]).toMatch(/^state,.*,status,.*reasons$/);
    const zc = csv.find((l) => l.includes('Zulu expired')) ?? '';
    expect(zc).toMatch(/^act-now,/);
    expect(zc).toContain(',expired,');
    expect(zc).not.toContain(',active,');
  });

  it('list --json and show say what the app shows too: the recorded status beside the shown one, state, reasons', async () => {
    const doc = JSON.parse((await cli(['list', '--json'])).stdout) as {
      keys: { name: string; status: string; statusShown: string; state: string; reasons: { kind: string }[] }[];
    };
    const z = doc.keys.find((k) => k.name === 'Zulu expired');
    expect(z).toMatchObject({ status: 'active', statusShown: 'expired', state: 'act-now' });
    expect(z?.reasons[0]?.kind).toBe('expired-active');
    const shown = await cli(['show', 'Zulu expired']);
    expect(shown.stdout).toMatch(/^status:\s+expired \(recorded as active\)$/m);
    expect(shown.stdout).toMatch(/^state:\s+act now: Expired on/m);
    const sj = JSON.parse((await cli(['show', 'Zulu expired', '--json'])).stdout) as {
      statusShown: string;
      state: string;
    };
    expect(sj).toMatchObject({ statusShown: 'expired', state: 'act-now' });
  });

  it('--status filters on the status the table shows', async () => {
    const r = await cli(['list', '--status', 'expired']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('Zulu expired');
    expect(r.stdout).not.toContain('Alpha soon');
    const a = await cli(['list', '--status', 'active', '--format', 'json', '--fields', 'name']);
    expect((JSON.parse(a.stdout) as { name: string }[]).map((k) => k.name)).not.toContain('Zulu expired');
    expect((await cli(['list', '--status', 'refused'])).code).toBe(0);
  });
});

describe('keyward alerts snooze twice', () => {
  it('a second snooze that shortens the first says so, with both dates', async () => {
    const listed = JSON.parse((await cli(['alerts', 'list', '--json'])).stdout) as unknown;
    const all = (Array.isArray(listed) ? listed : (listed as { alerts: unknown[] }).alerts) as {
      id: string;
      keyName: string;
    }[];
    const id = all.find((a) => a.keyName === 'Alpha soon')?.id ?? '';
    expect(id).not.toBe('');
    const late = dayFromToday(30);
    const early = dayFromToday(10);
    expect((await cli(['alerts', 'snooze', id, '--until', late])).code).toBe(0);
    const r = await cli(['alerts', 'snooze', id, '--until', early]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`shortens the snooze until ${late} to ${early}`);
    const again = await cli(['alerts', 'snooze', id, '--until', late]);
    expect(again.stderr).not.toContain('shortens');
    await cli(['alerts', 'reopen', id]);
  });
});

describe('keyward check fails a CI job on keys needing action, not on housekeeping', () => {
  it('exit code, JSON exitCode, JUnit failures and SARIF levels follow the key states', async () => {
    // On the vault above: two keys need action (act now, due soon), two are housekeeping.
    const junit = (await cli(['check', '--format', 'junit'])).stdout;
    expect(junit).toMatch(/<testsuite name="keyward check" tests="4" failures="2"/);
    const stale = junit.slice(junit.indexOf('Bravo stale'), junit.indexOf('</testcase>', junit.indexOf('Bravo stale')));
    expect(stale).not.toContain('<failure');
    expect(stale).toContain('<system-out>');
    const sarif = JSON.parse((await cli(['check', '--format', 'sarif'])).stdout) as {
      runs: { results: { ruleId: string; level: string; properties: { state: string } }[] }[];
    };
    for (const r of sarif.runs[0]?.results ?? [])
      expect([r.ruleId, r.level]).toEqual([
        r.ruleId,
        { 'act-now': 'error', 'due-soon': 'warning', housekeeping: 'note' }[r.properties.state],
      ]);

    // A vault with housekeeping only: nothing needs action, so check passes in every format.
    const quiet = join(dir.dir, 'quiet.db');
    await initCliVault(quiet);
    await addCliKey(
      quiet,
      ['--platform', 'custom', '--name', 'Old but fine', '--last-used', dayFromToday(-200)],
      'secret_quiet_0123456789abcdef',
    );
    const q = (args: string[]) => runCli(args, { vault: quiet });
    const text = await q(['check']);
    expect(text.stdout).toMatch(/0 keys need action/);
    expect(text.code, text.stdout).toBe(0);
    expect((await q(['check', '--by', 'alert'])).code).toBe(0);
    const j = await q(['check', '--format', 'json']);
    expect([j.code, (JSON.parse(j.stdout) as { summary: { exitCode: number } }).summary.exitCode]).toEqual([0, 0]);
    const ju = await q(['check', '--format', 'junit']);
    expect(ju.code).toBe(0);
    expect(ju.stdout).toMatch(/failures="0"/);
    expect((await q(['check', '--format', 'sarif'])).code).toBe(0);
  });
});

describe('exports tell the status the app shows, with the state', () => {
  it('JSON, CSV, Markdown and HTML carry the shown status and state; an expired key is never written as active alone', async () => {
    const { readFileSync } = await import('node:fs');
    const out = (ext: string) => join(dir.dir, `export-shown.${ext}`);
    for (const ext of ['json', 'csv', 'md', 'html']) {
      const r = await cli(['export', '--format', ext, '--out', out(ext), '--force']);
      expect(r.code, r.stderr).toBe(0);
    }
    const doc = JSON.parse(readFileSync(out('json'), 'utf8')) as {
      keys: { id: string; status: string; statusShown: string; state: string; reasons: { kind: string }[] }[];
    };
    const zulu = doc.keys.find((k) => k.id === ids['Zulu expired']);
    expect(zulu).toMatchObject({ status: 'active', statusShown: 'expired', state: 'act-now' });
    expect(zulu?.reasons.map((r) => r.kind)).toEqual(['expired-active', 'expired-deployed', 'never-verified']);
    expect(doc.keys.find((k) => k.id === ids['Alpha soon'])).toMatchObject({
      statusShown: 'active',
      state: 'due-soon',
    });

    const csv = readFileSync(out('csv'), 'utf8').split('\r\n');
    const header = (csv[0] ?? '').split(',');
    const zuluRow = csv.find((l) => l.startsWith(ids['Zulu expired'] ?? '-')) ?? '';
    expect(header.slice(-3)).toEqual(['status_shown', 'state', 'reasons']);
    expect(zuluRow).toContain(',active,');
    expect(zuluRow).toMatch(/,expired,act-now,"?expired-active/);

    const md = readFileSync(out('md'), 'utf8');
    const mdRow = md.split('\n').find((l) => l.startsWith('| Act now | Zulu expired |')) ?? '';
    expect(mdRow).toMatch(/\| Act now \|/);
    expect(mdRow).toMatch(/\| expired \|/);
    expect(mdRow).not.toMatch(/\| active \|/);
    expect(md).toContain('- **Need action:** 2 (act now or due soon)');
    expect(md).toMatch(/By status:[^\n]*expired 1/);
    const html = readFileSync(out('html'), 'utf8');
    expect(html).toMatch(/<div class="n">2<\/div><div class="l">need action<\/div>/);
    const htmlRow = html.split('\n').find((l) => l.includes('Zulu') && l.includes('class="st-')) ?? '';
    expect(htmlRow).toMatch(/class="st-expired">expired <span class="state state-act-now">Act now<\/span>/);

    // Read back: inspect and import take the new export as they took the old one.
    const inspect = await cli(['inspect', out('csv'), 'list', '--json']);
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(
      (JSON.parse(inspect.stdout) as { keys: { statusShown: string }[] }).keys.map((k) => k.statusShown),
    ).toContain('expired');
    expect((await cli(['inspect', out('json'), 'check'])).code).toBe(1);
    // The app's File → Open inventory view gives each key its state and the status it would show.
    const { openInventoryView } = await import('../../../src-main/core/transfer/inspect.js');
    for (const file of [out('json'), out('csv')]) {
      const view = openInventoryView(file, new Date());
      expect(
        view.keys.find((k) => k.id === ids['Zulu expired']),
        file,
      ).toMatchObject({
        status: 'active',
        statusTruth: 'expired',
        attention: { state: 'act-now' },
      });
    }
    // Its table tells the same status as keyward list: the expired key reads expired, not active.
    for (const file of [out('json'), out('csv')]) {
      const table = await cli(['inspect', file, 'list']);
      const row = table.stdout.split('\n').find((l) => l.includes('Zulu expired')) ?? '';
      expect(row, file).toMatch(/\bexpired\b/);
      expect(row, file).not.toMatch(/\bactive\b/);
    }
  });
});

describe('keyward check never prints a secret pasted into a name', () => {
  it('text, JSON, SARIF and JUnit write it as [redacted], as the exports do', async () => {
    const zuluSecret = 'secret_Zuluexpired_0123456789abcdef';
    await addCliKey(
      vault,
      ['--platform', 'custom', '--name', `copy ${zuluSecret} here`, '--expires', dayFromToday(2)],
      'secret_leakyname_0123456789abcdef',
    );
    for (const format of ['text', 'json', 'sarif', 'junit']) {
      const r = await cli(['check', '--format', format]);
      expect(r.stdout + r.stderr, format).not.toContain(zuluSecret);
      expect(r.stdout, format).toContain('[redacted]');
    }
  });
});

describe('an export tells what inspect of it tells, snoozes or not', () => {
  it('a snoozed key is exported with the state its records give it, as the reports list every alert', async () => {
    const { readFileSync } = await import('node:fs');
    const listed = JSON.parse((await cli(['alerts', 'list', '--json'])).stdout) as unknown;
    const all = (Array.isArray(listed) ? listed : (listed as { alerts: unknown[] }).alerts) as {
      id: string;
      keyName: string;
    }[];
    const id = all.find((a) => a.keyName === 'Alpha soon')?.id ?? '';
    expect((await cli(['alerts', 'snooze', id, '--until', dayFromToday(20)])).code).toBe(0);
    const file = join(dir.dir, 'export-snoozed.json');
    expect((await cli(['export', '--format', 'json', '--out', file, '--force'])).code).toBe(0);
    const doc = JSON.parse(readFileSync(file, 'utf8')) as { keys: { id: string; state: string }[] };
    const inspected = JSON.parse((await cli(['inspect', file, 'list', '--json'])).stdout) as {
      keys: { id: string; state: string }[];
    };
    const alpha = ids['Alpha soon'];
    expect(doc.keys.find((k) => k.id === alpha)?.state).toBe('due-soon');
    expect(doc.keys.find((k) => k.id === alpha)?.state).toBe(inspected.keys.find((k) => k.id === alpha)?.state);
    await cli(['alerts', 'reopen', id]);
  });
});
