import { getNamedType, isAbstractType, TypeInfo, visit, visitWithTypeInfo, BREAK, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * Mercurius compiles a query with graphql-jit once it has run this many times: the compiled code
 * reads, completes and serialises a page of sixty nodes in a third of graphql-js's time (discover's
 * benchmark went from about 1,900 to about 5,900 requests a second).
 */
export const COMPILE_AFTER_RUNS = 1;

/**
 * Whether a document must run on graphql-js rather than compiled: graphql-jit asks a union or
 * interface which member a value is synchronously, and type-graphql's `resolveType` always answers
 * with a promise, so a compiled query over an abstract type fails ("must resolve to an Object type
 * at runtime"). Remembered per parsed document and schema, like the query cost.
 */
export function selectsAbstractTypeOf(): (schema: GraphQLSchema, document: DocumentNode) => boolean {
  const answers = new WeakMap<DocumentNode, { schema: GraphQLSchema; abstract: boolean }>();
  return (schema, document) => {
    const known = answers.get(document);
    if (known && known.schema === schema) return known.abstract;
    const abstract = selectsAbstractType(schema, document);
    answers.set(document, { schema, abstract });
    return abstract;
  };
}

function selectsAbstractType(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let found = false;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const type = typeInfo.getType();
        if (type && isAbstractType(getNamedType(type))) {
          found = true;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return found;
}
