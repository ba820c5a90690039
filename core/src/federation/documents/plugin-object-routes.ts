import type { ActivityPubObject, FederationObjectHandler, Services } from '@commonplace/sdk';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { ACTIVITYSTREAMS_CONTEXT } from '../jsonld/activitystreams-context.js';
import { passesAuthorizedFetch, type AuthorizedFetchPolicy } from './authorized-fetch.js';
import { negotiate, sendActivityJson, sendNotAcceptable } from './content-negotiation.js';

/**
 * Plugins' object URLs (`dispatch` of a federation object handler): content negotiation, authorized
 * fetch for ActivityPub clients (checked before anything is loaded, so a 401 says nothing about
 * existence), 404 for unknown ids, and 410 Gone for objects rendered as a Tombstone. Browsers get the
 * handler's HTML page when it has one, the JSON otherwise.
 */
export async function pluginObjectRoutes(app: FastifyInstance, deps: { handlers: readonly FederationObjectHandler[]; authorizedFetch: AuthorizedFetchPolicy }): Promise<void> {
  for (const handler of deps.handlers) {
    const { dispatch, toActivityPub } = handler;
    if (!dispatch || !toActivityPub) continue;
    app.get<{ Params: { id: string } }>(dispatch.path, async (request, reply) => {
      const representation = negotiate(request.headers.accept);
      if (representation === null) return sendNotAcceptable(reply, request.headers.accept);
      const asPage = representation === 'html' && dispatch.html !== undefined;
      if (!asPage && !(await passesAuthorizedFetch(request, reply, deps.authorizedFetch, { exempt: false }))) return reply;
      const services = request.scope.cradle as Services;
      const row = await dispatch.load(request.params.id, services);
      if (row === null || row === undefined) return notFound(reply);
      const object = await toActivityPub(row, services);
      const status = isTombstone(object) ? 410 : 200;
      if (asPage) return reply.status(status).header('vary', 'Accept').type('text/html; charset=utf-8').send(await dispatch.html!(row, services));
      return sendActivityJson(reply, '@context' in object ? object : { '@context': ACTIVITYSTREAMS_CONTEXT, ...object }, status);
    });
  }
}

function isTombstone(object: ActivityPubObject): boolean {
  return (Array.isArray(object.type) ? object.type : [object.type]).includes('Tombstone');
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply.status(404).header('vary', 'Accept').send({ statusCode: 404, error: 'Not Found', message: 'No such object here.' });
}
