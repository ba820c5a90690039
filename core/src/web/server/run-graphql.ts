import { execute, parse, validate, type DocumentNode, type GraphQLError, type GraphQLSchema } from 'graphql';
import { isCommonplaceError, type ErrorCode, type Logger } from '@commonplace/sdk/internal';
import { findControlCharacterInOperation } from '../../graphql/input-text-check.js';

/**
 * A page's query or an action's mutation, parsed and checked against the schema at boot. `readOnly`
 * (a page's or a slot panel's query, run on GET without a CSRF check) refuses any operation but a query.
 */
export function compileDocument(schema: GraphQLSchema, source: string, what: string, options: { readOnly?: boolean } = {}): DocumentNode {
  let document: DocumentNode;
  try {
    document = parse(source);
  } catch (error) {
    throw new Error(`${what}: its GraphQL does not parse: ${(error as Error).message}`);
  }
  const problems = validate(schema, document);
  if (problems.length > 0) throw new Error(`${what}: its GraphQL does not fit the schema: ${problems.map((p) => p.message).join('; ')}`);
  const writes = options.readOnly && document.definitions.find((definition) => definition.kind === 'OperationDefinition' && definition.operation !== 'query');
  if (writes) throw new Error(`${what}: a page's query may only read (it runs on GET, with no CSRF token); put the ${writes.kind === 'OperationDefinition' ? writes.operation : 'operation'} in an action`);
  return document;
}

/** One refusal, as a form shows it: the field it names (GraphQL `extensions.field`) and its message. */
export interface Refusal {
  code: ErrorCode | 'GRAPHQL_VALIDATION_FAILED';
  field: string;
  message: string;
}

export type Outcome<Data> = { ok: true; data: Data } | { ok: false; refusals: Refusal[] } | { ok: false; unexpected: true };

/**
 * Runs a document in process with the request's GraphQL context, as /graphql would: the resolvers
 * check who may see and do what. Typed errors come back as refusals; anything else was logged and is
 * `unexpected` (a 500 page, without internals).
 */
export async function runDocument<Data>(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown>,
  contextValue: object,
  log: Logger,
): Promise<Outcome<Data>> {
  const control = findControlCharacterInOperation(document, variables);
  if (control) {
    const message = `${control.field} contains a control character (${control.character}), which is not allowed.`;
    return { ok: false, refusals: [{ code: 'BAD_USER_INPUT', field: control.field, message }] };
  }
  const result = await execute({ schema, document, variableValues: variables, contextValue });
  if (!result.errors?.length) return { ok: true, data: result.data as Data };
  const refusals: Refusal[] = [];
  for (const error of result.errors) {
    const refusal = refusalOf(error);
    if (!refusal) {
      log.error({ err: error.originalError ?? error, path: error.path }, 'unexpected error in a web page GraphQL operation');
      return { ok: false, unexpected: true };
    }
    refusals.push(refusal);
  }
  return { ok: false, refusals };
}

function refusalOf(error: GraphQLError): Refusal | null {
  const original = error.originalError;
  if (isCommonplaceError(original)) {
    const field = typeof original.extensions.field === 'string' ? original.extensions.field : '';
    return { code: original.code, field, message: original.message };
  }
  // graphql-js's own: a variable of the wrong type (an input the form sent badly), never a resolver's crash.
  if (!original) return { code: /Variable "\$/.test(error.message) ? 'BAD_USER_INPUT' : 'GRAPHQL_VALIDATION_FAILED', field: '', message: error.message };
  return null;
}

/** The HTTP status of a refused form post: the first refusal's code decides. */
export function refusalStatus(refusals: readonly Refusal[]): number {
  const statuses: Partial<Record<Refusal['code'], number>> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, RATE_LIMITED: 429, SERVICE_UNAVAILABLE: 503 };
  return statuses[refusals[0]?.code ?? 'BAD_USER_INPUT'] ?? 400;
}
