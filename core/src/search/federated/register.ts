import { asValue, type AwilixContainer } from 'awilix';
import type { FastifyInstance } from 'fastify';
import type { Clock, InstanceSettings, Logger, PluginDefinition } from '@commonplace/sdk/internal';
import type { JobsBackend } from '../../jobs/backend.js';
import type { ExternalSearchSource } from '../external-source.js';
import { discoveryHosts } from './discovery-hosts.js';
import { guardedPeerFetch, type PeerJsonFetch } from './peer-fetch.js';
import { PeerSearchSource } from './peer-search-source.js';
import { publicTypes } from './public-previews.js';
import { FederationRemoteLookup } from './remote-lookup.js';
import { searchApiRoutes } from './search-api-route.js';
import { SharedIndexClient } from './shared-index/shared-index-client.js';
import { SharedIndexSource } from './shared-index/shared-index-source.js';
import { SHARED_INDEX_SYNC_JOB, SharedIndexPublisher } from './shared-index/sync-job.js';
import type { CoreServices } from '../../container/core-cradle.js';


declare module '../../container/core-cradle.js' {
  interface CoreServices {
    /** Present when search.sharedIndex.push is on: core's indexing tells it about each local document change. */
    sharedDiscoveryIndex: SharedIndexPublisher | undefined;
  }
}

export interface FederatedSearchDeps {
  container: AwilixContainer<CoreServices>;
  settings: InstanceSettings;
  publicUrl: string;
  log: Logger;
  clock: Clock;
  jobs: JobsBackend;
  plugins: ReadonlyArray<{ plugin: PluginDefinition<any> }>;
  /** Tests: how peers are fetched (the default goes through the SSRF guard). */
  peerFetch?: PeerJsonFetch;
}

/**
 * Search across instances: the public GET /api/search, one source per trusted peer, the shared
 * discovery index (push and query, each opt-in), and remote look-up of handles and URLs. Registers
 * `searchSources`, `remoteLookup` and `sharedDiscoveryIndex` in the container. Call it after the
 * federation core (registerInbox) and before the app is ready.
 */
export async function registerFederatedSearch(app: FastifyInstance, deps: FederatedSearchDeps): Promise<void> {
  const { container, settings, publicUrl } = deps;
  const log = deps.log.child({ module: 'search.federated' });
  const ownHost = new URL(publicUrl).host.toLowerCase();
  const declarations = deps.plugins.flatMap(({ plugin }) => plugin.search?.documents ?? []);
  const hosts = discoveryHosts({ moderation: () => container.cradle.federationCore.moderation, federation: settings.federation, publicUrl });

  const fetchJson = deps.peerFetch ?? guardedPeerFetch(settings, publicUrl);
  const sources: ExternalSearchSource[] = settings.search.peers.map((peer) => new PeerSearchSource(peer, { fetchJson, hosts, log }));

  const shared = settings.search.sharedIndex;
  const sharedClient = shared
    ? new SharedIndexClient({
        url: shared.url,
        ...(shared.key ? { key: shared.key } : {}),
        index: shared.index,
        requestTimeoutMs: Math.min(settings.search.meilisearch.requestTimeoutMs, settings.search.externalTimeoutMs),
        taskTimeoutMs: settings.search.meilisearch.taskTimeoutMs,
      })
    : undefined;
  if (shared?.query && sharedClient) sources.push(new SharedIndexSource({ client: sharedClient, hosts, ownHost, log }));
  let publisher: SharedIndexPublisher | undefined;
  if (shared?.push && sharedClient) {
    publisher = new SharedIndexPublisher({
      jobs: deps.jobs,
      client: sharedClient,
      declarations: new Map(publicTypes(declarations).map((declaration) => [declaration.type, declaration])),
      ownHost,
      clock: deps.clock,
      services: () => container.cradle,
    });
    deps.jobs.register(SHARED_INDEX_SYNC_JOB, publisher.job());
  }

  container.register({
    searchSources: asValue(sources),
    remoteLookup: asValue(new FederationRemoteLookup({ remoteActors: () => container.cradle.federationCore.remoteActors, hosts, settings, log })),
    sharedDiscoveryIndex: asValue(publisher),
  } as never);

  await searchApiRoutes(app, { settings, publicUrl, declarations, services: () => container.cradle });
}
