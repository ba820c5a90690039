/**
 * Delivery: the fan-out job (an outbox activity to one job per remote inbox) and the delivery job
 * (one signed POST through the SSRF guard, with retries, host pauses and a per-host limit).
 */
import type { Clock, InstanceSettings, JobDefinition, JobsPort, Logger } from '@commonplace/sdk/internal';
import type { Kysely } from 'kysely';
import type { HostResolver } from '../fetch/resolve-host.js';
import { Deliverer, type SigningKeys } from './deliver.js';
import { fanOut } from './fan-out.js';
import { DELIVER_JOB, FANOUT_JOB, type DeliverPayload, type FanOutPayload } from './job-names.js';
import type { PinnedPost, PostResponse } from './post-activity.js';
import { deliverySettingsFrom, type DeliverySettings } from './settings.js';

export { Deliverer, DeliveryRetryableError, type DeliveryOutcome, type SigningKeys } from './deliver.js';
export { fanOut } from './fan-out.js';
export { enqueueBatch, type BatchJob } from './enqueue-batch.js';
export { HostHealth, type HostState } from './host-health.js';
export { HostLimiter } from './host-limiter.js';
export { allowedDomains, isAllowedHost, isBlockedHost, rejectedDomains } from './domain-blocks.js';
export {
  DELIVER_JOB,
  DELIVER_JOB_NAME,
  FANOUT_JOB,
  FANOUT_JOB_NAME,
  deliveryDedupeKey,
  type DeliverPayload,
  type FanOutPayload,
} from './job-names.js';
export { postActivity, pinnedPost, type PinnedPost, type PostActivityOptions, type PostLimits, type PostResponse, type PostSigner } from './post-activity.js';
export { DEFAULT_DELIVERY_SETTINGS, deliverySettingsFrom, type DeliverySettings } from './settings.js';

export interface DeliveryJobsDeps {
  db: Kysely<any>;
  /**
   * To put a delivery back for later (paused or busy host); told when a fan-out committed its
   * deliveries, so they start at once rather than at the next poll.
   */
  jobs: Pick<JobsPort, 'enqueue'> & { notifyEnqueued?(): void };
  clock: Clock;
  log: Logger;
  /** The instance's public URL: our own host is never delivered to. */
  publicUrl: string;
  /** The accounts module's `keys`. */
  keys: SigningKeys;
  settings?: InstanceSettings;
  /** Win over `settings` (tests; until the sdk's schema has the delivery settings). */
  overrides?: Partial<DeliverySettings>;
  resolver?: HostResolver;
  transport?: (request: PinnedPost) => Promise<PostResponse>;
}

/** Room for signing and database work around the POST's own time limit. */
const DELIVER_JOB_MARGIN_MS = 30_000;

/** `federation.fanout` and `federation.deliver`, to register as `core.<name>`. */
export function deliveryJobs(deps: DeliveryJobsDeps): Record<string, JobDefinition> {
  const settings = deliverySettingsFrom(deps.settings, deps.overrides);
  const log = deps.log.child({ module: 'federation.delivery' });
  const deliverTimeoutMs = settings.deliveryTimeoutMs * (settings.deliveryMaxRedirects + 1) + DELIVER_JOB_MARGIN_MS;
  const deliverer = new Deliverer({ ...deps, log, settings });
  return {
    [FANOUT_JOB]: {
      handler: async (payload: FanOutPayload) => {
        const enqueued = await fanOut(payload, {
          db: deps.db,
          clock: deps.clock,
          log,
          publicUrl: deps.publicUrl,
          settings,
          deliverTimeoutMs,
          allowlist: deps.settings?.federation.mode === 'allowlist',
        });
        if (enqueued > 0) deps.jobs.notifyEnqueued?.();
      },
    },
    [DELIVER_JOB]: {
      handler: async (payload: DeliverPayload, context) => {
        await deliverer.deliver(payload, context);
      },
      maxAttempts: settings.deliveryMaxAttempts,
      backoffMs: settings.deliveryBackoffMs,
      timeoutMs: deliverTimeoutMs,
      // Deliveries wait on other servers: slots of their own, so they neither starve nor hold other jobs.
      concurrency: settings.deliveryConcurrency,
    },
  };
}
