import type { InstanceSettings } from '@commonplace/sdk/internal';

/**
 * Delivery limits. Read from `settings.federation` by these names when the sdk's schema has them,
 * else these defaults (proposed for sdk/src/instance.ts under `federation`).
 */
export interface DeliverySettings {
  /** One POST, redirects included, must end within this. */
  deliveryTimeoutMs: number;
  /** Most of a response body read (for the log); the rest is cut off, not an error. */
  deliveryMaxResponseBytes: number;
  /**
   * Deliveries in flight at once in one process (slots of their own, beside jobs.concurrency). Most of
   * a delivery's time is spent waiting, for its signature on libuv's threads, for the claim that
   * refills its slot, for the remote server: 128 kept two cores busier than 64 did (docs/performance.md).
   */
  deliveryConcurrency: number;
  /** POSTs to one host at once in one process; more wait in the queue, not in a worker. */
  deliveryConcurrencyPerHost: number;
  /** A host failing without a success for this long is paused. */
  deliveryPauseAfterMs: number;
  /** How long a paused host is left alone before deliveries try it again. */
  deliveryPauseMs: number;
  /** Attempts of one delivery (the first included). */
  deliveryMaxAttempts: number;
  /** First retry delay, doubling each attempt (jobs cap one delay at 24 h). */
  deliveryBackoffMs: number;
  /** A delivery still waiting for a paused host this long after its activity was published is dropped. */
  deliveryGiveUpAfterMs: number;
  /** Redirects (307/308 only: they keep the POST) followed, each re-checked by the SSRF guard. */
  deliveryMaxRedirects: number;
  /** How long one process trusts its memory of the domain blocks and of a host's health (federation.hotCacheSeconds). */
  hotCacheSeconds: number;
  /** Reach loopback and private addresses, and plain http (tests, local development). */
  allowPrivateAddresses: boolean;
}

/**
 * 12 attempts, 90 s doubling: retries after 1.5, 3, 6, 12, 24, 48 min, 1.6, 3.2, 6.4, 12.8 h and 24 h
 * (the jobs' cap), the last about 49.6 h (~2 days) after the first.
 */
export const DEFAULT_DELIVERY_SETTINGS: Omit<DeliverySettings, 'allowPrivateAddresses'> = {
  deliveryTimeoutMs: 10_000,
  deliveryMaxResponseBytes: 65_536,
  deliveryConcurrency: 128,
  deliveryConcurrencyPerHost: 4,
  deliveryPauseAfterMs: 86_400_000,
  deliveryPauseMs: 43_200_000,
  deliveryMaxAttempts: 12,
  deliveryBackoffMs: 90_000,
  deliveryGiveUpAfterMs: 7 * 86_400_000,
  deliveryMaxRedirects: 3,
  hotCacheSeconds: 30,
};

/** The instance's delivery settings (defaults where the schema has none yet), then any overrides. */
export function deliverySettingsFrom(settings: InstanceSettings | undefined, overrides: Partial<DeliverySettings> = {}): DeliverySettings {
  const federation = (settings?.federation ?? {}) as Partial<Record<keyof DeliverySettings, unknown>>;
  const pick = <K extends keyof typeof DEFAULT_DELIVERY_SETTINGS>(name: K): number => {
    const value = overrides[name] ?? federation[name];
    return typeof value === 'number' && Number.isFinite(value) ? value : DEFAULT_DELIVERY_SETTINGS[name];
  };
  return {
    deliveryTimeoutMs: pick('deliveryTimeoutMs'),
    deliveryMaxResponseBytes: pick('deliveryMaxResponseBytes'),
    deliveryConcurrency: Math.max(1, pick('deliveryConcurrency')),
    deliveryConcurrencyPerHost: Math.max(1, pick('deliveryConcurrencyPerHost')),
    deliveryPauseAfterMs: pick('deliveryPauseAfterMs'),
    deliveryPauseMs: pick('deliveryPauseMs'),
    deliveryMaxAttempts: Math.max(1, pick('deliveryMaxAttempts')),
    deliveryBackoffMs: Math.max(1, pick('deliveryBackoffMs')),
    deliveryGiveUpAfterMs: pick('deliveryGiveUpAfterMs'),
    deliveryMaxRedirects: pick('deliveryMaxRedirects'),
    hotCacheSeconds: Math.max(0, pick('hotCacheSeconds')),
    allowPrivateAddresses: overrides.allowPrivateAddresses ?? settings?.federation.allowPrivateAddresses ?? false,
  };
}
