/** A JSON message on a channel. */
export type PubSubMessage = null | boolean | number | string | PubSubMessage[] | { [key: string]: PubSubMessage };

/**
 * Messages to every process of the instance (Redis when `REDIS_URL` is set, in process otherwise), for
 * streaming and live pages. Delivery is at most once and not kept: what must not be lost goes through
 * jobs. A plugin's channels are its own (core prefixes them with the plugin id).
 */
export interface PubSubPort {
  /** A message over `pubsub.maxMessageBytes` of JSON, or an empty channel name, is a BadUserInputError. */
  publish(channel: string, message: PubSubMessage): Promise<void>;
  /** Resolves once subscribed; call the answer to unsubscribe. Each listener gets its own copy of a message. */
  subscribe(channel: string, listener: (message: PubSubMessage) => void): Promise<() => Promise<void>>;
}
