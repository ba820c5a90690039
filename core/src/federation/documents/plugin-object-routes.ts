import { ANONYMOUS_FETCHER, type ActivityPubObject, type FederatedFetcher, type FederationObjectHandler, type Services } from '@commonplace/sdk/internal';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ACTIVITYSTREAMS_CONTEXT } from '../jsonld/activitystreams-context.js';
import { fetcherOf, passesAuthorizedFetch, type AuthorizedFetchPolicy, type FollowedLocalActors } from './authorized-fetch.js';
import { collectionRequestOf, renderOrderedCollection } from './collections.js';
import { negotiate, sendActivityJson, sendNotAcceptable, VARY_BY_SIGNER } from './content-negotiation.js';
import { embeddedReplies, repliesCollectionUrl, repliesSource } from './object-replies.js';

export interface PluginObjectRoutesDeps {
  handlers: readonly FederationObjectHandler[];
  authorizedFetch: AuthorizedFetchPolicy;
  /** Whom a signer follows here, for what its fetches may see. */
  followedLocalActors: FollowedLocalActors;
  /** federation.collectionPageSize */
  pageSize: number;
}

type IdParams = { id: string };

/**
 * A web page at an object's own path (the web front end hands it over): the object's HTML representation.
 * `gone()` says whether the object is a Tombstone, for a page that finds nothing to show (410, not 404).
 */
export type ObjectPage = (request: FastifyRequest, reply: FastifyReply, object: { gone(): Promise<boolean> }) => Promise<FastifyReply>;

/** The object paths of an app, and the web pages that took some of them. */
export interface ObjectPageSlots {
  /** Every `dispatch.path` served here (one GET route each). */
  readonly paths: ReadonlySet<string>;
  /** The page for a path, set by the web front end after the object routes are registered. */
  attach(path: string, page: ObjectPage): void;
}

interface SlotsState extends ObjectPageSlots {
  readonly paths: Set<string>;
  readonly pages: Map<string, ObjectPage>;
}

// Per app, as htmlNotFoundPages: the web front end is registered after the federation routes, on the same root app.
const slotsByApp = new WeakMap<FastifyInstance, SlotsState>();

function slotsOf(app: FastifyInstance): SlotsState {
  let slots = slotsByApp.get(app);
  if (!slots) {
    const paths = new Set<string>();
    const pages = new Map<string, ObjectPage>();
    slots = {
      paths,
      pages,
      attach(path, page) {
        if (!paths.has(path)) throw new Error(`No federated object is served at ${path}: a page can be the HTML of an object only at its dispatch path.`);
        if (pages.has(path)) throw new Error(`Two web pages claim the object path ${path}.`);
        pages.set(path, page);
      },
    };
    slotsByApp.set(app, slots);
  }
  return slots;
}

/** The object paths served on this app (an object's ActivityPub id is its page: a web page on one of them becomes its HTML). */
export function objectPageSlots(app: FastifyInstance): ObjectPageSlots {
  return slotsOf(app);
}
type CollectionQuery = { page?: string; cursor?: string };

/**
 * Plugins' object URLs (`dispatch` of a federation object handler): content negotiation, authorized
 * fetch for ActivityPub clients (checked before anything is loaded, so a 401 says nothing about
 * existence), 404 for unknown ids, and 410 Gone for objects rendered as a Tombstone. Browsers get the
 * web page at the same path when there is one (its query decides what the viewer sees), else the
 * handler's `dispatch.html`, else the JSON. A handler with `replies` also has its
 * objects' replies served at `<object URL>/replies`, by the same rules, and named in the object.
 */
