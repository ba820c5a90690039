import type { GraphQLSchema } from 'graphql';
import { buildSchema, type ContainerGetter, type ContainerType, type NonEmptyArray } from 'type-graphql';
import type { ClassType, PluginDefinition } from '@commonplace/sdk/internal';
import { BootError } from '../kernel/boot-error.js';
import { checkClaimedNames, checkPluginTypeNames } from './type-names.js';
import { typeOwners } from './type-owners.js';

/** Core's name among the schema's owners (boot refuses a plugin with the id `core`). */
const CORE = 'core';

export interface SchemaSources {
  core: { resolvers: readonly ClassType[]; orphanedTypes?: readonly ClassType[] };
  plugins: readonly PluginDefinition<any>[];
  container: ContainerType | ContainerGetter<any>;
}

/**
 * One schema from core's resolvers and every enabled plugin's. When two contributions define the
 * same type name, boot stops naming both owners; graphql-js alone would only name the type. A plugin's
 * types must follow the naming rule (type-names.ts), or boot stops naming the plugin and the types.
 */
export async function buildInstanceSchema(sources: SchemaSources): Promise<GraphQLSchema> {
  const resolvers = [...sources.core.resolvers, ...sources.plugins.flatMap((p) => p.graphql?.resolvers ?? [])];
  const orphanedTypes = [
    ...(sources.core.orphanedTypes ?? []),
    ...sources.plugins.flatMap((p) => p.graphql?.orphanedTypes ?? []),
  ];
  let schema: GraphQLSchema;
  try {
    schema = await build(resolvers, orphanedTypes, sources.container);
  } catch (error) {
    const duplicate = duplicateTypeName(error);
    if (!duplicate) throw new BootError(ownerOfFailure(error, sources) ?? 'core', `GraphQL schema failed to build: ${messageOf(error)}`, { cause: error });
    const owners = await ownersOfType(duplicate, sources);
    const [first = 'core', second = 'core'] = owners;
    throw new BootError(
      owners.find((o) => o !== 'core') ?? first,
      `GraphQL type "${duplicate}" is defined by both ${describeOwner(first)} and ${describeOwner(second)}; prefix the plugin's type names.`,
      { cause: error },
    );
  }
  checkTypeNames(schema, sources);
  return schema;
}

/** The naming rule (type-names.ts), over the types each plugin adds to the schema (type-owners.ts). */
function checkTypeNames(schema: GraphQLSchema, sources: SchemaSources): void {
  const owners = typeOwners(schema, [
    { owner: CORE, ...sources.core },
    ...sources.plugins.map((plugin) => ({ owner: plugin.id, resolvers: plugin.graphql?.resolvers ?? [], orphanedTypes: plugin.graphql?.orphanedTypes ?? [] })),
  ]);
  const ownedBy = (owner: string) => [...owners].filter(([, by]) => by === owner).map(([name]) => name);
  checkClaimedNames(sources.plugins, new Set(ownedBy(CORE)));
  for (const plugin of sources.plugins) checkPluginTypeNames(plugin, ownedBy(plugin.id));
}

function build(resolvers: readonly ClassType[], orphanedTypes: readonly ClassType[], container: SchemaSources['container']) {
  return buildSchema({
    resolvers: resolvers as unknown as NonEmptyArray<ClassType>,
    orphanedTypes: orphanedTypes as ClassType[],
    container,
    // Input is validated in services, where the rules live; class-validator is not used.
    validate: false,
  });
}

function duplicateTypeName(error: unknown): string | null {
  const match = /multiple types named "([^"]+)"/.exec(messageOf(error));
  return match?.[1] ?? null;
}

/** Type names each owner contributes, found by building core alone and core with each plugin. */
async function ownersOfType(typeName: string, sources: SchemaSources): Promise<string[]> {
  const owners: string[] = [];
  const coreSchema = await build(sources.core.resolvers, sources.core.orphanedTypes ?? [], sources.container).catch(() => null);
  if (coreSchema?.getType(typeName)) owners.push('core');
  for (const plugin of sources.plugins) {
    const schema = await build(
      [...sources.core.resolvers, ...(plugin.graphql?.resolvers ?? [])],
      [...(sources.core.orphanedTypes ?? []), ...(plugin.graphql?.orphanedTypes ?? [])],
      sources.container,
    ).catch(() => 'own-duplicate' as const);
    if (schema === 'own-duplicate') {
      owners.push(plugin.id);
      continue;
    }
    if (schema.getType(typeName) && !coreSchema?.getType(typeName)) owners.push(plugin.id);
  }
  return owners;
}

function ownerOfFailure(error: unknown, sources: SchemaSources): string | null {
  const message = messageOf(error);
  for (const plugin of sources.plugins) {
    for (const resolver of plugin.graphql?.resolvers ?? []) {
      if (resolver.name && message.includes(resolver.name)) return plugin.id;
    }
  }
  return null;
}

function describeOwner(owner: string): string {
  return owner === 'core' ? 'core' : `plugin "${owner}"`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
