import type { ActorReplies, Services } from '@commonplace/sdk/internal';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderActorDocument, renderActorTombstone } from './actor-document.js';
import type { LocalActorFields } from './actor-fields.js';
import { claimActorReplies } from './actor-replies.js';
import { ACTOR_COLLECTIONS, actorUrls, profileUrl, type ActorCollectionName } from './actor-urls.js';
import { fetcherOf, passesAuthorizedFetch, type AuthorizedFetchPolicy, type FollowedLocalActors } from './authorized-fetch.js';
import { collectionRequestOf, emptyCollection, renderOrderedCollection, type CollectionSource } from './collections.js';
import { negotiate, sendActivityJson, sendNotAcceptable, VARY_BY_SIGNER } from './content-negotiation.js';
import type { LocalActor, LocalActorDirectory } from './local-actor-directory.js';
import { repliesCollectionUrl, repliesSource } from './object-replies.js';
import { renderNoticePage, renderProfilePage } from './profile-page.js';

/** Gives the source of one of an actor's collections; unset collections are served empty. */
export type ActorCollectionSources = Partial<Record<ActorCollectionName, (actor: LocalActor) => CollectionSource>>;

export interface ActorRoutesDeps {
  directory: LocalActorDirectory;
  publicUrl: string;
  instanceName: string;
  instanceActorUsername: string;
  authorizedFetch: AuthorizedFetchPolicy;
  /** Whom a signer follows here, for what its fetches may see. */
  followedLocalActors: FollowedLocalActors;
  collections: ActorCollectionSources;
  /** Plugins' replies to local actors (`FederationObjectHandler.actorReplies`), in boot order. */
  actorReplies?: readonly ActorReplies[];
  /** federation.collectionPageSize */
  pageSize: number;
  /** The plugins' fields for actor documents (`federation.actorFields`), bound to their views. */
  actorFields?: LocalActorFields;
  /** Serve the plain profile page at `/@<username>` (default true); false when the web front end's profile page has that path. */
  profilePages?: boolean;
}

type UsernameParams = { username: string };

/**
 * Each local actor's federated URLs, negotiated: ActivityPub JSON for servers, the HTML profile for
 * browsers (the actor URL and its collections redirect there), 406 for anything else. Deleted actors
 * answer 410 Gone with a Tombstone. An actor a plugin gives replies (a community's Group) also has
 * `<actor id>/replies`, paged like an object's, and names it in its document.
 */
export async function actorRoutes(app: FastifyInstance, deps: ActorRoutesDeps): Promise<void> {
  const host = new URL(deps.publicUrl).host;
  const handleOf = (username: string) => `@${username}@${host}`;

  /** Negotiates, checks authorized fetch and finds the actor; null once it has answered the request itself. */
  const prepare = async (request: FastifyRequest<{ Params: UsernameParams }>, reply: FastifyReply) => {
    const representation = negotiate(request.headers.accept);
    if (!representation) {
      await sendNotAcceptable(reply, request.headers.accept);
      return null;
    }
    const { username } = request.params;
    if (representation === 'html') {
      await reply.header('vary', 'Accept').redirect(profileUrl(deps.publicUrl, encodeURIComponent(username)), 303);
      return null;
    }
    const exempt = username.toLowerCase() === deps.instanceActorUsername;
    if (!(await passesAuthorizedFetch(request, reply, deps.authorizedFetch, { exempt }))) return null;
    const actor = await deps.directory.byUsername(username);
    if (!actor) {
      await reply.status(404).header('vary', 'Accept').send({ statusCode: 404, error: 'Not Found', message: `No actor named ${username} here.` });
      return null;
    }
    if (actor.deletedAt) {
      await sendActivityJson(reply, renderActorTombstone(actor), 410);
      return null;
    }
    return actor;
  };

  const actorReplies = deps.actorReplies ?? [];
  const claimReplies = (request: FastifyRequest, actor: LocalActor) => claimActorReplies(actorReplies, actor, () => request.scope.cradle as Services);

  app.get<{ Params: UsernameParams }>('/actors/:username', async (request, reply) => {
    const actor = await prepare(request, reply);
    if (!actor) return reply;
    const keys = await deps.directory.publicKeys(actor.id);
    // Only the collection's URL: the document stays the same for every fetcher (and cacheable); the count is the fetcher's.
    const replies = (await claimReplies(request, actor)) ? repliesCollectionUrl(actor.uri) : null;
    const pluginFields = deps.actorFields ? await deps.actorFields(actor) : undefined;
    return sendActivityJson(reply, renderActorDocument(actor, keys, actorUrls(deps.publicUrl, actor), { replies, ...(pluginFields ? { pluginFields } : {}) }));
  });

  for (const name of ACTOR_COLLECTIONS) {
    app.get<{ Params: UsernameParams; Querystring: { page?: string; cursor?: string } }>(
      `/actors/:username/${name}`,
      async (request, reply) => {
        const actor = await prepare(request, reply);
        if (!actor) return reply;
        const source = deps.collections[name]?.(actor) ?? emptyCollection;
        const document = await renderOrderedCollection(actorUrls(deps.publicUrl, actor)[name], source, collectionRequestOf(request.query), deps.pageSize);
        return sendActivityJson(reply, document);
      },
    );
  }

  app.get<{ Params: UsernameParams; Querystring: { page?: string; cursor?: string } }>('/actors/:username/replies', async (request, reply) => {
    const actor = await prepare(request, reply);
    if (!actor) return reply;
    const claimed = await claimReplies(request, actor);
    if (!claimed) {
      return reply.status(404).header('vary', 'Accept').send({ statusCode: 404, error: 'Not Found', message: `${actor.username} has no replies collection.` });
    }
    // Who signed the GET decides what it sees, as for an object's replies.
    const source = repliesSource(claimed.replies, claimed.row, await fetcherOf(request, deps.authorizedFetch, deps.followedLocalActors), request.scope.cradle as Services);
    const collection = await renderOrderedCollection(repliesCollectionUrl(actor.uri), source, collectionRequestOf(request.query), deps.pageSize);
    return sendActivityJson(reply, collection, 200, VARY_BY_SIGNER);
  });

  // The profile page (the actor's `url`): HTML for browsers; servers that fetch it are sent to the actor.
  if (deps.profilePages !== false) app.get<{ Params: UsernameParams }>('/@:username', async (request, reply) => {
    reply.header('vary', 'Accept');
    const representation = negotiate(request.headers.accept);
    if (!representation) return sendNotAcceptable(reply, request.headers.accept);
    const actor = await deps.directory.byUsername(request.params.username);
    const handle = handleOf(actor?.username ?? request.params.username);
    const html = (status: number, page: string) => reply.status(status).type('text/html; charset=utf-8').send(page);
    if (!actor) return html(404, renderNoticePage('Not found', `${handle} is not on this server.`));
    if (representation === 'activity-json') return reply.redirect(actor.uri, 303);
    if (actor.deletedAt) return html(410, renderNoticePage('Gone', `${handle} was deleted.`));
    return reply
      .type('text/html; charset=utf-8')
      .send(renderProfilePage(actor, { handle, actorUri: actor.uri, instanceName: deps.instanceName }));
  });
}
