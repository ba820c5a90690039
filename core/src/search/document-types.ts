import { getMetadataStorage } from 'type-graphql';
import { BadUserInputError, type ClassType, type PluginDefinition, type SearchDocumentType } from '@commonplace/sdk/internal';
import { BootError } from '../kernel/boot-error.js';

const NAME = /^[a-z][a-zA-Z0-9_]*$/;

/** A declared document type and the plugin that declared it. */
export interface RegisteredDocumentType {
  pluginId: string;
  declaration: SearchDocumentType;
  /** The class of `graphqlType`, a member of the SearchResult union. */
  graphqlClass?: ClassType;
}

/** Every searchable type of the instance, checked at boot. */
export class DocumentTypes {
  private readonly byType: ReadonlyMap<string, RegisteredDocumentType>;

  constructor(registered: readonly RegisteredDocumentType[]) {
    this.byType = new Map(registered.map((entry) => [entry.declaration.type, entry]));
  }

  get(type: string): SearchDocumentType | undefined {
    return this.byType.get(type)?.declaration;
  }

  all(): SearchDocumentType[] {
    return [...this.byType.values()].map((entry) => entry.declaration);
  }

  registered(): RegisteredDocumentType[] {
    return [...this.byType.values()];
  }

  /** The declarations a query covers: the named types (each must exist), or all of them. */
  forQuery(types: readonly string[] | null | undefined): SearchDocumentType[] {
    if (!types || types.length === 0) return this.all();
    return [...new Set(types)].map((type) => {
      const found = this.get(type);
      if (!found) throw new BadUserInputError(`"${type}" is not a searchable type on this instance.`, 'types');
      return found;
    });
  }
}

/**
 * Collects the plugins' document types, stopping boot naming the plugin when one is malformed: a type
 * not prefixed with its plugin id, declared twice, a facet that is not a keyword filter, a field name
 * that is not an identifier, or a `graphqlType` no GraphQL object type has.
 */
export function collectDocumentTypes(plugins: readonly PluginDefinition<any>[]): DocumentTypes {
  const registered: RegisteredDocumentType[] = [];
  const owners = new Map<string, string>();
  for (const plugin of plugins) {
    for (const declaration of plugin.search?.documents ?? []) {
      const fail = (message: string) => new BootError(plugin.id, `search document type "${declaration.type}": ${message}`);
      if (!declaration.type.startsWith(`${plugin.id}.`)) throw fail(`its name must start with "${plugin.id}.".`);
      const owner = owners.get(declaration.type);
      if (owner) throw fail(`already declared by plugin "${owner}".`);
      owners.set(declaration.type, plugin.id);
      const fields = Object.entries(declaration.fields);
      if (fields.length === 0) throw fail('declares no searchable field.');
      for (const [name, { weight }] of fields) {
        if (!NAME.test(name)) throw fail(`field "${name}" must be an identifier.`);
        if (!['A', 'B', 'C', 'D'].includes(weight)) throw fail(`field "${name}" has weight "${weight}"; use A, B, C or D.`);
      }
      for (const name of Object.keys(declaration.filters ?? {})) {
        if (!NAME.test(name)) throw fail(`filter "${name}" must be an identifier.`);
      }
      for (const facet of declaration.facets ?? []) {
        if (declaration.filters?.[facet] !== 'keyword') throw fail(`facet "${facet}" must be a keyword filter.`);
      }
      if (declaration.graphqlType === 'RemoteSearchResult') throw fail('graphqlType "RemoteSearchResult" belongs to core.');
      const graphqlClass = declaration.graphqlType ? graphqlClassOf(plugin, declaration.graphqlType, fail) : undefined;
      registered.push({ pluginId: plugin.id, declaration, ...(graphqlClass ? { graphqlClass } : {}) });
    }
  }
  return new DocumentTypes(registered);
}

/**
 * The type-graphql class named `name`, for the SearchResult union. Several classes may carry one name
 * (factories called twice); the plugin's own orphaned types win, then the most recently declared.
 */
function graphqlClassOf(plugin: PluginDefinition<any>, name: string, fail: (message: string) => Error): ClassType {
  const candidates = getMetadataStorage()
    .objectTypes.filter((objectType) => objectType.name === name)
    .map((objectType) => objectType.target as ClassType);
  if (candidates.length === 0) throw fail(`graphqlType "${name}" is not a GraphQL object type (declare it with @ObjectType('${name}')).`);
  const own = candidates.find((candidate) => plugin.graphql?.orphanedTypes?.includes(candidate));
  return own ?? candidates[candidates.length - 1]!;
}
