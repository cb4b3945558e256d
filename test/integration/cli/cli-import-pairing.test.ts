// Case 5 of issue 11: a .env import pairs a KAI instance id with a key only by exact naming
// (X_INSTANCE_ID with X_API_KEY / X_KEY), shows the pairing in the preview, and a platform it
// only guessed is never trusted: `verify --all` skips it and says so. The real CLI, keys in a file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyRecord } from '../../../src-main/core/inventory/key.types.js';
import { startSimulator, type SimulatorHandle } from '../../../src-main/sandbox/platform-sim/index.js';
import { initCliVault, runCli } from '../../helpers/cli.js';
import { tempDir } from '../../helpers/temp-vault.js';

let dir: { dir: string; cleanup: () => void };
let vault: string;
let kai: SimulatorHandle;
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const kaanaSession = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ tenantId: 't-9', exp: 4102444800 })}.c2lnbmF0dXJl`;

beforeAll(async () => {
  dir = tempDir('keyward-cli-pairing-');
  vault = join(dir.dir, 'vault.db');
  kai = await startSimulator('kai');
  await initCliVault(vault);
});
afterAll(async () => {
  await kai.close();
  dir.cleanup();
});

describe('case 5: .env instance-id pairing and guessed platforms', () => {
  it('pairs KAI_INSTANCE_ID with KAI_API_KEY only, shows it, and neither KAI_STAGING_API_KEY nor KAIROS_API_KEY gets it', async () => {
    const file = join(dir.dir, 'all.env');
    writeFileSync(
      file,
      [
        'KAI_INSTANCE_ID=inst-5',
        'KAI_API_KEY=kai-secret-value-0001',
        'KAI_STAGING_API_KEY=kai-staging-value-0002',
        'KAIROS_API_KEY=kairos-value-0000003',
      ].join('\n'),
    );
    const r = await runCli(['import', file, '--dry-run', '--json'], { vault });
    expect(r.code).toBe(2); // the unpaired KAI staging key is an error: nothing is imported
    const view = (JSON.parse(r.stdout) as { preview: unknown }).preview as {
      items: { name: string; platform: string; account: string; pairedWith?: string; errors: string[] }[];
    };
    const byName = new Map(view.items.map((i) => [i.name, i]));
    expect(byName.get('KAI_API_KEY')).toMatchObject({
      platform: 'kai',
      account: 'inst-5',
      pairedWith: 'KAI_INSTANCE_ID',
    });
    expect(byName.get('KAI_STAGING_API_KEY')?.pairedWith).toBeUndefined();
    expect(byName.get('KAI_STAGING_API_KEY')?.account).toBe('');
    expect(byName.get('KAI_STAGING_API_KEY')?.errors.join()).toMatch(/needs its instance id/);
    expect(byName.get('KAIROS_API_KEY')).toMatchObject({ platform: 'custom', account: '' });
    expect(byName.get('KAIROS_API_KEY')?.pairedWith).toBeUndefined();

    const text = await runCli(['import', file, '--dry-run'], { vault });
    expect(text.stdout).toMatch(/paired #1 KAI_API_KEY: instance id from KAI_INSTANCE_ID/);
    expect(text.stdout).not.toMatch(/paired #\d KAI(_STAGING|ROS)_API_KEY/);
  });

  it('verify --all sends no key to a platform that was only guessed, and says so', async () => {
    const value = kai.addKey({ account: 'inst-6' }).value;
    const file = join(dir.dir, 'ok.env');
    writeFileSync(
      file,
      [
        `KAI_INSTANCE_ID=inst-6`,
        `KAI_KEY=${value}`,
        'KAIROS_API_KEY=kairos-value-0000003',
        `SERVICE_TOKEN=${kaanaSession}`,
      ].join('\n'),
    );
    const preview = await runCli(['import', file, '--dry-run'], { vault });
    expect(preview.stdout).toMatch(/guess #\d SERVICE_TOKEN: kaana is only a guess/);
    const imported = await runCli(['import', file, '--yes'], { vault });
    expect(imported.code, imported.stderr).toBe(0);
    const keys = (JSON.parse((await runCli(['list', '--json'], { vault })).stdout) as { keys: KeyRecord[] }).keys;
    const kaiKey = keys.find((k) => k.name === 'KAI_KEY')!;
    const guessed = keys.find((k) => k.name === 'SERVICE_TOKEN')!;
    expect(keys.find((k) => k.name === 'KAIROS_API_KEY')?.platform).toBe('custom');
    expect(guessed.extra['platform.guess']).toBeDefined();
    expect((await runCli(['edit', kaiKey.id, '--base-url', kai.baseUrl], { vault })).code).toBe(0);

    const all = await runCli(['verify', '--all', '--json'], { vault });
    const reports = JSON.parse(all.stdout) as { name: string; result: string }[];
    expect(reports.map((x) => x.name)).toEqual(['KAI_KEY']);
    expect(reports[0]?.result).toBe('valid');
    expect(all.stderr).toMatch(/skipped \S+ SERVICE_TOKEN: its platform \(kaana\) is only a guess/);

    // Confirming the platform lifts the guess.
    expect((await runCli(['edit', guessed.id, '--platform', 'kaana'], { vault })).code).toBe(0);
    const after = JSON.parse((await runCli(['show', guessed.id, '--json'], { vault })).stdout) as KeyRecord;
    expect(after.extra['platform.guess']).toBeUndefined();
  }, 120_000);
});
