// Entry point of the platform simulators: start one on loopback by platform id,
// or all five with demo keys (startSandbox). Node imports only, nothing starts on import.

import { SIM_BEHAVIOURS } from './behaviours.js';
import { startPlatformSimulator, type SimulatorHandle } from './sim-server.js';
import type { SimPlatformId, SimulatorOptions } from './sim.types.js';

/** Starts one platform's simulator on 127.0.0.1 with a free port; close() it when done. */
export function startSimulator(platformId: SimPlatformId, options: SimulatorOptions = {}): Promise<SimulatorHandle> {
  return startPlatformSimulator(SIM_BEHAVIOURS[platformId], options);
}

export { SIM_BEHAVIOURS, SIM_PLATFORM_IDS } from './behaviours.js';
export { startSandbox, type Sandbox, type DemoKey } from './sandbox.js';
export type { SimulatorHandle } from './sim-server.js';
export type * from './sim.types.js';
export { SimRefusal } from './sim.types.js';
