import type { Resolver } from 'awilix';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Migration } from 'kysely';
import type { JobContext, JobDefinition, JobSchedule } from './ports/jobs.js';
import type { ActivityPubObject, Audience } from './ports/federation.js';
import type { ActorRecord, ActorType } from './ports/actors.js';
import type { CollectionItemsPage, CollectionPageQuery, FederatedFetcher } from './federated-collections.js';
import type { SearchDocument, SearchFilterKind } from './ports/search.js';
import type { PluginServices, Services, SettingsOf } from './ports/services.js';
import type { LifecycleEventName, LifecycleEvents } from './ports/lifecycle.js';
import type { RequestAuthenticator } from './ports/authentication.js';
import type { StandardSchemaV1 } from './settings-schema.js';

/** Kebab-case: lowercase letters and digits separated by single hyphens. */
export const PLUGIN_ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ClassType = Function;

export interface GraphQLContribution {
  /** type-graphql resolver classes, including field resolvers that extend core's or another plugin's types. */
  resolvers: readonly ClassType[];
  /** Types to emit even when no resolver reaches them (implementations of an interface, say). */
  orphanedTypes?: readonly ClassType[];
}

/** An object handler: how a plugin's objects look on the wire and what happens when remote activities touch them. */
export interface FederationObjectHandler<Row = any, S = Services> {
  /** ActivityStreams types this handler claims (`Note`, `Document`...). */
  types: readonly string[];
  /** When several plugins claim a type, the first handler in boot order whose predicate says yes wins. */
  matches?(object: ActivityPubObject): boolean;
  /**
   * The plugin's object URLs: core serves `path` (a Fastify pattern with `:id`, under the instance's
   * root) with content negotiation and authorized fetch, loading the row and rendering it with
   * `toActivityPub` (or `html`, for browsers, when given). `load` returning null answers 404; an object
   * rendered as a `Tombstone` answers 410 Gone (with the Tombstone, or the page).
   *
   * `load` is told who is fetching: the actor whose signature on the GET verified (in any
   * authorized-fetch mode), or `ANONYMOUS_FETCHER` for an anonymous fetch and for browsers; it also
   * says which local actors the signer follows. An object not addressed to the public should load
   * only for those who may see it (`fetcherMaySee`: its addressees, its actor's followers, its Group's
   * members) and be null (404, as Mastodon answers) for everyone else; core varies the answer by signer.
   */
  dispatch?: {
    path: string;
    load(id: string, services: S, fetcher: FederatedFetcher): Promise<Row | null>;
    html?(row: Row, services: S): string | Promise<string>;
  };
  /** The object as ActivityStreams JSON; core adds the ActivityStreams `@context` when it has none of its own. */
  toActivityPub?(row: Row, services: S): ActivityPubObject | Promise<ActivityPubObject>;
  /**
   * The replies to one of this handler's objects (needs `dispatch`). Core serves them at
   * `<object id>/replies` (`dispatch.path` + `/replies`) as an OrderedCollection with pages, with the
   * object's content negotiation, authorized fetch, 404 and 410; and it adds `replies` (that collection,
   * with `totalItems` and `first`) to the object it serves at its id.
   */
  replies?: ObjectReplies<Row, S>;
  /**
   * The replies to local actors that are this handler's objects: comments answering a community's
   * Group, say, whose actor document is core's. Core serves them at `<actor id>/replies` as an
   * OrderedCollection with pages, with the actor's content negotiation, authorized fetch, 404 and 410,
   * and names that collection (`replies`, its URL) in the actor's document. Needs no `dispatch`.
   *
   * It also makes the handler those actors' inbox for posts from servers that know nothing of the
   * plugin (FEP-1b12): a `Create` or `Update` of an object of one of `types` that no handler's
   * `matches` claims, but that answers (`inReplyTo`) or is addressed to (to, cc, audience) a local
   * Group this `load` claims, goes to this handler's `on` (when it has that verb), unless a block
   * stands between the sender and the Group. A Mastodon user mentioning a community's Group posts
   * into it that way; `on` decides what the object is to the Group, or ignores it. An `Update` of such
   * an object that names none of our Groups (an edit that dropped the mention: Mastodon still sends it
   * to the Group's inbox) goes to every such handler with `Update`: each ignores an object it does not
   * hold, and keeps one it holds where it filed it (asking `FederationPort.blockedEitherWay` when the
   * edit names no Group to check a block against).
   */
  actorReplies?: ActorReplies<any, S>;
  /**
   * Incoming activities on this handler's objects. Unhandled verbs are ignored with a log line. A `Flag`
   * is first filed in core's reports; then each handler with `Flag` gets every flagged id (`{ id }`) and
   * ignores those it does not hold (to tell its own moderators).
   *
   * A handler that keeps the activity returns nothing. One that turns it away without an error the
   * sender should see (a non-member posting into a community that approves its members, an edit across
   * a block) returns `dropActivity(reason)`: the sender still gets 202, the reason is logged, and no
   * local Group the activity is addressed to relays it to its followers (FEP-1b12). When several
   * handlers get one activity, it is relayed unless every one of them dropped it. A refusal the sender
   * should hear of is a thrown sdk error instead (BadUserInputError: 400, NotFoundError: 404...).
   */
  on?: Partial<Record<InboxVerb, (activity: ActivityPubObject, object: ActivityPubObject, services: S) => Promise<InboxHandlerResult>>>;
  /**
   * Optional batch forms of `on`, for handlers that store many incoming objects at once (a microblog
   * keeping Notes: one multi-row insert instead of one per Note). The inbox commits the activities
   * that arrive together in one transaction; when several consecutive ones there go to this handler
   * with the same verb, core calls `onMany[verb]` once with all of them, in arrival order, instead of
   * `on[verb]` for each. It must have the effect of calling `on[verb]` for each entry in order. Only
   * used beside `on[verb]`, which a lone activity still gets; when a batch fails, it is rolled back
   * and each activity is retried alone with `on[verb]`. An activity addressed to a local Group always
   * goes to `on`, so that what it drops is not relayed: `onMany` reports no drops.
   */
  onMany?: Partial<Record<Exclude<InboxVerb, 'Flag'>, (entries: readonly InboxEntry[], services: S) => Promise<void>>>;
}

