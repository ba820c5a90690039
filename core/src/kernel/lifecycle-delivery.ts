import type { JobDefinition, LifecycleEventName, LifecycleEvents, Logger } from '@commonplace/sdk/internal';
import type { JobsBackend } from '../jobs/backend.js';
import { LIFECYCLE_EVENT_JOB, type LifecycleEventPayload } from './lifecycle-events.js';
import type { PluginViews } from './plugin-view.js';
import type { EnabledPlugin } from './resolve-plugins.js';

/** One plugin's delivery of one lifecycle event: a job of its own, so a failing plugin is retried alone. */
export const LIFECYCLE_DELIVERY_JOB = 'core.lifecycle-delivery';

interface DeliveryPayload extends LifecycleEventPayload {
  plugin: string;
}

/**
 * The lifecycle jobs: `core.lifecycle-event` (queued by emitLifecycleEvent in the emitter's
 * transaction) enqueues one `core.lifecycle-delivery` per plugin that declared a handler for the
 * event, which calls `plugin.events[event](payload, view)`.
 */
export function registerLifecycleJobs(jobs: JobsBackend, plugins: readonly EnabledPlugin[], views: PluginViews, log: Logger): void {
  const fanOut: JobDefinition<LifecycleEventPayload> = {
    handler: async ({ event, payload }) => {
      for (const { plugin } of plugins) {
        if (!plugin.events?.[event]) continue;
        const delivery: DeliveryPayload = { plugin: plugin.id, event, payload };
        await jobs.enqueue(LIFECYCLE_DELIVERY_JOB, delivery);
      }
    },
  };
  const deliver: JobDefinition<DeliveryPayload> = {
    handler: async ({ plugin: pluginId, event, payload }) => {
      const plugin = plugins.find((enabled) => enabled.plugin.id === pluginId)?.plugin;
      const handler = plugin?.events?.[event] as ((event: LifecycleEvents[LifecycleEventName], services: unknown) => Promise<void>) | undefined;
      // The plugin was disabled, or dropped its handler, since the event was queued.
      if (!handler) return log.info({ plugin: pluginId, event }, 'lifecycle event for a plugin that no longer handles it; skipped');
      await handler(payload, views.of(pluginId));
    },
  };
  jobs.register(LIFECYCLE_EVENT_JOB, fanOut);
  jobs.register(LIFECYCLE_DELIVERY_JOB, deliver);
}
