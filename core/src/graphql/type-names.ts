import { BootError } from '../kernel/boot-error.js';

/*
 * The GraphQL naming rule (issue 21, item 17; docs/decisions.md). All plugins share one schema, so a
 * type name says who owns it: every type a plugin defines starts with its prefix, the PascalCase of its
 * id (`links` -> `LinksPage`), or is claimed in its manifest's `graphql.names`: a public vocabulary its
 * clients rely on (economic-flows claims ValueFlows' `Agent`, `Unit`, `Proposal`...). A claim ending in
 * `*` claims a namespace (`Education*`). No two plugins claim the same name or overlapping namespaces,
 * and none claims into another plugin's prefix or a name core defines. Checked at boot.
 */

export interface NamedPlugin {
  id: string;
  graphql?: { names?: readonly string[] };
}

/** Names no plugin defines: the built-in scalars, type-graphql's date scalars, the root operation types plugins add fields to. */
const SHARED_TYPE_NAMES = new Set(['Query', 'Mutation', 'Subscription', 'String', 'Int', 'Float', 'Boolean', 'ID', 'DateTimeISO', 'Timestamp']);
const GRAPHQL_NAME = /^[A-Za-z][_0-9A-Za-z]*$/;

/** `economic-flows` -> `EconomicFlows`. */
export function graphQLPrefixOf(pluginId: string): string {
  return pluginId
    .split(/[-_]/)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** Whether `claim` (a name, or a namespace ending in `*`) covers `typeName`. */
export function claimCovers(claim: string, typeName: string): boolean {
  return claim.endsWith('*') ? typeName.startsWith(claim.slice(0, -1)) : typeName === claim;
}

/**
 * Checks the manifests' claims before any type is looked at: each is a GraphQL name (or a namespace),
 * claims no name core defines, and overlaps no other plugin's claim or prefix. Stops boot naming both.
 */
export function checkClaimedNames(plugins: readonly NamedPlugin[], coreTypeNames: ReadonlySet<string>): void {
  for (const [index, plugin] of plugins.entries()) {
    for (const claim of claimsOf(plugin)) {
      const bare = claim.endsWith('*') ? claim.slice(0, -1) : claim;
      if (!GRAPHQL_NAME.test(bare)) {
        throw new BootError(plugin.id, `graphql.names has "${claim}", which is not a GraphQL type name (or a name prefix ending in "*").`);
      }
      const core = [...coreTypeNames].find((name) => claimCovers(claim, name));
      if (core) throw new BootError(plugin.id, `graphql.names claims "${claim}", but core defines the GraphQL type "${core}"; claim only the plugin's own types.`);
      for (const other of plugins.slice(index + 1)) {
        const clash = claimsOf(other).find((otherClaim) => claimsOverlap(claim, otherClaim));
        if (clash) {
          throw new BootError(
            plugin.id,
            `GraphQL name "${claim}" is claimed both by plugin "${plugin.id}" and by plugin "${other.id}" ("${clash}"); only one plugin may claim a name: prefix the other's types.`,
          );
        }
      }
      for (const other of plugins) {
        const prefix = graphQLPrefixOf(other.id);
        if (other !== plugin && claimsOverlap(claim, `${prefix}*`)) {
          throw new BootError(plugin.id, `graphql.names claims "${claim}", which reaches into the type names of plugin "${other.id}" (prefix "${prefix}"); claim names of its own.`);
        }
      }
    }
  }
}

/**
 * Every type `pluginId` defines (those its resolvers and orphaned types add to the schema) starts with
 * its prefix or is claimed; the rest stop boot, named, with both ways to fix it.
 */
export function checkPluginTypeNames(plugin: NamedPlugin, definedTypeNames: Iterable<string>): void {
  const prefix = graphQLPrefixOf(plugin.id);
  const claims = claimsOf(plugin);
  const unclaimed = [...definedTypeNames].filter(
    (name) => !name.startsWith('__') && !SHARED_TYPE_NAMES.has(name) && !name.startsWith(prefix) && !claims.some((claim) => claimCovers(claim, name)),
  );
  if (unclaimed.length === 0) return;
  const [first] = unclaimed;
  const names = unclaimed.map((name) => `"${name}"`).join(', ');
  throw new BootError(
    plugin.id,
    `GraphQL ${unclaimed.length === 1 ? 'type' : 'types'} ${names} ${unclaimed.length === 1 ? 'does' : 'do'} not start with the plugin's prefix "${prefix}". ` +
      `Rename ${unclaimed.length === 1 ? 'it' : 'them'} (@ObjectType('${prefix}${first}')), or, for a public vocabulary the plugin's clients rely on, ` +
      `claim ${unclaimed.length === 1 ? 'it' : 'them'} in the manifest: graphql: { names: [${unclaimed.map((name) => `'${name}'`).join(', ')}] }.`,
  );
}

function claimsOf(plugin: NamedPlugin): readonly string[] {
  return plugin.graphql?.names ?? [];
}

/** Two claims overlap when one covers a name the other could: equal names, or a namespace that holds the other. */
function claimsOverlap(a: string, b: string): boolean {
  const stem = (claim: string) => (claim.endsWith('*') ? claim.slice(0, -1) : claim);
  if (a.endsWith('*') && b.endsWith('*')) return stem(a).startsWith(stem(b)) || stem(b).startsWith(stem(a));
  if (a.endsWith('*')) return b.startsWith(stem(a));
  if (b.endsWith('*')) return a.startsWith(stem(b));
  return a === b;
}