/** The activities a plugin's object handler may be given (`on`); all but `Flag` also in batches (`onMany`). */
export type InboxVerb = 'Create' | 'Update' | 'Delete' | 'Like' | 'Announce' | 'Undo' | 'Flag';

/** What an `on` handler answers: nothing when it kept the activity, `dropActivity(reason)` when it turned it away. */
export type InboxHandlerResult = void | DroppedActivity;

/** An activity a plugin's handler turned away: accepted (202) but not kept, and not relayed by a local Group. */
export interface DroppedActivity {
  readonly dropped: true;
  /** Why, for the inbox's log line. */
  readonly reason: string;
}

/** The answer of an `on` handler that turns an activity away: `return dropActivity('not a member of the community')`. */
export function dropActivity(reason: string): DroppedActivity {
  return { dropped: true, reason };
}

/** Whether a handler's answer says it dropped the activity (anything else, `undefined` included, is kept). */
export function isDroppedActivity(result: unknown): result is DroppedActivity {
  return typeof result === 'object' && result !== null && (result as { dropped?: unknown }).dropped === true;
}

/** One activity given to `onMany`: the activity and the object it acts on, as `on` receives them. */
export interface InboxEntry {
  activity: ActivityPubObject;
  object: ActivityPubObject;
}

/**
 * A paged query over the replies to one object, for core to serve. Both answers are for `fetcher`
 * only: public and unlisted replies for anyone, more only for a signer entitled to them
 * (`fetcherMaySee`); deleted replies are left out. `keysetCollectionPage` makes the pages.
 */
export interface ObjectReplies<Row = any, S = Services> {
  /** How many replies `fetcher` may see: the collection's `totalItems`. */
  count(row: Row, fetcher: FederatedFetcher, services: S): Promise<number>;
  /** One page of them, in the collection's order (a thread reads oldest first): ids, or objects without `@context`. */
  page(row: Row, query: CollectionPageQuery, services: S): Promise<CollectionItemsPage>;
}

/** A local actor as core offers it to `ActorReplies.load`. */
export type RepliedActor = Pick<ActorRecord, 'id' | 'type' | 'username' | 'uri'>;

/**
 * The replies to some of the instance's local actors (a plugin's Groups), for core to serve. `load`
 * says which actors have them: for an actor of one of `actorTypes`, core asks each handler's in boot
 * order and the first that returns a row serves the collection; an actor none claims has no `replies`.
 * `count` and `page` follow the rules of `ObjectReplies` (the fetcher's view, no deleted replies).
 */
export interface ActorReplies<ActorRow = any, S = Services> extends ObjectReplies<ActorRow, S> {
  /** The actor types that may have replies here (`Group`...): core asks `load` about no others. */
  actorTypes: readonly ActorType[];
  /** The plugin's row for `actor`, or null when it is not an actor whose replies this plugin serves. */
  load(actor: RepliedActor, services: S): Promise<ActorRow | null>;
}

export interface FederationContribution<S = Services> {
  objects?: readonly FederationObjectHandler<any, S>[];
}

/** A document type the plugin puts in the search index. */
export interface SearchDocumentType<Row = any, S = Services> {
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
  /** Other ways to log in (signed requests, a client API's tokens), asked before core's bearer tokens. */
  authenticators?: readonly RequestAuthenticator[];
  /** Lifecycle events the plugin reacts to; each runs as a job after the commit that caused it. */
  events?: { [E in LifecycleEventName]?: (event: LifecycleEvents[E], services: S) => Promise<void> };
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
