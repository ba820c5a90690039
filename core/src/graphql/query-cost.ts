import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import type { DocumentNode, GraphQLSchema } from 'graphql';

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
