import { getComplexity, simpleEstimator, type ComplexityEstimator } from 'graphql-query-complexity';
import { Kind, type DocumentNode, type GraphQLSchema } from 'graphql';
import { declaredCostOf } from '@commonplace/sdk/internal';

export interface CostLimits {
  maxCost: number;
  defaultPageSize: number;
  /** A mutation field that declares no Cost weighs this much. */
  mutationCost: number;
}

/** What a request weighs: its estimated cost, and how many password checks or hashes it asks for. */
export interface QueryWeight {
  cost: number;
  passwordChecks: number;
}

/**
 * A field's own weight, then what it selects: a list that takes `first` costs its children times
 * the page asked for (or the default page size), so a query cannot fan out into millions of rows by
 * nesting connections. A field's weight is what it declared with the sdk's Cost, else
 * `mutationCost` for a mutation field (a write: a thousand aliases of one must not be cheap), else
 * 1. Declared password checks are counted as the walk meets them, aliases and fragments included.
 */
function fieldEstimator(schema: GraphQLSchema, limits: CostLimits, counted: QueryWeight): ComplexityEstimator {
  const mutationType = schema.getMutationType();
  return ({ args, field, type, childComplexity }) => {
    const declared = declaredCostOf(field.extensions);
    if (declared?.passwordCheck) counted.passwordChecks += 1;
    const weight = declared?.weight ?? (mutationType && type === mutationType ? limits.mutationCost : 1);
    if (!field.args.some((arg) => arg.name === 'first')) return weight + childComplexity;
    const first = typeof args.first === 'number' && args.first > 0 ? args.first : limits.defaultPageSize;
    return weight + childComplexity * first;
  };
}

export function queryWeight(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  limits: CostLimits,
  operationName?: string,
): QueryWeight {
  const counted: QueryWeight = { cost: 0, passwordChecks: 0 };
  counted.cost = getComplexity({
    schema,
    query: document,
    variables: variables ?? {},
    ...(operationName ? { operationName } : {}),
    estimators: [fieldEstimator(schema, limits, counted), simpleEstimator({ defaultComplexity: 1 })],
  });
  return counted;
}

/** The estimated cost alone. */
export function queryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  limits: CostLimits,
  operationName?: string,
): number {
  return queryWeight(schema, document, variables, limits, operationName).cost;
}

export type QueryWeightOf = (
  schema: GraphQLSchema,
  document: DocumentNode,
  variables: Record<string, unknown> | undefined,
  operationName?: string,
) => QueryWeight;

/**
 * queryWeight, remembered per parsed document for documents that declare no variables: their weight
 * depends only on the document, the schema and the operation chosen. Mercurius hands every request
 * with the same query text the same parsed document, so a client repeating a query pays for the
 * walk once; the memo goes when that document leaves mercurius's cache. A document with variables
 * is weighed on every request, since `first: $n` makes its cost depend on them, and so is a request
 * naming an operation the document does not have (a memo per made-up name would grow without end).
 */
export function memoizedQueryWeight(limits: CostLimits): QueryWeightOf {
  const weights = new WeakMap<DocumentNode, { schema: GraphQLSchema; byOperation: Map<string, QueryWeight> }>();
  return (schema, document, variables, operationName) => {
    if (declaresVariables(document) || !namesAnOperation(document, operationName)) {
      return queryWeight(schema, document, variables, limits, operationName);
    }
    let entry = weights.get(document);
    if (!entry || entry.schema !== schema) {
      entry = { schema, byOperation: new Map() };
      weights.set(document, entry);
    }
    const operation = operationName ?? '';
    let weight = entry.byOperation.get(operation);
    if (weight === undefined) {
      weight = queryWeight(schema, document, undefined, limits, operationName);
      entry.byOperation.set(operation, weight);
    }
    return weight;
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
