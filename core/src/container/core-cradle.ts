import type { AccountsPort, ConfigPort, Services } from '@commonplace/sdk/internal';
import type { AccountsService } from '../accounts/index.js';
import type { FederationCore } from '../federation/inbox/index.js';
import type { InstanceFacts } from '../graphql/core-resolvers.js';
import type { SearchBackend } from '../search/backend.js';
import type { SearchEngine } from '../search/search-engine.js';
import type { ExternalSearchSource, RemoteLookup } from '../search/external-source.js';
import type { SharedIndexPublisher } from '../search/federated/shared-index/sync-job.js';
import type { PluginViews } from '../kernel/plugin-view.js';
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
 */
export interface CoreServices extends Omit<Services, PerPluginPorts> {
  /** Core's view of the configuration: every plugin's settings and the whole instance settings. */
  config: ConfigPort;
  /** Core's accounts service (sign-up, log-in, roles); plugins get `accountsPort` as their `accounts`. */
  accounts: AccountsService;
  /** The sdk's AccountsPort over core's accounts: what a plugin's view names `accounts`. */
  accountsPort: AccountsPort;
  /** Per-plugin scheduler, secrets, outbound HTTP, pub/sub and lifecycle. */
  pluginPorts: PluginPorts;
  /** Each plugin's view of this container. */
  pluginViews: PluginViews;
  /** Core's follows, blocks, remote actors and moderation (registered by registerInbox). */
  federationCore: FederationCore;
  instanceFacts: InstanceFacts;
  searchEngine: SearchEngine;
  /** The backend in use; read at each call, so a test can put a failing one in its place. */
  searchBackend: SearchBackend;
  /** Present when search.sharedIndex.push is on: core's indexing tells it about each local document change. */
  sharedDiscoveryIndex: SharedIndexPublisher | undefined;
  /** Other sources searched with `scope: FEDERATED` (registered by the federated search module; empty by default). */
  searchSources: readonly ExternalSearchSource[];
  /** Resolves handle and URL queries; undefined when nothing provides it. */
  remoteLookup: RemoteLookup | undefined;
  /** Per request scope only. */
  requestId?: string;
  ip?: string;
}
