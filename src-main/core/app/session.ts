// An unlocked vault with its services, built the same way for every host (CLI,
// desktop shell, test bridge). Locking the session locks the vault.
import { createAlerts, schedulePathFor } from '../alerts/alerts.service.js';
import { createChecklists } from '../checklists/checklist.service.js';
import { createSharing } from '../checklists/sharing.service.js';
import { createTeamIdentity } from '../checklists/team-identity.js';
import { createInventory } from '../inventory/inventory.service.js';
import { createRotations } from '../lifecycle/rotation.service.js';
import { createVerifier } from '../lifecycle/key-verification.service.js';
import { createPlatformCallDeps, type PlatformCallDeps } from '../platforms/platform-call.js';
import type { Clock } from '../ports/clock.port.js';
import { createSettings } from '../settings/settings.service.js';
import { createImporter } from '../transfer/import/import.service.js';
import { createScanJobs } from '../scan/scan-job.js';
import type { Vault } from '../vault/vault.js';

/** `platform` carries the HTTP client and the rate limiters: a host makes it once and keeps it. */
export type SessionPorts = { clock: Clock; platform?: PlatformCallDeps; writeSchedule?: boolean };

export function createSession(vault: Vault, ports: SessionPorts) {
  const inventory = createInventory(vault, ports.clock);
  const settings = createSettings(vault, ports.clock);
  const team = createTeamIdentity(vault, settings, ports.clock);
  const checklists = createChecklists({ vault, inventory, settings, identity: team, clock: ports.clock });
  const sharing = createSharing({ sodium: vault.sodium, checklists, identity: team });
  const alerts = createAlerts({
    inventory,
    settings,
    clock: ports.clock,
    checklists: () => checklists.due(),
    ...(ports.writeSchedule === false || vault.readOnly ? {} : { schedulePath: schedulePathFor(vault.path) }),
  });
  const platformDeps = ports.platform ?? createPlatformCallDeps({ clock: ports.clock });
  const verifier = createVerifier({ inventory, platform: platformDeps });
  const rotations = createRotations({ vault, inventory, verifier, clock: ports.clock });
  const imports = createImporter({ vault, inventory });
  const scans = createScanJobs({
    inventory,
    settings,
    clock: ports.clock,
    readOnly: vault.readOnly,
    vaultPath: vault.path,
  });
  return {
    vault,
    clock: ports.clock,
    inventory,
    settings,
    alerts,
    platformDeps,
    verifier,
    rotations,
    team,
    checklists,
    sharing,
    imports,
    scans,
    lock(): void {
      imports.clear();
      scans.clear();
      vault.lock();
    },
  };
}
export type Session = ReturnType<typeof createSession>;
