// One handler per channel, joined into one typed map. Handlers receive inputs
// that dispatch has already validated against the contract.
import type { z } from 'zod';
import type { CHANNELS, Channel } from '../../contract/channels.js';
import type { ChannelOutput } from '../../contract/outputs.js';
import type { KeyInput, KeyPatch } from '../inventory/key.schemas.js';
import type { KeyStatus, PlatformId } from '../inventory/key.types.js';
import type { Core } from './create-core.js';

type Input<C extends Channel> = z.output<(typeof CHANNELS)[C]>;
export type Handlers = { [C in Channel]: (core: Core, input: Input<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C> };

export const handlers: Handlers = {
  'vault.status': (core) => core.status(),
  'vault.create': (core, { password }) => core.create(password),
  'vault.unlock': (core, { password }) => core.unlock(password),
  'vault.lock': (core) => core.lock(),
  'vault.changePassword': (core, i) => core.changePassword(i.oldPassword, i.newPassword),
  'keys.list': (core, f) =>
    core.inventory().list({ ...f, platform: f.platform as PlatformId | undefined, status: f.status as KeyStatus | undefined }),
  'keys.get': (core, { id }) => core.inventory().get(id),
  'keys.add': (core, { fields, secret }) => core.inventory().add(fields as KeyInput, secret),
  'keys.edit': (core, { id, patch, secret }) => core.inventory().edit(id, patch as KeyPatch, secret),
  'keys.remove': (core, { id }) => {
    core.inventory().remove(id);
    return { removed: id };
  },
  'keys.reveal': (core, { id }) => core.inventory().reveal(id, 'revealed'),
  'alerts.list': (core) => ({ alerts: core.session().alerts.list() }),
};
