// The sandbox: all five simulators on loopback with demo keys, for the app's
// sandbox mode and for tests. Demo keys are fake and only valid on these servers.

import { startPlatformSimulator, type SimulatorHandle } from './sim-server.js';
import { SIM_BEHAVIOURS, SIM_PLATFORM_IDS } from './behaviours.js';
import type { AddKeySpec, SimClock, SimPlatformId } from './sim.types.js';

export type DemoKey = { value: string; account: string; label: string };

export type Sandbox = {
  baseUrls: Record<SimPlatformId, string>;
  demoKeys: Record<SimPlatformId, DemoKey[]>;
  simulators: Record<SimPlatformId, SimulatorHandle>;
  close: () => Promise<void>;
};

const DAY_MS = 86_400_000;

function demoSpecs(now: Date): Record<SimPlatformId, (AddKeySpec & { label: string })[]> {
  return {
    kai: [{ label: 'Support bot instance', account: 'inst-demo-001' }],
    kubiya: [
      { label: 'CI pipeline', account: 'demo-org', email: 'ci@demo.test' },
      {
        label: 'Expiring soon',
        account: 'demo-org',
        email: 'ops@demo.test',
        expiresAt: new Date(now.getTime() + 5 * DAY_MS),
      },
    ],
    kognitos: [
      { label: 'Monitoring dashboard', account: 'demo-org', expiresAt: new Date(now.getTime() + 30 * DAY_MS) },
    ],
    knouds: [
      { label: 'GitHub Actions deploy', account: 'user-42', email: 'deploy@demo.test', tier: 'pro' },
      { label: 'Old key (pre-migration)', account: 'user-42', email: 'deploy@demo.test', legacy: true },
    ],
    kaana: [{ label: 'Zapier integration', account: 'tenant-7', name: 'demo.user' }],
  };
}

export async function startSandbox(options: { clock?: SimClock } = {}): Promise<Sandbox> {
  const clock = options.clock ?? { now: () => new Date() };
  const started = await Promise.all(
    SIM_PLATFORM_IDS.map((id) => startPlatformSimulator(SIM_BEHAVIOURS[id], { clock })),
  );
  const specs = demoSpecs(clock.now());
  const simulators = {} as Record<SimPlatformId, SimulatorHandle>;
  const baseUrls = {} as Record<SimPlatformId, string>;
  const demoKeys = {} as Record<SimPlatformId, DemoKey[]>;
  for (const sim of started) {
    simulators[sim.platform] = sim;
    baseUrls[sim.platform] = sim.baseUrl;
    demoKeys[sim.platform] = specs[sim.platform].map(({ label, ...spec }) => {
      const key = sim.addKey(spec);
      return { value: key.value, account: key.account, label };
    });
  }
  return {
    baseUrls,
    demoKeys,
    simulators,
    close: async () => {
      await Promise.all(started.map((s) => s.close()));
    },
  };
}
