import type { JobDefinition, LifecycleEventName, LifecycleEvents, Logger } from '@commonplace/sdk/internal';
import type { JobsBackend } from '../jobs/backend.js';
import { LIFECYCLE_DELIVERY_JOB, registerLifecycleSubscribers, type LifecycleDelivery } from './lifecycle-events.js';
import type { PluginViews } from './plugin-view.js';
import type { EnabledPlugin } from './resolve-plugins.js';

/**
 * Registers which plugins handle each lifecycle event (emitLifecycleEvent queues one
 * `core.lifecycle-delivery` per such plugin, in the emitter's transaction) and the delivery job,
 * which calls `plugin.events[event](payload, view)`.
 */
export function registerLifecycleJobs(jobs: JobsBackend, plugins: readonly EnabledPlugin[], views: PluginViews, log: Logger): void {
  const subscribers = new Map<LifecycleEventName, string[]>();
  for (const { plugin } of plugins) {
    for (const event of Object.keys(plugin.events ?? {}) as LifecycleEventName[]) {
      if (!plugin.events?.[event]) continue;
      subscribers.set(event, [...(subscribers.get(event) ?? []), plugin.id]);
    }
  }
  registerLifecycleSubscribers(jobs, (event) => subscribers.get(event) ?? []);
  const deliver: JobDefinition<LifecycleDelivery> = {
    handler: async ({ plugin: pluginId, event, payload }) => {
      const plugin = plugins.find((enabled) => enabled.plugin.id === pluginId)?.plugin;
      const handler = plugin?.events?.[event] as ((event: LifecycleEvents[LifecycleEventName], services: unknown) => Promise<void>) | undefined;
      // The plugin was disabled, or dropped its handler, since the event was queued.
      if (!handler) return log.info({ plugin: pluginId, event }, 'lifecycle event for a plugin that no longer handles it; skipped');
      await handler(payload, views.of(pluginId));
    },
  };
  jobs.register(LIFECYCLE_DELIVERY_JOB, deliver);
}
