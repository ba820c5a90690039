import type { FastifyInstance, FastifyRequest } from 'fastify';
import mercurius from 'mercurius';
import type { GraphQLSchema } from 'graphql';
import { GraphQLError } from 'graphql';
import type { InstanceSettings, Logger } from '@commonplace/sdk/internal';
import { formatGraphQLErrors } from './format-errors.js';
import { memoizedQueryWeight, type QueryWeight } from './query-cost.js';
import { registerIdempotencyKeys, type IdempotencyStore } from './idempotency/index.js';
import { COMPILE_AFTER_RUNS, selectsAbstractTypeOf } from './compiled-execution.js';
import { registerGraphiQL } from '../http/graphiql-page.js';
import { refuseControlCharacters } from './input-text-check.js';

/**
 * POST /graphql (and GET for queries), GraphiQL at /graphiql, with depth and cost limits.
 * The context carries the request's scope, so resolvers are built per request with the viewer.
 */
export async function registerGraphQL(
  app: FastifyInstance,
  schema: GraphQLSchema,
  settings: InstanceSettings['graphql'],
  log: Logger,
  /** Idempotency-Key on mutations; without it the header is ignored (tests of GraphQL alone). */
  idempotency?: IdempotencyStore,
): Promise<void> {
  if (idempotency) registerIdempotencyKeys(app, idempotency);
  await app.register(mercurius, {
    schema,
    path: '/graphql',
    // Mercurius's GraphiQL loads React and GraphiQL from a CDN; ours is built from our packages.
    graphiql: false,
    queryDepth: settings.maxDepth,
    allowBatchedQueries: false,
    // Repeated queries run compiled (graphql-jit); see compiled-execution.ts for the one exception.
    jit: COMPILE_AFTER_RUNS,
    context: graphQLContextOf,
    errorFormatter: (execution) => formatGraphQLErrors(execution, log),
  });

  const weighQuery = memoizedQueryWeight(settings);
  const selectsAbstractType = selectsAbstractTypeOf();
  app.graphql.addHook('preExecution', async (hookSchema, document, _context, variables) => {
    refuseControlCharacters(document, variables);
    refuseOverweight(weighQuery(hookSchema, document, variables), settings);
    // Handing the document back as "modified" is how mercurius is told not to compile it: it runs on graphql-js.
    if (selectsAbstractType(hookSchema, document)) return { document };
    return undefined;
  });

  if (settings.graphiql) await registerGraphiQL(app, schema);
}

/**
 * The context resolvers get for a request; the web front end runs its pages' queries with the same one.
 * `scope` is core's (resolverContainerFor builds each resolver from it); no services are in it, so a
 * plugin's resolver reaches only its own view, given in its constructor.
 */
export function graphQLContextOf(request: FastifyRequest) {
  return { scope: request.scope, viewer: request.viewer, requestId: String(request.id), ip: request.ip };
}

/** Refuses, before anything runs, a request over graphql.maxCost or with too many password checks. */
function refuseOverweight(weight: QueryWeight, settings: InstanceSettings['graphql']): void {
  if (weight.cost > settings.maxCost) {
    throw validationFailure(`Query cost ${weight.cost} exceeds the limit of ${settings.maxCost}; ask for smaller pages or fewer fields.`, {
      cost: weight.cost,
      maxCost: settings.maxCost,
    });
  }
  if (weight.passwordChecks > settings.maxPasswordChecksPerRequest) {
    throw validationFailure(
      `This request asks for ${weight.passwordChecks} password checks (log-ins, sign-ups); graphql.maxPasswordChecksPerRequest allows ${settings.maxPasswordChecksPerRequest}.`,
      { passwordChecks: weight.passwordChecks, maxPasswordChecksPerRequest: settings.maxPasswordChecksPerRequest },
    );
  }
}

/** An error about the query itself, as mercurius answers its own validation errors: 400 GRAPHQL_VALIDATION_FAILED. */
function validationFailure(message: string, extensions: Record<string, unknown>): Error {
  const error = new GraphQLError(message, { extensions: { code: 'GRAPHQL_VALIDATION_FAILED', ...extensions } });
  return Object.assign(new Error(error.message), { errors: [error], code: 'MER_ERR_GQL_VALIDATION', statusCode: 400 });
}
