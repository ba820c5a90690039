import type { Resolver } from 'awilix';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Migration } from 'kysely';
import type { JobContext, JobDefinition, JobSchedule } from './ports/jobs.js';
import type { SearchDocument, SearchFilterKind } from './ports/search.js';
import type { PluginServices, Services, SettingsOf } from './ports/services.js';
import type { LifecycleEventName, LifecycleEvents } from './ports/lifecycle.js';
import type { AccountDataExport, AccountDataSubject } from './account-data.js';
import type { RequestAuthenticator } from './ports/authentication.js';
import type { StandardSchemaV1 } from './settings-schema.js';
import type { FederationContribution } from './federation-handlers.js';
import type { WebContribution } from './web/contract.js';

// The federation handler types live in federation-handlers.ts; re-exported here so existing imports keep working.
export * from './federation-handlers.js';

/** Kebab-case: lowercase letters and digits separated by single hyphens. */
export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export type { ClassType } from './class-type.js';
import type { ClassType } from './class-type.js';

export interface GraphQLContribution {
  /** type-graphql resolver classes, including field resolvers that extend core's or another plugin's types. */
  resolvers: readonly ClassType[];
  /** Types to emit even when no resolver reaches them (implementations of an interface, say). */
  orphanedTypes?: readonly ClassType[];
  /** Bare GraphQL type names the plugin claims (a public vocabulary such as ValueFlows'); every other type it defines starts with its prefix (PascalCase of its id). */
  names?: readonly string[];
}

/** A document type the plugin puts in the search index (untyped `S`: core holds every plugin's, and calls each with its plugin's view). */
export interface SearchDocumentType<Row = any, S = any> {
  /** `<plugin-id>.<name>`, unique in the instance; the `types` argument of `search` uses it. */
  type: string;
  /** The GraphQL object type its hits resolve to (a member of the `SearchResult` union). */
  graphqlType?: string;
  /** Searchable fields with their weight (A highest, D lowest, as in PostgreSQL). */
  fields: Record<string, { weight: 'A' | 'B' | 'C' | 'D' }>;
  /** Filterable fields and how each is compared. */
  filters?: Record<string, SearchFilterKind>;
  /** Keyword filters whose value counts come back with results. */
  facets?: readonly string[];
  /** The document to index for a row of this type. */
  toDocument(row: Row): SearchDocument;
  /** Rows in batches, for `commonplace reindex`: the page after `afterId` (ordered by id), or [] at the end. */
  rows(services: S, page: { afterId: string | null; limit: number }): Promise<readonly Row[]>;
  /** Loads the objects of hits for GraphQL, and re-checks that the viewer may still see them. */
  load(ids: readonly string[], services: S): Promise<ReadonlyMap<string, unknown>>;
  /**
   * How a public document shows on other instances (GET /api/search, the shared discovery index): an
   * object `load` returned, as a title, a short summary and its URL. Types without it stay local.
   */
  publicPreview?(object: any, services: S): PublicSearchPreview | null;
}

/** A document as other instances see it in their search results. */
export interface PublicSearchPreview {
  title: string;
  summary?: string | null;
  /** Absolute URL of the object (its ActivityPub id, when it federates): hits from several sources are deduped by it. */
  url: string;
}

/** A plugin's job: like a core job definition, and its handler also gets the instance's services. */
export interface PluginJobDefinition<Payload = any, S = Services> extends Omit<JobDefinition<Payload>, 'handler'> {
  handler(payload: Payload, context: JobContext & { services: S }): Promise<void>;
}

/** What a plugin's `routes`, `onBoot` and `seedDemo` are given besides the app or services. */
export interface PluginContext<Settings, S = Services> {
  id: string;
  settings: Settings;
  /** A route's view of the instance's services, with the request's viewer: `context.services(request).myService`. */
  services(request: FastifyRequest): S;
}

/** The names of a plugin's own services: what it registers beyond core's ports. */
export type OwnServiceNames<S> = Exclude<keyof S, keyof PluginServices> & string;

