// The shape of the core's handler map, in a file of its own so the domain files of handlers
// (handlers.ts, checklist-handlers.ts) import it without importing each other.
import type { CallArgs, Channel } from '../../contract/channels.js';
import type { ChannelOutput } from '../../contract/outputs.js';
import type { Core } from './create-core.js';

/** One handler per core channel: the core it runs on and the input dispatch already validated. */
export type Handlers = {
  [C in Channel]: (core: Core, input: CallArgs<C>) => Promise<ChannelOutput<C>> | ChannelOutput<C>;
};
