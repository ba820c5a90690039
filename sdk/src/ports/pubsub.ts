/** A JSON message on a channel. */
export type PubSubMessage = null | boolean | number | string | PubSubMessage[] | { [key: string]: PubSubMessage };

/**
 * Messages to every process of the instance (Redis when `REDIS_URL` is set, in process otherwise), for
 * streaming and live pages. Delivery is at most once and not kept: what must not be lost goes through
 * jobs. A plugin's channels are its own (core prefixes them with the plugin id).
 */
export interface PubSubPort {
  publish(channel: string, message: PubSubMessage): Promise<void>;
  /** Resolves once subscribed; call the answer to unsubscribe. */
  subscribe(channel: string, listener: (message: PubSubMessage) => void): Promise<() => Promise<void>>;
}
