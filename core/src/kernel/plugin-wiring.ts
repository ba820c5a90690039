import { asValue, type AwilixContainer } from 'awilix';
import type { FastifyInstance } from 'fastify';
import type { ClassType, InstanceSettings, JobContext, Logger, PluginConfig, PluginContext, RequestAuthenticator } from '@commonplace/sdk/internal';
import type { JobsBackend } from '../jobs/backend.js';
import type { EnabledPlugin } from './resolve-plugins.js';
import { PluginViews } from './plugin-view.js';
import type { BoundAuthenticator } from '../http/request-scope.js';

/** The instance facts a plugin's `config` carries beside its own settings. */
export interface PluginConfigFacts {
  settings: InstanceSettings;
  publicUrl: string;
  instanceName: string;
}

/** What a plugin reads as `config`: the instance's public facts and its own validated settings. */
export function pluginConfigOf(facts: PluginConfigFacts, enabled: readonly EnabledPlugin[], pluginSettings: unknown): PluginConfig<unknown> {
  const { settings } = facts;
  return Object.freeze({
    settings: pluginSettings,
    publicUrl: facts.publicUrl,
    instanceName: facts.instanceName,
    enabledPlugins: enabled.map(({ plugin }) => plugin.id),
    dataDir: settings.database.dataDir,
    allowPrivateAddresses: settings.federation.allowPrivateAddresses,
    pageLimits: { defaultPageSize: settings.graphql.defaultPageSize, maxPageSize: settings.graphql.maxPageSize },
  });
}

/**
 * Makes every plugin's views over the root container, registers them as `pluginViews`, and
 * registers each plugin's own services (built from its view). Call once core's own registrations are in.
 */
export function wirePluginViews(container: AwilixContainer, plugins: readonly EnabledPlugin[], facts: PluginConfigFacts, logger: Logger): PluginViews {
  const views = new PluginViews(
    container,
    plugins.map(({ plugin, settings }) => ({
      plugin,
      config: pluginConfigOf(facts, plugins, settings),
      log: logger.child({ plugin: plugin.id }),
    })),
  );
  container.register({ pluginViews: asValue(views) });
  views.register();
  return views;
}

/** What a plugin's `routes`, `onBoot` and `seedDemo` get beside its services. */
export function pluginContextOf(views: PluginViews, { plugin, settings }: EnabledPlugin): PluginContext<unknown, any> {
  return { id: plugin.id, settings, services: (request) => views.of(plugin.id, request.scope) };
}

/** Each plugin's jobs as `<plugin-id>.<name>`, their handlers given the plugin's view. */
export function registerPluginJobs(jobs: JobsBackend, plugins: readonly EnabledPlugin[], views: PluginViews): void {
  for (const { plugin } of plugins) {
    for (const [name, definition] of Object.entries(plugin.jobs ?? {})) {
      jobs.register(`${plugin.id}.${name}`, {
        ...definition,
        handler: (payload: unknown, context: JobContext) => definition.handler(payload, { ...context, services: views.of(plugin.id) }),
      });
    }
  }
}

/** Each plugin's routes, in a Fastify context of their own under its prefix. */
export async function mountPluginRoutes(app: FastifyInstance, plugins: readonly EnabledPlugin[], views: PluginViews): Promise<void> {
  for (const enabled of plugins) {
    const { plugin } = enabled;
    if (!plugin.routes) continue;
    const routes = plugin.routes;
    const context = pluginContextOf(views, enabled);
    await app.register(async (scoped) => routes(scoped, context), { prefix: plugin.routePrefix ?? `/${plugin.id}` });
  }
}

/** The plugins' authenticators, each given its own plugin's view (it runs before the request has a viewer). */
export function pluginAuthenticators(plugins: readonly EnabledPlugin[], views: PluginViews): BoundAuthenticator[] {
  return plugins.flatMap(({ plugin }) =>
    (plugin.authenticators ?? []).map(
      (authenticator): BoundAuthenticator =>
        // Its other members (and `this` in them) are the plugin's own, through the prototype.
        Object.assign(Object.create(authenticator) as BoundAuthenticator, {
          authenticate: (request: Parameters<RequestAuthenticator['authenticate']>[0]) => authenticator.authenticate(request, views.of(plugin.id)),
        }),
    ),
  );
}

/** Which plugin contributed each GraphQL resolver class: type-graphql builds it from that plugin's request view. */
export function resolverOwners(plugins: readonly EnabledPlugin[]): Map<ClassType, string> {
  const owners = new Map<ClassType, string>();
  for (const { plugin } of plugins) {
    for (const resolver of plugin.graphql?.resolvers ?? []) owners.set(resolver, plugin.id);
  }
  return owners;
}

/** `onBoot` of each plugin, in boot order. */
export async function bootPlugins(plugins: readonly EnabledPlugin[], views: PluginViews): Promise<void> {
  for (const enabled of plugins) {
    await enabled.plugin.onBoot?.(views.of(enabled.plugin.id), pluginContextOf(views, enabled));
  }
}

/** `onClose` of each plugin, in reverse boot order; a failing one is logged and the others still run. */
export async function closePlugins(plugins: readonly EnabledPlugin[], views: PluginViews, log: Logger): Promise<void> {
  for (const { plugin } of [...plugins].reverse()) {
    if (!plugin.onClose) continue;
    try {
      await plugin.onClose(views.of(plugin.id));
    } catch (error) {
      log.warn({ err: error, plugin: plugin.id }, 'a plugin failed to close');
    }
  }
}
