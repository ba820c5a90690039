import { asFunction, asValue, type Resolver } from 'awilix';
import type { Kysely } from 'kysely';
import type { ClassType, Clock, InstanceSettings, JobDefinition, JobsPort, Logger, PluginDefinition, SearchPort } from '@commonplace/sdk/internal';
import { BootError } from '../kernel/boot-error.js';
import type { SearchBackend } from './backend.js';
import { collectDocumentTypes, type DocumentTypes } from './document-types.js';
import { createSearchResolvers } from './graphql/resolver.js';
import { indexJobs } from './index-jobs.js';
import { IndexQueue, SWEEP_JOB } from './index-queue.js';
import { PostgresSearchBackend } from './postgres/postgres-backend.js';
import { SearchEngine } from './search-engine.js';
import type { CoreServices } from '../container/core-cradle.js';


declare module '../container/core-cradle.js' {
  interface CoreServices {
    /** The backend in use; read at each call, so a test can put a failing one in its place. */
    searchBackend: SearchBackend;
  }
}

export interface SearchModuleDeps {
  db: Kysely<any>;
  settings: InstanceSettings;
  jobs: JobsPort;
  clock: Clock;
  log: Logger;
  plugins: readonly PluginDefinition<any>[];
  /** The root container's services, read lazily (the container is filled after this module is made). */
  services: () => CoreServices;
}

export interface SearchModule {
  engine: SearchEngine;
  documentTypes: DocumentTypes;
  /** `search` (per request: the viewer's port), `searchEngine`, `searchBackend`, and empty `searchSources` / `remoteLookup` / `sharedDiscoveryIndex`. */
  registrations: Record<string, Resolver<unknown>>;
  resolvers: ClassType[];
  /** Full job names (`core.search.*`). */
  jobs: Record<string, JobDefinition>;
  schedules: Array<{ name: string; everyMs: number }>;
  /**
   * Prepares the backend at boot (once the container holds the registrations), so the first query
   * does not pay for it. A backend that is down does not stop the boot: the failure is logged and the
   * next query or index job tries again. Resolves to whether it succeeded.
   */
  prepare(): Promise<boolean>;
  close(): Promise<void>;
}

/** Search wired for one instance: the plugins' document types, a backend, the index jobs and the GraphQL query. */
export async function createSearchModule(deps: SearchModuleDeps): Promise<SearchModule> {
  const documentTypes = collectDocumentTypes(deps.plugins);
  const backend = await backendFor(deps);
  const queue = new IndexQueue(deps.db, deps.jobs, deps.clock, documentTypes);
  const currentBackend = () => deps.services().searchBackend;
  const engine = new SearchEngine({
    db: deps.db,
    queue,
    documentTypes,
    settings: deps.settings.search,
    log: deps.log,
    backend: currentBackend,
    sources: () => deps.services().searchSources ?? [],
    remoteLookup: () => deps.services().remoteLookup,
    sharedIndex: () => deps.services().sharedDiscoveryIndex,
  });
  return {
    engine,
    documentTypes,
    registrations: {
      searchEngine: asValue(engine),
      searchBackend: asValue(backend),
      searchSources: asValue([]),
      remoteLookup: asValue(undefined),
      // registerFederatedSearch replaces it when search.sharedIndex.push is on.
      sharedDiscoveryIndex: asValue(undefined),
      // Per request scope: the port answers for that request's viewer (anonymous from the root).
      // Leak-safe: a singleton that takes it gets the root's, whose index/remove are the same and
      // whose queries are anonymous, never another request's viewer.
      search: Object.assign(
        asFunction((services: CoreServices): SearchPort => ({
          index: (document, options) => engine.index(document, options),
          remove: (type, id, options) => engine.remove(type, id, options),
          query: (query) => engine.query(query, services),
        })).scoped(),
        { isLeakSafe: true },
      ),
    },
    resolvers: createSearchResolvers(documentTypes),
    jobs: indexJobs({ queue, backend: currentBackend, ready: () => engine.ready(), sweepIntervalMs: deps.settings.search.sweepIntervalMs, log: deps.log }),
    schedules: [{ name: SWEEP_JOB, everyMs: deps.settings.search.sweepIntervalMs }],
    prepare: async () => {
      try {
        await engine.ready();
        return true;
      } catch (error) {
        deps.log.warn({ err: error, backend: currentBackend().name }, 'search backend not ready at boot; queries answer SERVICE_UNAVAILABLE until it is');
        return false;
      }
    },
    close: async () => {
      await backend.close?.();
    },
  };
}

async function backendFor(deps: SearchModuleDeps): Promise<SearchBackend> {
  const settings = deps.settings.search;
  if (settings.backend === 'postgres') return new PostgresSearchBackend(deps.db, settings);
  // Loaded only when chosen: an embedded instance does not load the Meilisearch client.
  const { meilisearchBackendFrom } = await import('./meilisearch/index.js');
  const backend = meilisearchBackendFrom(deps.settings, { log: deps.log });
  if (!backend) throw new BootError('core', 'search.backend is "meilisearch" but search.meilisearch.url (MEILISEARCH_URL) is not set.');
  return backend;
}
