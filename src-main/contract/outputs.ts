// What each channel answers. Types only: the core produces them, the renderer reads them.
import type { KeyRecord, KeySecret } from '../core/inventory/key.types.js';
import type { Channel, ChannelInput, Envelope } from './channels.js';

export type VaultStatus = { exists: boolean; unlocked: boolean; path: string; readOnly: boolean; damage: string | null };
export type KeyListing = { keys: KeyRecord[]; damaged: { id: string; message: string }[] };

export type ChannelOutputs = {
  'vault.status': VaultStatus;
  'vault.create': VaultStatus;
  'vault.unlock': VaultStatus;
  'vault.lock': VaultStatus;
  'vault.changePassword': { changed: true };
  'keys.list': KeyListing;
  'keys.get': KeyRecord;
  'keys.add': KeyRecord;
  'keys.edit': KeyRecord;
  'keys.remove': { removed: string };
  'keys.reveal': KeySecret;
};

export type ChannelOutput<C extends Channel> = ChannelOutputs[C];

/** The API the preload exposes as window.keyward. */
export type KeywardApi = {
  invoke: <C extends Channel>(channel: C, input: ChannelInput<C>) => Promise<Envelope<ChannelOutput<C>>>;
};
