// The agent's own folder gone (the folder `keyward unlock` ran in, deleted since): a command
// through it does its work once and answers; the client never runs it a second time. And the
// days a command through it works out are the client's (its TZ), as without the agent.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let t: { dir: string; cleanup: () => void };
let vault: string;
let runtime: string;
const env = () => ({ XDG_RUNTIME_DIR: runtime });

beforeAll(async () => {
  t = tempDir('keyward-agent-folder-');
  vault = join(t.dir, 'vault', 'v.db');
  runtime = join(t.dir, 'run');
  mkdirSync(runtime, { mode: 0o700 });
  await initCliVault(vault);
  const start = join(t.dir, 'started-here');
  mkdirSync(start);
  const u = await runCli(['unlock', '--for', '5m'], { vault, cwd: start, env: env() });
  expect(u.code, u.stderr).toBe(0);
  rmSync(start, { recursive: true });
});
afterAll(async () => {
  await runCli(['lock'], { vault, password: null, env: env() });
  t.cleanup();
});

describe('an agent whose start folder is gone', () => {
  it('adds a key once and answers, twice in a row', async () => {
    for (const name of ['First', 'Second']) {
      const r = await runCli(['add', '--platform', 'custom', '--name', name], {
        vault,
        password: null,
        input: `custom-secret-${name}-0123456789abcdef\n`,
        env: env(),
      });
      expect(r.code, r.stderr).toBe(0);
    }
    const list = await runCli(['list', '--json'], { vault, password: null, env: env() });
    const names = (JSON.parse(list.stdout) as { keys: { name: string }[] }).keys.map((k) => k.name).sort();
    expect(names).toEqual(['First', 'Second']);
  });
});

describe('the client\u2019s time zone', () => {
  it('check says a key expires today or not by the client\u2019s day, as the same command without the agent', async () => {
    // UTC+14 and UTC-11 are always a day apart or more: the key expires today in the first only.
    const east = new Intl.DateTimeFormat('en-CA', { timeZone: 'Pacific/Kiritimati' }).format(new Date());
    const add = await runCli(['add', '--platform', 'custom', '--name', 'Zoned', '--expires', east], {
      vault,
      password: null,
      input: 'custom-secret-zoned-0123456789abcdef\n',
      env: env(),
    });
    expect(add.code, add.stderr).toBe(0);
    for (const [tz, today] of [
      ['Pacific/Kiritimati', true],
      ['Pacific/Pago_Pago', false],
      // POSIX zones, which Intl cannot name (UTC-14 is fourteen hours east), one after the other in one agent.
      ['UTC+11', false],
      ['UTC-14', true],
    ] as const) {
      const viaAgent = await runCli(['check'], { vault, password: null, env: { ...env(), TZ: tz } });
      const alone = await runCli(['check'], { vault, env: { ...env(), TZ: tz, KEYWARD_NO_AGENT: '1' } });
      const line = (out: string) => out.split('\n').find((l) => l.includes('Zoned')) ?? '';
      expect(line(viaAgent.stdout), tz).toBe(line(alone.stdout));
      expect(line(viaAgent.stdout).includes(`Expires today (${east})`), tz).toBe(today);
    }
  });
});
