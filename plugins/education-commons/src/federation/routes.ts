import type { FastifyInstance } from '@commonplace/sdk';
import { COMMONS_CONTEXT_DOCUMENT } from './json-ld-context.js';
import { CONTEXT_PATH } from './uris.js';

/**
 * The plugin's own federated URL, under /education-commons: our JSON-LD context, public and
 * cacheable (servers never need a signature to read a vocabulary). Resources and comments are served
 * by core from their handlers' `dispatch` (object-urls.ts), with authorized fetch.
 */
export async function federationRoutes(app: FastifyInstance): Promise<void> {
  app.get(CONTEXT_PATH, async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=86400').type('application/ld+json; charset=utf-8');
    return COMMONS_CONTEXT_DOCUMENT;
  });
}
