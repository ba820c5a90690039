import type { FastifyInstance } from 'fastify';
import { introspectionFromSchema, type GraphQLSchema } from 'graphql';
import { readBuiltPage, registerWebAssets } from './web-assets.js';

/**
 * GraphiQL's page loads only files of this instance: its scripts (and Monaco's workers) from
 * /assets, its queries to /graphql. No script is inline. Styles need 'unsafe-inline' (Monaco writes
 * <style> elements and GraphiQL's panes set style attributes at run time), and fonts data: (GraphiQL's
 * stylesheet carries its fonts inline as data: URLs); neither can run code.
 */
export const GRAPHIQL_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'self'",
].join('; ');

/**
 * GET /graphiql: the GraphiQL IDE, built from our own dependencies (core/web/graphiql) instead of
 * mercurius's page, which loads React and GraphiQL from a public CDN (and shows nothing offline).
 *
 * GET /graphiql/schema.json: the schema's full introspection, which GraphiQL is given instead of
 * asking /graphql for it: graphql-js's introspection query is 15 levels deep, past the API's depth
 * limit (graphql.maxDepth, 12), and lowering the limit's guard for introspection would let any
 * client nest __type { fields { type { fields ... } } } as deep as it likes. This answer is one
 * fixed document, worked out once; it tells no more than the introspection /graphql allows.
 */
export async function registerGraphiQL(app: FastifyInstance, schema: GraphQLSchema): Promise<void> {
  await registerWebAssets(app);
  // Read once: the build changes only on install, and a restart picks it up.
  const page = readBuiltPage('graphiql');
  app.get('/graphiql', (_request, reply) => {
    reply.header('content-security-policy', GRAPHIQL_CONTENT_SECURITY_POLICY);
    if ('missing' in page) {
      return reply.status(503).type('text/plain; charset=utf-8').send(page.missing);
    }
    // The page names the current hashed assets, so it is asked for again each time.
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(page.html);
  });

  let introspection: string | undefined;
  app.get('/graphiql/schema.json', (_request, reply) => {
    introspection ??= JSON.stringify({ data: introspectionFromSchema(schema, { inputValueDeprecation: true, schemaDescription: true }) });
    return reply.header('cache-control', 'no-cache').type('application/json; charset=utf-8').send(introspection);
  });
}
