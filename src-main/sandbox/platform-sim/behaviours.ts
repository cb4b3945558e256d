// The registry of simulated platforms: one behaviour module per platform.

import { kaanaSim } from './kaana.sim.js';
import { kaiSim } from './kai.sim.js';
import { knoudsSim } from './knouds.sim.js';
import { kognitosSim } from './kognitos.sim.js';
import { kubiyaSim } from './kubiya.sim.js';
import type { PlatformBehaviour, SimPlatformId } from './sim.types.js';

export const SIM_BEHAVIOURS: Readonly<Record<SimPlatformId, PlatformBehaviour>> = {
  kai: kaiSim,
  kubiya: kubiyaSim,
  kognitos: kognitosSim,
  knouds: knoudsSim,
  kaana: kaanaSim,
};

export const SIM_PLATFORM_IDS = Object.keys(SIM_BEHAVIOURS) as SimPlatformId[];
