/** A class, as type-graphql takes resolvers and types (its own module so that the GraphQL helpers need not import the plugin manifest). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export type ClassType = Function;
