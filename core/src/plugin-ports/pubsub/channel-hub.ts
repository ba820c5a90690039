import type { Logger, PubSubMessage } from '@commonplace/sdk/internal';

export type Listener = (message: PubSubMessage) => void;

/**
 * The listeners of this process, by full channel name. A transport (in process, or Redis) hands every
 * message it receives to `deliver`; the hub tells it when a channel gains its first listener or loses
 * its last, so Redis is subscribed only to channels someone listens to.
 */
export class ChannelHub {
  private readonly channels = new Map<string, Set<Listener>>();
  /** Per channel with listeners: the transport's subscription, settled once it is in place. */
  readonly ready = new Map<string, Promise<void>>();

  constructor(private readonly log: Logger) {}

  /** True when this is the channel's first listener. */
  add(channel: string, listener: Listener): boolean {
    const listeners = this.channels.get(channel) ?? new Set<Listener>();
    this.channels.set(channel, listeners);
    listeners.add(listener);
    return listeners.size === 1;
  }

  /** True when the channel has no listener left. */
  remove(channel: string, listener: Listener): boolean {
    const listeners = this.channels.get(channel);
    if (!listeners || !listeners.delete(listener)) return false;
    if (listeners.size > 0) return false;
    this.channels.delete(channel);
    return true;
  }

  /** `json` is parsed once per listener: one listener changing its message cannot change another's. */
  deliver(channel: string, json: string): void {
    for (const listener of [...(this.channels.get(channel) ?? [])]) {
      try {
        listener(JSON.parse(json) as PubSubMessage);
      } catch (error) {
        // A failing listener must not stop the others, nor the Redis connection's event loop.
        this.log.error({ err: error, channel }, 'a pub/sub listener failed');
      }
    }
  }
}
