// The platform simulators (src-main/sandbox, compiled to out/cli) on loopback, for the
// wizards' tests: the test plays the user in the portal by adding and revoking keys.
/// <reference types="node" />
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { SimulatorHandle, startSimulator as StartSimulator } from '../../../src-main/sandbox/platform-sim/index';

export type { SimulatorHandle };
const ROOT = resolve(import.meta.dirname, '../../..');

export async function startSimulator(...args: Parameters<typeof StartSimulator>): Promise<SimulatorHandle> {
  const mod = (await import(pathToFileURL(join(ROOT, 'out/cli/sandbox/platform-sim/index.js')).href)) as {
    startSimulator: typeof StartSimulator;
  };
  return mod.startSimulator(...args);
}
