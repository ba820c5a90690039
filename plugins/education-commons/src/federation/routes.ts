import type { FastifyInstance, FastifyReply, FastifyRequest } from '@commonplace/sdk';
import { isUuid } from '@commonplace/sdk';
import { normalise } from '../resources/resource-service.js';
import { commonsOf } from '../shared/commons.js';
import { escapeHtml } from '../shared/html.js';
import { findLicence } from '../vocabularies/index.js';
import { commentDocument, resourceDocument } from './documents.js';
import { COMMONS_CONTEXT_DOCUMENT } from './json-ld-context.js';
import { CONTEXT_PATH } from './uris.js';

const ACTIVITY_JSON = 'application/activity+json; charset=utf-8';

/**
 * The plugin's federated URLs, under /education-commons: our JSON-LD context, and every resource and
 * comment at its id. ActivityPub clients (Accept: application/activity+json or ld+json) get the
 * object; browsers get a small readable page. A deleted object answers 410 with its Tombstone.
 */
export async function federationRoutes(app: FastifyInstance): Promise<void> {
  app.get(CONTEXT_PATH, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=86400').type('application/ld+json; charset=utf-8');
    return COMMONS_CONTEXT_DOCUMENT;
  });

  app.get<{ Params: { id: string } }>('/resources/:id', async (request, reply) => {
    const services = request.scope.cradle;
    const { db, publicUrl } = commonsOf(services);
    const row = isUuid(request.params.id)
      ? await db.selectFrom('education_commons_resources').selectAll().where('id', '=', request.params.id).where('origin_host', 'is', null).executeTakeFirst()
      : undefined;
    if (!row) return reply.code(404).type('text/plain').send('No such resource.');
    const resource = normalise(row);
    const document = resourceDocument(resource, await services.educationResources.linksOf(db, resource), publicUrl);
    if (wantsActivityPub(request)) return sendObject(reply, document, resource.deleted_at !== null);
    if (resource.deleted_at) return reply.code(410).type('text/plain').send('This resource was deleted.');
    const licence = findLicence(resource.licence);
    return reply.type('text/html; charset=utf-8').send(
      page(resource.name, resource.uri, [
        `<p><a href="${escapeHtml(resource.url)}">${escapeHtml(resource.url)}</a></p>`,
        resource.summary ? `<p>${escapeHtml(resource.summary)}</p>` : '',
        `<p>Licence: ${licence ? `<a rel="license" href="${escapeHtml(licence.url)}">${escapeHtml(licence.name)}</a>` : escapeHtml(resource.licence)}</p>`,
      ]),
    );
  });

  app.get<{ Params: { id: string } }>('/comments/:id', async (request, reply) => {
    const services = request.scope.cradle;
    const { db } = commonsOf(services);
    const row = isUuid(request.params.id)
      ? await db.selectFrom('education_commons_comments').selectAll().where('id', '=', request.params.id).where('origin_host', 'is', null).executeTakeFirst()
      : undefined;
    if (!row) return reply.code(404).type('text/plain').send('No such comment.');
    const root = await threadRootUri(services, row.target_kind, row.target_id);
    const parent = row.in_reply_to_id ? await db.selectFrom('education_commons_comments').select('uri').where('id', '=', row.in_reply_to_id).executeTakeFirst() : undefined;
    const community = row.community_id ? await db.selectFrom('education_commons_communities').select('actor_uri').where('id', '=', row.community_id).executeTakeFirst() : undefined;
    const document = commentDocument(row, root, parent?.uri ?? root, community?.actor_uri ?? null);
    if (wantsActivityPub(request)) return sendObject(reply, document, row.deleted_at !== null);
    if (row.deleted_at) return reply.code(410).type('text/plain').send('This comment was deleted.');
    return reply.type('text/html; charset=utf-8').send(page('Comment', row.uri, [`<p>${escapeHtml(row.content)}</p>`, `<p>In reply to <a href="${escapeHtml(parent?.uri ?? root)}">${escapeHtml(parent?.uri ?? root)}</a></p>`]));
  });
}

async function threadRootUri(services: FastifyRequest['scope']['cradle'], kind: string, id: string): Promise<string> {
  const { db } = commonsOf(services);
  if (kind === 'resource') return (await db.selectFrom('education_commons_resources').select('uri').where('id', '=', id).executeTakeFirst())?.uri ?? '';
  if (kind === 'collection') return (await db.selectFrom('education_commons_collections').select('actor_uri').where('id', '=', id).executeTakeFirst())?.actor_uri ?? '';
  return (await db.selectFrom('education_commons_communities').select('actor_uri').where('id', '=', id).executeTakeFirst())?.actor_uri ?? '';
}

function wantsActivityPub(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '').toLowerCase();
  return accept.includes('application/activity+json') || accept.includes('application/ld+json');
}

function sendObject(reply: FastifyReply, document: unknown, deleted: boolean) {
  return reply.code(deleted ? 410 : 200).header('vary', 'Accept').type(ACTIVITY_JSON).send(JSON.stringify(document));
}

function page(title: string, uri: string, body: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><link rel="alternate" type="application/activity+json" href="${escapeHtml(uri)}"></head><body><h1>${escapeHtml(title)}</h1>${body.join('')}</body></html>`;
}
