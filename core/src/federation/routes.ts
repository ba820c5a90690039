import type { ActorRecord, ActorsPort, Clock, FederationObjectHandler, InstanceSettings, Logger } from '@commonplace/sdk/internal';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { hostMetaRoutes } from './discovery/host-meta.js';
import { nodeInfoRoutes, type NodeInfoMetadataContributor } from './discovery/nodeinfo.js';
import { webFingerRoute } from './discovery/webfinger.js';
import { actorRepliesOf } from './documents/actor-replies.js';
import type { LocalActorFields } from './documents/actor-fields.js';
import { actorRoutes, type ActorCollectionSources } from './documents/actor-routes.js';
import type { IsSignedFetch } from './documents/authorized-fetch.js';
import { ensureInstanceActor, INSTANCE_ACTOR_USERNAME } from './documents/instance-actor.js';
import { LocalActorDirectory } from './documents/local-actor-directory.js';
import { pluginObjectRoutes } from './documents/plugin-object-routes.js';
import { followedLocalActorIds } from './follows/follow-queries.js';
import { methodNotAllowedRoutes } from './method-not-allowed.js';

export interface FederationRoutesDeps {
  db: Kysely<any>;
  settings: InstanceSettings;
  /** Without a trailing slash. */
  publicUrl: string;
  actors: ActorsPort;
  log: Logger;
  clock: Clock;
  definition: { name: string; description?: string | null | undefined };
  /** Shown in NodeInfo metadata: plugin ids, or ids with versions. */
  enabledPlugins: ReadonlyArray<string | { id: string; version?: string }>;
  /** Verifies a GET's HTTP signature and names its signer, for authorized-fetch mode and signers' views; without it no GET counts as signed. */
  isSignedFetch?: IsSignedFetch;
  /** Contributions to NodeInfo `metadata`, for plugins. */
  nodeInfoMetadata?: readonly NodeInfoMetadataContributor[];
  /** NodeInfo `usage.localPosts`; without it, the objects created through core's outbox and not deleted. */
  countLocalPosts?: () => Promise<number>;
  /** Sources of actors' followers, following, outbox and featured; each one unset is served empty. */
  actorCollections?: ActorCollectionSources;
  /** The plugins' object handlers: those with `dispatch` have their object URLs (and `replies`) served here, those with `actorReplies` the replies of local actors. */
  objectHandlers?: readonly FederationObjectHandler[];
  /** The plugins' fields for local actors' documents (documents/actor-fields.ts pluginActorFields). */
  actorFields?: LocalActorFields;
  /** Serve the plain profile page at `/@<username>` (default true); boot turns it off, the web front end's profile page has that path. */
  profilePages?: boolean;
}

export interface FederationRoutes {
  /** The server's own Application actor, which signs its GETs. */
  instanceActor: ActorRecord;
}

/**
 * Discovery (WebFinger, host-meta, NodeInfo) and local actors' documents and collections. Makes the
 * instance actor if it is missing, so call it during boot, before the server listens.
 */
export async function registerFederationRoutes(app: FastifyInstance, deps: FederationRoutesDeps): Promise<FederationRoutes> {
  const log = deps.log.child({ module: 'federation' });
  const publicUrl = deps.publicUrl.replace(/\/+$/, '');
  const instanceActor = await ensureInstanceActor({ db: deps.db, actors: deps.actors, definition: deps.definition, log });
  const directory = new LocalActorDirectory(deps.db);

  await webFingerRoute(app, { directory, publicUrl });
  await hostMetaRoutes(app, { publicUrl });
  await nodeInfoRoutes(app, {
    db: deps.db,
    clock: deps.clock,
    publicUrl,
    signUp: deps.settings.signUp,
    nodeName: deps.definition.name,
    nodeDescription: deps.definition.description ?? '',
    plugins: deps.enabledPlugins.map((plugin) => (typeof plugin === 'string' ? { id: plugin } : plugin)),
    metadata: deps.nodeInfoMetadata ?? [],
    usageCacheSeconds: deps.settings.federation.nodeInfoCacheSeconds,
    ...(deps.countLocalPosts ? { countLocalPosts: deps.countLocalPosts } : {}),
  });
  const authorizedFetch = { enabled: deps.settings.federation.authorizedFetch, isSignedFetch: deps.isSignedFetch };
  const followedLocalActors = (followerUri: string) => followedLocalActorIds(deps.db, followerUri, deps.settings.federation.fetcherFollowsMax);
  const pageSize = deps.settings.federation.collectionPageSize;
  await actorRoutes(app, {
    directory,
    publicUrl,
    instanceName: deps.definition.name,
    instanceActorUsername: INSTANCE_ACTOR_USERNAME,
    authorizedFetch,
    followedLocalActors,
    collections: deps.actorCollections ?? {},
    actorReplies: actorRepliesOf(deps.objectHandlers ?? []),
    pageSize,
    ...(deps.actorFields ? { actorFields: deps.actorFields } : {}),
    ...(deps.profilePages === false ? { profilePages: false } : {}),
  });
  await pluginObjectRoutes(app, { handlers: deps.objectHandlers ?? [], authorizedFetch, followedLocalActors, pageSize });
  await methodNotAllowedRoutes(app);
  return { instanceActor };
}
