import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from 'graphql';
import { isCommonplaceError } from '@commonplace/sdk/internal';
import type { Logger } from '@commonplace/sdk';

type Formatted = { statusCode: number; response: { data: ExecutionResult['data']; errors: GraphQLFormattedError[] } };

/**
 * Every error leaves with `extensions.code`. Our typed errors keep their message and code; query
 * errors (syntax, validation, depth, cost) are GRAPHQL_VALIDATION_FAILED with status 400; a typed
 * error raised before execution keeps its status (429 RATE_LIMITED from the HTTP rate limit); anything
 * unexpected is logged in full and answered INTERNAL_SERVER_ERROR without internals.
 */
export function formatGraphQLErrors(execution: ExecutionResult & { statusCode?: number }, log: Logger): Formatted {
  const errors = (execution.errors ?? []).flatMap((error) => {
    const nested = (error.originalError as { errors?: unknown[] } | undefined)?.errors;
    return Array.isArray(nested) ? nested.map(toGraphQLError) : [error];
  });
  let requestFailed = false;
  let httpStatus: number | undefined;
  const formatted = errors.map((error): GraphQLFormattedError => {
    const original = error.originalError;
    const requestError = httpRequestError(original);
    if (requestError) {
      // The request never reached GraphQL: malformed JSON, a body over the limit, a wrong content type.
      httpStatus = requestError.status;
      return { message: requestError.message, extensions: { code: requestError.code } };
    }
    if (isCommonplaceError(original)) {
      // Raised before GraphQL ran (the rate limit, a reused idempotency key): the request's own status.
      if (!error.path && !execution.data) httpStatus = original.httpStatus;
      return { ...error.toJSON(), message: original.message, extensions: { ...original.extensions, code: original.code } };
    }
    if (!original || isQueryError(original)) {
      requestFailed = requestFailed || !execution.data;
      const code = error.extensions?.code ?? (/Variable "\$/.test(error.message) ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED');
      return { ...error.toJSON(), extensions: { ...error.extensions, code } };
    }
    log.error({ err: original, path: error.path }, 'unexpected error in a GraphQL resolver');
    return {
      message: 'Internal server error.',
      ...(error.locations ? { locations: error.locations } : {}),
      ...(error.path ? { path: error.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  });
  return {
    statusCode: httpStatus ?? (requestFailed ? 400 : 200),
    response: { data: execution.data ?? null, errors: formatted },
  };
}

const REQUEST_ERROR_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

/**
 * Fastify's own errors about the request body (malformed JSON, over the limit, wrong content type)
 * keep their status and say what was wrong. Other errors with a status (from an HTTP client inside
 * a resolver, say) are not the client's business.
 */
function httpRequestError(error: Error | undefined): { status: number; code: string; message: string } | null {
  const { statusCode, code } = (error ?? {}) as { statusCode?: unknown; code?: unknown };
  if (!error || typeof code !== 'string' || !code.startsWith('FST_ERR_CTP_')) return null;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return null;
  return { status: statusCode, code: REQUEST_ERROR_CODES[statusCode] ?? 'BAD_REQUEST', message: error.message };
}

function toGraphQLError(error: unknown): GraphQLError {
  if (error instanceof GraphQLError) return error;
  return new GraphQLError(error instanceof Error ? error.message : String(error));
}

/** Errors graphql-js raises about the query itself rather than from a resolver. */
function isQueryError(error: Error): boolean {
  return error instanceof GraphQLError || error.name === 'GraphQLError' || (error as { code?: string }).code === 'MER_ERR_GQL_VALIDATION';
}
