import { BadUserInputError, type PubSubMessage, type PubSubPort } from '@commonplace/sdk/internal';
import type { ChannelHub } from './channel-hub.js';
import type { PubSubTransport } from './transports.js';

export interface PluginPubSubDeps {
  hub: ChannelHub;
  transport: PubSubTransport;
  /** Before the plugin id: keeps instances sharing one Redis apart. */
  channelPrefix: string;
  maxMessageBytes: number;
}

const MAX_CHANNEL_LENGTH = 200;

/** One plugin's PubSubPort: every channel it names is `<prefix><plugin-id>:<channel>`, so plugins never hear each other. */
export function pluginPubSub(pluginId: string, deps: PluginPubSubDeps): PubSubPort {
  const fullName = (channel: string) => {
    if (typeof channel !== 'string' || channel.length === 0 || channel.length > MAX_CHANNEL_LENGTH) {
      throw new BadUserInputError(`A channel name of 1 to ${MAX_CHANNEL_LENGTH} characters is needed.`, 'channel');
    }
    return `${deps.channelPrefix}${pluginId}:${channel}`;
  };
  return {
    async publish(channel: string, message: PubSubMessage): Promise<void> {
      const name = fullName(channel);
      const json = JSON.stringify(message);
      if (json === undefined) throw new BadUserInputError('A message is a JSON value.', 'message');
      if (Buffer.byteLength(json, 'utf8') > deps.maxMessageBytes) {
        throw new BadUserInputError(`A message may be at most ${deps.maxMessageBytes} bytes of JSON (pubsub.maxMessageBytes).`, 'message');
      }
      await deps.transport.publish(name, json);
    },
    async subscribe(channel: string, listener: (message: PubSubMessage) => void): Promise<() => Promise<void>> {
      const name = fullName(channel);
      // Each subscription is its own entry, even for the same function subscribed twice.
      const entry = (message: PubSubMessage) => listener(message);
      if (deps.hub.add(name, entry)) deps.hub.ready.set(name, deps.transport.subscribe(name));
      // A second listener on the channel also waits until the transport's subscription is in place.
      try {
        await deps.hub.ready.get(name);
      } catch (error) {
        if (deps.hub.remove(name, entry)) deps.hub.ready.delete(name);
        throw error;
      }
      let subscribed = true;
      return async () => {
        if (!subscribed) return;
        subscribed = false;
        if (deps.hub.remove(name, entry)) {
          deps.hub.ready.delete(name);
          await deps.transport.unsubscribe(name);
        }
      };
    },
  };
}
