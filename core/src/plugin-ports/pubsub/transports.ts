import type { Redis } from 'ioredis';
import type { Logger } from '@commonplace/sdk/internal';
import type { ChannelHub } from './channel-hub.js';

/** How messages leave and reach this process. */
export interface PubSubTransport {
  publish(channel: string, json: string): Promise<void>;
  subscribe(channel: string): Promise<void>;
  unsubscribe(channel: string): Promise<void>;
  close(): Promise<void>;
}

/** Without Redis: the instance is one process, and a message goes to its own listeners, after the publisher's turn. */
export function inProcessTransport(hub: ChannelHub): PubSubTransport {
  return {
    publish: async (channel, json) => void setImmediate(() => hub.deliver(channel, json)),
    subscribe: async () => undefined,
    unsubscribe: async () => undefined,
    close: async () => undefined,
  };
}

/**
 * Redis pub/sub: one connection publishes; a dedicated one subscribes (a subscribed ioredis connection
 * can issue no other command). Both are made when first needed, so an instance whose plugins never
 * use pub/sub opens none.
 */
export function redisTransport(redisUrl: string, hub: ChannelHub, log: Logger): PubSubTransport {
  let publisher: Promise<Redis> | undefined;
  let subscriber: Promise<Redis> | undefined;
  const connect = async (role: string): Promise<Redis> => {
    const { Redis } = await import('ioredis');
    const client = new Redis(redisUrl, { maxRetriesPerRequest: 2 });
    // ioredis reconnects by itself (and resubscribes); without a listener its 'error' would crash the process.
    client.on('error', (error) => log.warn({ err: error }, `Redis connection error (pub/sub ${role})`));
    return client;
  };
  const subscriberClient = () =>
    (subscriber ??= connect('subscriber').then((client) => {
      client.on('message', (channel: string, json: string) => hub.deliver(channel, json));
      return client;
    }));
  return {
    publish: async (channel, json) => void (await (await (publisher ??= connect('publisher'))).publish(channel, json)),
    subscribe: async (channel) => void (await (await subscriberClient()).subscribe(channel)),
    unsubscribe: async (channel) => void (await (await subscriberClient()).unsubscribe(channel)),
    close: async () => {
      const clients = await Promise.all([publisher, subscriber]);
      publisher = subscriber = undefined;
      await Promise.all(clients.map((client) => client?.quit().catch(() => client.disconnect())));
    },
  };
}