/**
 * A plugin's manifest, typed by its services (`PluginServices<Tables, Settings>` and its own): every
 * callback gets that view of the container, and nothing else.
 */
export interface PluginDefinition<S extends PluginServices<any, any> = Services> {
  /** Kebab-case, unique in an instance. Table names and job names are prefixed with it. */
  id: string;
  version: string;
  /** One line for the instance's front page and `commonplace plugins`. */
  description?: string;
  /** Ids of plugins that must be enabled and booted first; their `exports` become part of this plugin's view. */
  dependsOn?: readonly string[];
  /** Validated at boot; invalid settings stop boot with a message naming the plugin. */
  settings?: StandardSchemaV1<unknown, SettingsOf<S>>;
  /** Ordered by key (name them `0001_create_things`...); run in one transaction per plugin, tracked per plugin. */
  migrations?: Record<string, Migration>;
  graphql?: GraphQLContribution;
  federation?: FederationContribution<S>;
  /** Pages, menu entries, slot panels, messages and islands of the web front end (sdk/src/web/contract.ts). */
  web?: WebContribution;
  search?: { documents: readonly SearchDocumentType<any, S>[] };
  /** Job handlers by name; the full job name is `<plugin-id>.<name>`. */
  jobs?: Record<string, PluginJobDefinition<any, S>>;
  schedules?: readonly JobSchedule[];
  /** Extra HTTP routes in the plugin's own Fastify context, mounted under `/<plugin-id>` unless `routePrefix` says otherwise. */
  routes?: (app: FastifyInstance, context: PluginContext<SettingsOf<S>, S>) => Promise<void> | void;
  routePrefix?: string;
  /**
   * awilix registrations of the plugin's own services. Use `asClass(X).scoped()` for services that need
   * the viewer, `.singleton()` for those that do not. Each is built from the plugin's view.
   */
  services?: { [K in OwnServiceNames<S>]?: Resolver<S[K]> };
  /**
   * Which of its own services the plugins that `dependsOn` this one may use: its extension points. A
   * plugin that does not depend on it cannot reach them.
   */
  exports?: readonly OwnServiceNames<S>[];
  /** Other ways to log in (signed requests, a client API's tokens), asked after core's own bearer tokens (see RequestAuthenticator). */
  authenticators?: readonly RequestAuthenticator[];
  /** Lifecycle events the plugin reacts to; each runs as a job after the commit that caused it. */
  events?: { [E in LifecycleEventName]?: (event: LifecycleEvents[E], services: S) => Promise<void> };
  /**
   * The person's own data this plugin keeps, for their archive (deletion is the `account.deleted` event).
   * `export` answers JSON of what the account's actor made (not what others made about them); a
   * failure is reported in the archive as this plugin's error, the other plugins' parts still included.
   */
  accountData?: { export: (account: AccountDataSubject, services: S) => Promise<AccountDataExport> };
  /**
   * NodeInfo's `usage.localPosts` counts every object local actors published in a Create through
   * `services.federation` and have not deleted. A plugin whose objects are often not published (kept
   * among local agents) adds those here, and only those, or they would count twice.
   */
  nodeInfo?: { unpublishedLocalPosts?: (services: S) => Promise<number> };
  /** Runs once after migrations, before the server listens. */
  onBoot?: (services: S, context: PluginContext<SettingsOf<S>, S>) => Promise<void> | void;
  /** Runs once when the instance closes, in reverse boot order, before its container is disposed. */
  onClose?: (services: S) => Promise<void> | void;
  /** Demo data for `commonplace seed-demo` and the demo instance's first start. */
  seedDemo?: (services: S, context: PluginContext<SettingsOf<S>, S>) => Promise<void> | void;
}

/**
 * Declares a plugin, typed by its services: `definePlugin<Services>({ ... })`. Returns it unchanged;
 * the kernel checks it at boot.
 */
export function definePlugin<S extends PluginServices<any, any> = Services>(plugin: PluginDefinition<S>): PluginDefinition<S> {
  return plugin;
}
