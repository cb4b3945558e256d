// Named settings sealed in the vault (alert thresholds, snoozes, preferences).
// Each value is validated with its schema when read; a damaged value is reported,
// never silently replaced by a default that would hide the damage.
import type { z } from 'zod';
import { openJson, sealJson, slotAad } from '../crypto/aead.js';
import { createSettingsRepo } from '../db/settings.repo.js';
import { AppError } from '../errors.js';
import type { Clock } from '../ports/clock.port.js';
import type { Vault } from '../vault/vault.js';

export function createSettings(vault: Vault, clock: Clock) {
  const repo = createSettingsRepo(vault.db);
  const aad = (name: string) => slotAad({ vaultId: vault.vaultId, table: 'settings', field: 'value', recordId: name });

  return {
    /** The stored value, or `fallback` when the setting was never written. */
    get<S extends z.ZodType>(name: string, schema: S, fallback: z.output<S>): z.output<S> {
      const blob = repo.get(name);
      if (!blob) return fallback;
      const value = openJson(vault.sodium, vault.keys().settings, blob, aad(name), `setting ${name}`);
      const parsed = schema.safeParse(value);
      if (!parsed.success)
        throw new AppError('INTEGRITY_ERROR', `The stored setting ${name} has an unknown shape.`, { subject: name });
      return parsed.data;
    },
    put<S extends z.ZodType>(name: string, schema: S, value: z.input<S>): z.output<S> {
      const parsed = schema.parse(value);
      const blob = sealJson(vault.sodium, vault.keys().settings, parsed, aad(name));
      vault.write(() => repo.put(name, blob, clock.now().toISOString()));
      return parsed;
    },
    /**
     * Runs `fn` as one write transaction (BEGIN IMMEDIATE): a read-modify-write of a setting done
     * inside it cannot lose another process's write made between its read and its put.
     */
    transaction<T>(fn: () => T): T {
      return vault.write(fn);
    },
  };
}
export type Settings = ReturnType<typeof createSettings>;
