import { Extensions } from 'type-graphql';

/** The field extension core's query cost reads (graphql.maxCost, graphql.maxPasswordChecksPerRequest). */
export const FIELD_COST_EXTENSION = 'commonplaceCost';

export interface FieldCost {
  /** What the field weighs in the query cost, on top of what it selects. */
  weight: number;
  /** The field checks or hashes a password: at most graphql.maxPasswordChecksPerRequest of them run in one request. */
  passwordCheck: boolean;
}

/**
 * Declares what a query or mutation field costs, for fields that do much more work than they
 * select: a password hash or check, key generation, a fan-out to many followers. Core refuses a
 * request whose total cost is over graphql.maxCost before running any of it, so a mutation of a
 * thousand aliases of an expensive field is refused rather than run a thousand times. Without it
 * a mutation field weighs graphql.mutationCost and a query field 1.
 *
 * ```ts
 * @Cost(500)
 * @Mutation(() => Organisation)
 * createOrganisation(...) // makes two key pairs
 *
 * @Cost(1_000, { passwordCheck: true })
 * @Mutation(() => Boolean)
 * changePassword(...)
 * ```
 */
export function Cost(weight: number, options: { passwordCheck?: boolean } = {}): MethodDecorator & PropertyDecorator {
  if (!Number.isInteger(weight) || weight < 0) throw new Error(`Cost weight must be a whole number of at least 0, not ${weight}`);
  const cost: FieldCost = { weight, passwordCheck: options.passwordCheck ?? false };
  return Extensions({ [FIELD_COST_EXTENSION]: cost }) as MethodDecorator & PropertyDecorator;
}

/** The cost a field declared with Cost, if any. */
export function declaredCostOf(extensions: Readonly<Record<string, unknown>> | null | undefined): FieldCost | undefined {
  const cost = extensions?.[FIELD_COST_EXTENSION] as FieldCost | undefined;
  return cost && typeof cost.weight === 'number' ? cost : undefined;
}
