import type { FastifyInstance } from 'fastify';
import mercurius from 'mercurius';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import type { InstanceSettings, Logger } from '@commonplace/sdk';
import { formatGraphQLErrors } from './format-errors.js';
import { memoizedQueryCost } from './query-cost.js';
import { COMPILE_AFTER_RUNS, selectsAbstractTypeOf } from './compiled-execution.js';
import { registerGraphiQL } from '../http/graphiql-page.js';
import { refuseControlCharactersInGraphQL } from './input-text-check.js';

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
    // Mercurius's GraphiQL loads React and GraphiQL from a CDN; ours is built from our packages.
    graphiql: false,
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

  refuseControlCharactersInGraphQL(app);
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

  if (settings.graphiql) await registerGraphiQL(app);
}
