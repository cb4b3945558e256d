import { describe, expect, it } from 'vitest';
import { getPlatform } from '../../../src-main/core/platforms/definitions/index.js';
import { describeKeyLocally } from '../../../src-main/core/platforms/key-facts.js';
import { verifyKey } from '../../../src-main/core/platforms/verify.service.js';
import { SIM_PLATFORM_IDS, startSandbox } from '../../../src-main/sandbox/platform-sim/index.js';
import { fastTime, testDeps } from './support.js';

describe('startSandbox', () => {
  it('starts all five platforms on loopback with demo keys the client can verify', async () => {
    const time = fastTime();
    const sandbox = await startSandbox({ clock: time.clock });
    try {
      const deps = testDeps(time);
      const results: Record<string, string[]> = {};
      for (const id of SIM_PLATFORM_IDS) {
        expect(sandbox.baseUrls[id]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        for (const demo of sandbox.demoKeys[id]) {
          const input = { secret: { value: demo.value }, account: demo.account, baseUrl: sandbox.baseUrls[id] };
          (results[id] ??= []).push((await verifyKey(getPlatform(id), input, deps)).result);
        }
      }
      expect(results).toEqual({
        kai: ['valid'],
        kubiya: ['valid', 'valid'],
        kognitos: ['valid'],
        knouds: ['valid', 'retired'],
        kaana: ['valid'],
      });
      const expiring = sandbox.demoKeys.kubiya[1]!;
      expect(describeKeyLocally('kubiya', expiring.value, time.clock.now()).expiresAt).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    } finally {
      await sandbox.close();
    }
  });
});
