import type { FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import type { InstanceSettings, Logger } from '@commonplace/sdk';
import { formatGraphQLErrors } from './format-errors.js';
import { memoizedQueryCost } from './query-cost.js';
import { COMPILE_AFTER_RUNS, selectsAbstractTypeOf } from './compiled-execution.js';

const GRAPHIQL_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self' https://unpkg.com; style-src 'self' 'unsafe-inline' https://unpkg.com; img-src 'self' data: https:; connect-src 'self'; worker-src 'self'";

/**
 * POST /graphql (and GET for queries), GraphiQL at /graphiql, with depth and cost limits.
 * The context carries the request's scope, so resolvers are built per request with the viewer.
 */
export async function registerGraphQL(
  app: FastifyInstance,
  schema: GraphQLSchema,
  settings: InstanceSettings['graphql'],
  log: Logger,
): Promise<void> {
  await app.register(mercurius, {
    schema,
    path: '/graphql',
    graphiql: settings.graphiql,
    queryDepth: settings.maxDepth,
    allowBatchedQueries: false,
    // Repeated queries run compiled (graphql-jit); see compiled-execution.ts for the one exception.
    jit: COMPILE_AFTER_RUNS,
    context: (request) => ({
      scope: request.scope,
      services: request.scope.cradle,
      viewer: request.viewer,
      requestId: String(request.id),
      ip: request.ip,
    }),
    errorFormatter: (execution) => formatGraphQLErrors(execution, log),
  });

  const queryCost = memoizedQueryCost(settings);
  const selectsAbstractType = selectsAbstractTypeOf();
  app.graphql.addHook('preExecution', async (hookSchema, document, _context, variables) => {
    const cost = queryCost(hookSchema, document, variables);
    if (cost > settings.maxCost) {
      const error = new GraphQLError(
        `Query cost ${cost} exceeds the limit of ${settings.maxCost}; ask for smaller pages or fewer fields.`,
        { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', cost, maxCost: settings.maxCost } },
      );
      throw Object.assign(new Error(error.message), { errors: [error], code: 'MER_ERR_GQL_VALIDATION', statusCode: 400 });
    }
    // Handing the document back as "modified" is how mercurius is told not to compile it: it runs on graphql-js.
    if (selectsAbstractType(hookSchema, document)) return { document };
    return undefined;
  });

  // GraphiQL loads its scripts from unpkg and styles inline; relax the policy for its pages only. Set
  // when the request comes in (after the app's own headers), so other responses run no onSend hook.
  if (settings.graphiql) {
    app.addHook('onRequest', (request, reply, done) => {
      if (request.url.startsWith('/graphiql')) reply.header('content-security-policy', GRAPHIQL_CONTENT_SECURITY_POLICY);
      done();
    });
  }
}
