// S-3 through the CLI: no output other than show --reveal ever holds the secret (in
// any form, JSON included), and no file the CLI leaves behind holds it or the name.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canaryForms, filesUnder, newCanary, scan, scanText } from '../../helpers/canary.js';
import { addCliKey, initCliVault, runCli, type CliResult } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

const SECRET = newCanary('sk-CANARY');
const REPLACED = newCanary('sk-CANARY-2');
const NAME = newCanary('name-CANARY');
const secretNeedles = [...canaryForms(SECRET, 'secret'), ...canaryForms(REPLACED, 'replaced')];
let dir: string;
let vault: string;
let id: string;
let cleanup = () => {};
const outputs: [string, CliResult][] = [];

async function run(args: string[], input?: string): Promise<CliResult> {
  const r = await runCli(args, { vault, input });
  outputs.push([args.join(' '), r]);
  return r;
}

beforeAll(async () => {
  const t = tempDir('keyward-cli-canary-');
  dir = t.dir;
  cleanup = t.cleanup;
  vault = join(dir, 'vault.db');
  await initCliVault(vault);
  await addCliKey(vault, ['--platform', 'kubiya', '--name', 'Neighbour'], 'kby_neighbour_secret_0123456789');
  const added = await run(
    ['add', '--platform', 'custom', '--name', NAME, '--expires', '2026-12-01', '--json'],
    `${SECRET}\n`,
  );
  id = (JSON.parse(added.stdout) as { id: string }).id;
  await run(['add', '--platform', 'custom', '--name', 'Human add'], `${newCanary()}\n`);
});
afterAll(() => cleanup());

describe('CLI output never holds the secret', () => {
  it('across list, show, edit and their --json forms (and errors)', async () => {
    await run(['list']);
    await run(['list', '--json']);
    await run(['list', '--search', NAME.slice(0, 20), '--json']);
    await run(['show', id]);
    await run(['show', id, '--json']);
    await run(['show', NAME]);
    await run(['edit', id, '--notes', 'rotated soon', '--json']);
    await run(['edit', id, '--replace-secret'], `${REPLACED}\n`);
    await run(['edit', id, '--replace-secret', '--json'], `${SECRET}\n`);
    await run(['edit', id, '--expires', 'never'], undefined); // an error path
    await run(['add', '--platform', 'nope', '--name', 'x'], `${SECRET}\n`); // refused before reading
    expect(outputs.length).toBeGreaterThan(10);
    for (const [args, r] of outputs) {
      expect(scanText(r.stdout, secretNeedles), `stdout of ${args}`).toEqual([]);
      expect(scanText(r.stderr, secretNeedles), `stderr of ${args}`).toEqual([]);
    }
  });

  it('show --reveal prints it, and only there (the scan sees what is there)', async () => {
    const human = await runCli(['show', id, '--reveal'], { vault });
    expect(scanText(human.stdout, canaryForms(SECRET, 'secret'))).toContain('secret/raw');
    const json = await runCli(['show', id, '--reveal', '--json'], { vault });
    expect(JSON.parse(json.stdout)).toMatchObject({ secret: { value: SECRET } });
    expect(scanText(json.stderr, secretNeedles)).toEqual([]);
  });
});

describe('files the CLI leaves behind', () => {
  it('hold no form of the secrets or the name, before and after rm', async () => {
    const needles = [...secretNeedles, ...canaryForms(NAME, 'name')];
    expect(filesUnder(dir).length).toBeGreaterThan(0);
    expect(scan(filesUnder(dir), needles)).toEqual([]);
    const rm = await runCli(['rm', id, '--yes'], { vault });
    expect(rm.code).toBe(0);
    expect(scanText(rm.stdout + rm.stderr, secretNeedles)).toEqual([]);
    expect(scan(filesUnder(dir), needles)).toEqual([]);
  });
});
