// A key pasted where a reference, name or id belongs is never repeated in an error: `read`,
// `show`, `run --env`, an env file and a reference's field part each say what is wrong without
// the pasted text, which would otherwise land in a terminal's scrollback or a CI log.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryForms, newCanary, scanText } from '../../helpers/canary.js';
import { addCliKey, initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

const STORED = newCanary('knouds_live_ECHO');
// Never stored: a GitHub token shape and a random-looking value.
const UNSTORED =
  'ghp_' +
  newCanary('Z')
    .replace(/[^A-Za-z0-9]/g, '')
    .padEnd(36, 'q7')
    .slice(0, 36);
const RANDOMISH = 'x9Qm2LpT7vR4sW8kJ3nB6hY1';
const needles = [
  ...canaryForms(STORED, 'stored'),
  ...canaryForms(UNSTORED, 'unstored'),
  ...canaryForms(RANDOMISH, 'r'),
];
let dir: string;
let vault: string;
let cleanup = () => {};

beforeAll(async () => {
  const t = tempDir('keyward-ref-echo-');
  dir = t.dir;
  cleanup = t.cleanup;
  vault = join(dir, 'vault.db');
  await initCliVault(vault);
  await addCliKey(vault, ['--platform', 'knouds', '--name', 'Deploy bot'], STORED);
});
afterAll(() => cleanup());

describe('a pasted key is not echoed', () => {
  it('read, show and run name the mistake without the text', async () => {
    const envFile = join(dir, '.env.keyward');
    writeFileSync(envFile, `A=keyward://${STORED}\n`);
    const calls: string[][] = [
      ['read', `keyward://${STORED}`],
      ['read', STORED],
      ['show', STORED],
      ['run', '--env', `A=keyward://${STORED}`, '--', 'true'],
      ['run', '--env-file', envFile, '--', 'true'],
      ['run', '--env', `A=keyward://Deploy%20bot/${STORED}`, '--', 'true'],
      ['read', `keyward://${UNSTORED}`],
      ['show', UNSTORED],
      ['read', `keyward://Deploy%20bot/${RANDOMISH}`],
      ['show', RANDOMISH],
      ['show', STORED, '--json'],
      // Elsewhere on the command line: the error's last guard withholds it too.
      ['alerts', 'ack', STORED],
      ['checklist', 'show', STORED],
      ['list', '--sort', STORED],
      ['list', '--fields', STORED],
      [STORED],
      ['list', `--${STORED}`],
    ];
    for (const args of calls) {
      const r = await runCli(args, { vault });
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.stderr.length + r.stdout.length, args.join(' ')).toBeGreaterThan(0);
      expect(scanText(r.stdout + r.stderr, needles), `${args[0]}: ${r.stderr}`).toEqual([]);
    }
  });

  it('a stored key pasted as a name says whose secret it is, so the user can name that key', async () => {
    const r = await runCli(['read', `keyward://${STORED}`], { vault });
    expect(r.stderr).toContain('Deploy bot');
    expect(r.stderr).toMatch(/secret/i);
  });

  it('a key pasted as a name is refused (add, a rename, the team name), never stored', async () => {
    const add = await runCli(['add', '--platform', 'custom', '--name', STORED], {
      vault,
      input: 'custom-secret-other-0123456789\n',
    });
    expect(add.code).toBe(2);
    const own = await runCli(['add', '--platform', 'custom', '--name', 'custom-own-secret-0123456789'], {
      vault,
      input: 'custom-own-secret-0123456789\n',
    });
    expect(own.code).toBe(2);
    const rename = await runCli(['edit', 'Deploy bot', '--name', STORED], { vault });
    expect(rename.code).toBe(2);
    const team = await runCli(['team', 'name', UNSTORED], { vault });
    expect(team.code).toBe(2);
    const list = await runCli(['list', '--json'], { vault });
    expect(scanText(list.stdout, needles)).toEqual([]);
    for (const r of [add, own, rename, team]) expect(scanText(r.stdout + r.stderr, needles)).toEqual([]);
  });

  it('an ordinary unknown name is still repeated, so a typo can be seen', async () => {
    const r = await runCli(['show', 'Deploy bto'], { vault });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('"Deploy bto"');
  });
});
