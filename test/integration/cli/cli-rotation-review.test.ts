// Rotation and revocation defects found trying Keyward as a new user would (issue 11):
// the real `keyward` as a subprocess, keys piped on standard input, the sandbox console
// driven line by line, loopback simulators playing the platforms and their portals.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: { dir: string; cleanup: () => void };

beforeAll(() => {
  dir = tempDir('keyward-cli-rotation-review-');
});
afterAll(() => dir.cleanup());

describe('the sandbox console at a key cap', () => {
  it('"create kaana" past the Standard cap of 5 says the cap is reached and the console carries on', async () => {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(process.env))
      if (v !== undefined && (!k.startsWith('KEYWARD_') || k === 'KEYWARD_TEST_KDF')) env[k] = v;
    env.XDG_CONFIG_HOME = join(dir.dir, '.config-sandbox');
    const sandboxVault = join(dir.dir, 'sandbox.db');
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/keyward.mjs'), 'sandbox', '--vault', sandboxVault], {
      env,
      cwd: REPO_ROOT,
    });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    await expect.poll(() => out, { timeout: 60_000 }).toMatch(/quit/);
    for (let i = 0; i < 8; i++) child.stdin.write('create kaana tenant-7\n');
    child.stdin.write('keys\n');
    await expect.poll(() => out, { timeout: 10_000 }).toMatch(/^kaana\s+tenant-7/m);
    expect(out).not.toMatch(/internal error/);
    const created = out.match(/^New kaana key for tenant-7/gm)?.length ?? 0;
    const refused =
      out.match(/^The kaana portal refused for tenant-7: .*at most 5 active keys.*revoke one/gm)?.length ?? 0;
    expect(created + refused).toBe(8);
    expect(refused).toBeGreaterThanOrEqual(3);
    expect(out.split('\n').filter((l) => /^kaana\s+tenant-7\s+live/.test(l))).toHaveLength(5);
    child.stdin.write('quit\n');
    expect(await closed).toBe(0);
    expect(existsSync(sandboxVault)).toBe(true);
  }, 90_000);
});
