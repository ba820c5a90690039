import type { ConfigPort, Services } from '@commonplace/sdk/internal';
import type { PluginPorts, PluginScopedPorts } from '../plugin-ports/index.js';

/** The ports core makes for one plugin (core/src/plugin-ports): what its view names scheduler, secrets, http, pubsub, lifecycle. */
export type PluginPortSet = PluginScopedPorts;

/** Ports that exist only per plugin, so core's own cradle does not hold them. */
type PerPluginPorts = 'accounts' | 'config' | 'scheduler' | 'secrets' | 'http' | 'pubsub' | 'lifecycle';

/**
 * Core's own cradle: the root container (and each request scope) as core's code reads it. It holds
 * core's internals, which never appear in the sdk: a plugin gets a view of it (kernel/plugin-view.ts)
 * answering only the sdk's `PluginServices` names, its own services and what its dependencies export.
 * Plugins' own services are registered in the same container under their names (not typed here).
 *
 * Each core module adds what it registers where it makes it, so this file imports none of them (no
 * import circle through the cradle): `declare module '../container/core-cradle.js' { interface
 * CoreServices { federationCore: FederationCore } }` (federationCore, accounts, accountsPort, instanceFacts,
 * searchEngine, searchBackend, searchSources, remoteLookup, sharedDiscoveryIndex, pluginViews).
 */
export interface CoreServices extends Omit<Services, PerPluginPorts> {
  /** Core's view of the configuration: every plugin's settings and the whole instance settings. */
  config: ConfigPort;
  /** Per-plugin scheduler, secrets, outbound HTTP, pub/sub and lifecycle. */
  pluginPorts: PluginPorts;
  /** Per request scope only. */
  requestId?: string;
  ip?: string;
}
