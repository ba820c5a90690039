import type { FastifyInstance } from 'fastify';
import { actorUrls } from '../documents/actor-urls.js';
import type { LocalActorDirectory } from '../documents/local-actor-directory.js';
import { parseWebFingerResource } from './webfinger-resource.js';

export const JRD_CONTENT_TYPE = 'application/jrd+json; charset=utf-8';

export interface WebFingerDeps {
  directory: LocalActorDirectory;
  publicUrl: string;
}

/** The JRD for one local actor: its handle, its URLs, and where to fetch it as ActivityPub. */
export function renderJrd(actor: { username: string; uri: string }, publicUrl: string): Record<string, unknown> {
  const urls = actorUrls(publicUrl, actor);
  return {
    subject: `acct:${actor.username}@${new URL(publicUrl).host}`,
    aliases: [urls.id, urls.profile],
    links: [
      { rel: 'self', type: 'application/activity+json', href: urls.id },
      { rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: urls.profile },
    ],
  };
}

/** GET /.well-known/webfinger?resource=acct:user@host (or an actor URL). Readable from any origin. */
export async function webFingerRoute(app: FastifyInstance, deps: WebFingerDeps): Promise<void> {
  const publicHost = new URL(deps.publicUrl).host;
  app.get('/.well-known/webfinger', async (request, reply) => {
    reply.header('access-control-allow-origin', '*').header('vary', 'Accept');
    const { resource } = request.query as { resource?: unknown };
    const target = parseWebFingerResource(Array.isArray(resource) ? undefined : resource, publicHost);
    if (target.kind === 'malformed') return reply.status(400).send({ statusCode: 400, error: 'Bad Request', message: target.reason });
    if (target.kind === 'elsewhere') return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: target.reason });
    const actor = await deps.directory.byUsername(target.username);
    if (!actor) {
      return reply.status(404).send({ statusCode: 404, error: 'Not Found', message: `no actor named ${target.username} on ${publicHost}` });
    }
    if (actor.deletedAt) {
      return reply.status(410).send({ statusCode: 410, error: 'Gone', message: `${actor.username}@${publicHost} was deleted` });
    }
    return reply.type(JRD_CONTENT_TYPE).send(JSON.stringify(renderJrd(actor, deps.publicUrl)));
  });
}
