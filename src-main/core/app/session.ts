// An unlocked vault with its services, built the same way for every host (CLI,
// desktop shell, test bridge). Locking the session locks the vault.
import { createAlerts, schedulePathFor } from '../alerts/alerts.service.js';
import { createInventory } from '../inventory/inventory.service.js';
import type { Clock } from '../ports/clock.port.js';
import { createSettings } from '../settings/settings.service.js';
import type { Vault } from '../vault/vault.js';

export type SessionPorts = { clock: Clock; writeSchedule?: boolean };

export function createSession(vault: Vault, ports: SessionPorts) {
  const inventory = createInventory(vault, ports.clock);
  const settings = createSettings(vault, ports.clock);
  const alerts = createAlerts({
    inventory,
    settings,
    clock: ports.clock,
    ...(ports.writeSchedule === false || vault.readOnly ? {} : { schedulePath: schedulePathFor(vault.path) }),
  });
  return {
    vault,
    inventory,
    settings,
    alerts,
    lock(): void {
      vault.lock();
    },
  };
}
export type Session = ReturnType<typeof createSession>;