export async function pluginObjectRoutes(app: FastifyInstance, deps: PluginObjectRoutesDeps): Promise<void> {
  const slots = slotsOf(app);
  for (const handler of deps.handlers) {
    const { dispatch, toActivityPub, replies } = handler;
    if (replies && (!dispatch || !toActivityPub)) {
      throw new Error(`The federation object handler for ${handler.types.join(', ')} has replies but no dispatch and toActivityPub: core serves replies under the object's URL.`);
    }
    if (!dispatch || !toActivityPub) continue;

    /** The row as this fetcher may see it and its rendering, or null once the request has been answered (404). */
    const loadObject = async (request: FastifyRequest<{ Params: IdParams }>, reply: FastifyReply, fetcher: FederatedFetcher, vary: string) => {
      const services = request.scope.cradle as Services;
      const row = await dispatch.load(request.params.id, services, fetcher);
      if (row === null || row === undefined) {
        await notFound(reply, vary);
        return null;
      }
      return { row, services, object: await toActivityPub(row, services) };
    };

    slots.paths.add(dispatch.path);
    app.get<{ Params: IdParams }>(dispatch.path, async (request, reply) => {
      const representation = negotiate(request.headers.accept);
      if (representation === null) return sendNotAcceptable(reply, request.headers.accept);
      const page = representation === 'html' ? slots.pages.get(dispatch.path) : undefined;
      if (page) {
        // Anonymous, as the JSON's public rendering: whether the object is gone for everyone.
        const gone = async () => {
          const services = request.scope.cradle as Services;
          const row = await dispatch.load(request.params.id, services, ANONYMOUS_FETCHER);
          return row !== null && row !== undefined && isTombstone(await toActivityPub(row, services));
        };
        reply.header('vary', 'Accept');
        return page(request, reply, { gone });
      }
      const asPage = representation === 'html' && dispatch.html !== undefined;
      if (!asPage && !(await passesAuthorizedFetch(request, reply, deps.authorizedFetch, { exempt: false }))) return reply;
      // A browser's page is the public one; an ActivityPub fetch is its signer's (what is addressed to it, too).
      const fetcher = asPage ? ANONYMOUS_FETCHER : await fetcherOf(request, deps.authorizedFetch, deps.followedLocalActors);
      const loaded = await loadObject(request, reply, fetcher, asPage ? 'Accept' : VARY_BY_SIGNER);
      if (!loaded) return reply;
      const { row, services, object } = loaded;
      const status = isTombstone(object) ? 410 : 200;
      if (asPage) return reply.status(status).header('vary', 'Accept').type('text/html; charset=utf-8').send(await dispatch.html!(row, services));
      const document: ActivityPubObject = '@context' in object ? object : { '@context': ACTIVITYSTREAMS_CONTEXT, ...object };
      if (!replies || status === 410 || typeof object.id !== 'string' || 'replies' in object) return sendActivityJson(reply, document, status, VARY_BY_SIGNER);
      // The count is the fetcher's: a signer may see replies addressed to it.
      const source = repliesSource(replies, row, fetcher, services);
      return sendActivityJson(reply, { ...document, replies: await embeddedReplies(object.id, source) }, status, VARY_BY_SIGNER);
    });

    if (!replies) continue;
    app.get<{ Params: IdParams; Querystring: CollectionQuery }>(`${dispatch.path}/replies`, async (request, reply) => {
      const representation = negotiate(request.headers.accept);
      if (representation === null) return sendNotAcceptable(reply, request.headers.accept);
      // Browsers read a thread on the object's page.
      if (representation === 'html') return reply.header('vary', 'Accept').redirect(objectPathOf(request.url), 303);
      if (!(await passesAuthorizedFetch(request, reply, deps.authorizedFetch, { exempt: false }))) return reply;
      const fetcher = await fetcherOf(request, deps.authorizedFetch, deps.followedLocalActors);
      const loaded = await loadObject(request, reply, fetcher, VARY_BY_SIGNER);
      if (!loaded) return reply;
      const { row, services, object } = loaded;
      if (isTombstone(object)) return sendActivityJson(reply, '@context' in object ? object : { '@context': ACTIVITYSTREAMS_CONTEXT, ...object }, 410, VARY_BY_SIGNER);
      if (typeof object.id !== 'string') return notFound(reply, VARY_BY_SIGNER);
      const source = repliesSource(replies, row, fetcher, services);
      const collection = await renderOrderedCollection(repliesCollectionUrl(object.id), source, collectionRequestOf(request.query), deps.pageSize);
      return sendActivityJson(reply, collection, 200, VARY_BY_SIGNER);
    });
  }
}

function isTombstone(object: ActivityPubObject): boolean {
  return (Array.isArray(object.type) ? object.type : [object.type]).includes('Tombstone');
}

/** `/x/objects/1/replies?page=true` -> `/x/objects/1`. */
function objectPathOf(url: string): string {
  return url.split('?')[0]!.replace(/\/replies$/, '');
}

/** 404; `vary` names what the answer depended on (the signer too, when the object may be addressed to someone). */
function notFound(reply: FastifyReply, vary = 'Accept'): FastifyReply {
  return reply.status(404).header('vary', vary).send({ statusCode: 404, error: 'Not Found', message: 'No such object here.' });
}
