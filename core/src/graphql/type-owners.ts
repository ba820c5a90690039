import { getNamedType, isInputObjectType, isInterfaceType, isObjectType, isUnionType, type GraphQLField, type GraphQLSchema } from 'graphql';
import { getMetadataStorage } from 'type-graphql';

/** One contributor to the schema: core, or a plugin by its id. */
export interface SchemaContributor {
  owner: string;
  /** Resolver and type classes, as type-graphql takes them. */
  resolvers: readonly Function[];
  orphanedTypes?: readonly Function[];
}

/**
 * Who defines each type of a built schema: the first contributor, in the order given (core, then the
 * plugins in boot order, dependencies first), whose resolvers reach it: through the queries,
 * mutations and subscriptions its resolver classes declare, the fields its field resolvers add to a
 * type (its own or another's), and its orphaned types. A field another contributor adds to a type
 * belongs to that contributor, so a dependent's field on economic-flows' `Proposal` makes neither
 * `Proposal` the dependent's nor the dependent's types economic-flows'. A union's members and an
 * interface's implementations are their owner's only when no contributor reaches them itself (core's
 * SearchResult union holds the plugins' document types).
 *
 * Read from the one schema boot builds, with type-graphql's metadata, rather than by building a
 * schema per plugin: type-graphql keeps a field resolver's field on its type for every later build, so
 * a smaller schema built afterwards would still hold the dependents' fields and types.
 */
export function typeOwners(schema: GraphQLSchema, contributors: readonly SchemaContributor[]): Map<string, string> {
  const storage = getMetadataStorage();
  const ownerOf = (target: Function): string | undefined =>
    contributors.find(({ resolvers }) => resolvers.some((resolver) => resolver === target || Object.prototype.isPrototypeOf.call(target, resolver)))?.owner;
  const typeNameOf = (target: Function): string | undefined =>
    [...storage.objectTypes, ...storage.interfaceTypes, ...storage.inputTypes].find((type) => type.target === target)?.name;

  /** `Type.field` -> the contributor whose field resolver adds it. */
  const addedFields = new Map<string, string>();
  for (const definition of storage.fieldResolvers) {
    if (definition.kind !== 'external' || !definition.getObjectType) continue;
    const owner = ownerOf(definition.target);
    const typeName = typeNameOf(definition.getObjectType());
    if (owner && typeName) addedFields.set(`${typeName}.${definition.schemaName}`, owner);
  }

  const owners = new Map<string, string>();
  const rootTypes = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].filter((type) => !!type);
  const shared = new Set<string>(['String', 'Int', 'Float', 'Boolean', 'ID', ...rootTypes.map((type) => type.name)]);

  const rootFields = [
    ...storage.queries.map((definition) => ({ definition, root: schema.getQueryType() })),
    ...storage.mutations.map((definition) => ({ definition, root: schema.getMutationType() })),
    ...storage.subscriptions.map((definition) => ({ definition, root: schema.getSubscriptionType() })),
  ];

  /** Unions and interfaces, with who owns them: their members may be others' (core's SearchResult holds the plugins' document types). */
  const open: { name: string; owner: string }[] = [];
  const visitType = (name: string, owner: string): void => {
    if (shared.has(name) || name.startsWith('__') || owners.has(name)) return;
    const type = schema.getType(name);
    if (!type) return;
    owners.set(name, owner);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        const adder = addedFields.get(`${name}.${field.name}`);
        if (!adder || adder === owner) visitField(field, owner);
      }
      for (const implemented of type.getInterfaces()) visitType(implemented.name, owner);
      if (isInterfaceType(type)) open.push({ name, owner });
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) visitType(getNamedType(field.type).name, owner);
    } else if (isUnionType(type)) {
      open.push({ name, owner });
    }
  };
  const visitField = (field: GraphQLField<unknown, unknown>, owner: string): void => {
    visitType(getNamedType(field.type).name, owner);
    for (const argument of field.args) visitType(getNamedType(argument.type).name, owner);
  };

  for (const { owner, orphanedTypes = [] } of contributors) {
    for (const { definition, root } of rootFields) {
      const field = root?.getFields()[definition.schemaName];
      if (field && ownerOf(definition.target) === owner) visitField(field, owner);
    }
    for (const [key, adder] of addedFields) {
      if (adder !== owner) continue;
      const [typeName = '', fieldName = ''] = key.split('.');
      const type = schema.getType(typeName);
      const field = type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[fieldName] : undefined;
      if (field) visitField(field, owner);
    }
    for (const orphan of orphanedTypes) {
      const name = typeNameOf(orphan);
      if (name) visitType(name, owner);
    }
  }
  // What no contributor reached itself is the union's or interface's owner's (the list grows as it goes).
  for (const { name, owner } of open) {
    const type = schema.getType(name);
    const members = isUnionType(type) ? type.getTypes() : isInterfaceType(type) ? schema.getPossibleTypes(type) : [];
    for (const member of members) visitType(member.name, owner);
  }
  return owners;
}
