import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { Kind, type DocumentNode, type GraphQLSchema } from 'graphql';

export interface CostLimits {
  maxCost: number;
  defaultPageSize: number;
}

/**
 * A list that takes `first` costs its children times the page asked for (or the default page size),
 * so a query cannot fan out into millions of rows by nesting connections.
 */
function pagedListEstimator(defaultPageSize: number): ComplexityEstimator {
  return ({ args, field, childComplexity }) => {
    if (!field.args.some((arg) => arg.name === 'first')) return undefined;
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : defaultPageSize;
    return 1 + childComplexity * first;
  };
}

export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  limits: CostLimits,
  operationName?: string,
): number {
  return getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    ...(operationName ? { operationName } : {}),
    estimators: [pagedListEstimator(limits.defaultPageSize), simpleEstimator({ defaultComplexity: 1 })],
  });
}

export type QueryCostOf = (
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string,
) => number;

/**
 * queryCost, remembered per parsed document for documents that declare no variables: their cost
 * depends only on the document, the schema and the operation chosen. Mercurius hands every request
 * with the same query text the same parsed document, so a client repeating a query pays for the
 * walk once; the memo goes when that document leaves mercurius's cache. A document with variables
 * is costed on every request, since `first: $n` makes its cost depend on them, and so is a request
 * naming an operation the document does not have (a memo per made-up name would grow without end).
 */
export function memoizedQueryCost(limits: CostLimits): QueryCostOf {
  const costs = new WeakMap<DocumentNode, { schema: GraphQLSchema; byOperation: Map<string, number> }>();
  return (schema, document, variables, operationName) => {
    if (declaresVariables(document) || !namesAnOperation(document, operationName)) {
      return queryCost(schema, document, variables, limits, operationName);
    }
    let entry = costs.get(document);
    if (!entry || entry.schema !== schema) {
      entry = { schema, byOperation: new Map() };
      costs.set(document, entry);
    }
    const operation = operationName ?? '';
    let cost = entry.byOperation.get(operation);
    if (cost === undefined) {
      cost = queryCost(schema, document, undefined, limits, operationName);
      entry.byOperation.set(operation, cost);
    }
    return cost;
  };
}

function declaresVariables(document: DocumentNode): boolean {
  return document.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION && !!definition.variableDefinitions?.length);
}

/** No name (the document's only operation) or the name of one of its operations. */
function namesAnOperation(document: DocumentNode, operationName: string | undefined): boolean {
  if (operationName === undefined) return true;
  return document.definitions.some((definition) => definition.kind === Kind.OPERATION_DEFINITION && definition.name?.value === operationName);
}
