import { Arg, createUnionType, Field, Float, Int, ObjectType, Query, Resolver } from 'type-graphql';
import { PageInfo, type ClassType } from '@commonplace/sdk/internal';
import type { DocumentTypes } from '../document-types.js';
import type { SearchEngine } from '../search-engine.js';
import { RemoteSearchResult, SearchDocumentTypeInfo, SearchFacet, SearchFilters, SearchPreview, SearchScope, toQueryFilters } from './types.js';
import type { CoreServices } from '../../container/core-cradle.js';

declare module '../../container/core-cradle.js' {
  interface CoreServices {
    searchEngine: SearchEngine;
  }
}


/**
 * The `search` query, built at boot: its `SearchResult` union holds the object type each declared
 * document type names (`graphqlType`) plus `RemoteSearchResult`, so it is valid with no plugin at all.
 * Types without a `graphqlType` are searchable through the port only and left out of GraphQL results.
 */
export function createSearchResolvers(documentTypes: DocumentTypes): ClassType[] {
  const members = new Map<string, ClassType>();
  for (const { declaration, graphqlClass } of documentTypes.registered()) {
    if (declaration.graphqlType && graphqlClass) members.set(declaration.graphqlType, graphqlClass);
  }
  // Which union member a loaded object is: set when the page is built, read by resolveType.
  const typeNames = new WeakMap<object, string>();

  const SearchResult = createUnionType({
    name: 'SearchResult',
    description: 'A local object of a searchable type, or a RemoteSearchResult from another instance.',
    types: () => [RemoteSearchResult, ...members.values()] as unknown as [typeof RemoteSearchResult],
    resolveType: (value) => (value instanceof RemoteSearchResult ? 'RemoteSearchResult' : typeNames.get(value as object)),
  });

  @ObjectType('SearchEdge')
  class SearchEdge {
    @Field(() => String, { nullable: true, description: 'Null for results from other instances: they come on the first page only.' })
    cursor!: string | null;

    @Field(() => Float, { description: 'Relevance; comparable within one search only.' })
    score!: number;

    @Field(() => String, { description: 'The document type (`education-commons.resource`...).' })
    type!: string;

    @Field(() => SearchResult)
    node!: object;

    @Field(() => String, { nullable: true, description: 'The host a local copy of a remote object comes from (or a remote result’s); null for local objects.' })
    originHost!: string | null;

    @Field(() => SearchPreview, {
      nullable: true,
      description: 'Title, summary and URL as the type previews the object (its publicPreview); null when the type gives none.',
    })
    preview!: SearchPreview | null;
  }

  @ObjectType('SearchConnection')
  class SearchConnection {
    @Field(() => [SearchEdge])
    edges!: SearchEdge[];

    @Field(() => [SearchResult])
    nodes!: object[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int, { description: 'Matches on this instance the viewer may see (before the re-check of each result); other backends may estimate.' })
    totalEstimate!: number;

    @Field(() => [SearchFacet])
    facets!: SearchFacet[];
  }

  @Resolver()
  class SearchResolver {
    constructor(private readonly services: CoreServices) {}

    @Query(() => SearchConnection, {
      description:
        'Full-text search over what the viewer may see. A handle (@user@host) or https URL is also resolved on other instances; scope FEDERATED adds peers and the shared index.',
    })
    async search(
      @Arg('query', () => String) query: string,
      @Arg('types', () => [String], { nullable: true }) types: string[] | null,
      @Arg('filters', () => SearchFilters, { nullable: true }) filters: SearchFilters | null,
      @Arg('first', () => Int, { nullable: true }) first: number | null,
      @Arg('after', () => String, { nullable: true }) after: string | null,
      @Arg('scope', () => SearchScope, { defaultValue: SearchScope.LOCAL }) scope: SearchScope,
    ): Promise<SearchConnection> {
      const page = await this.services.searchEngine.search(
        {
          text: query,
          ...(types ? { types } : {}),
          filters: toQueryFilters(filters),
          ...(first !== null ? { first } : {}),
          after,
          scope,
        },
        this.services,
      );
      const edges: SearchEdge[] = [];
      for (const result of page.results) {
        if (result.kind === 'external') {
          const { hit } = result;
          const preview = { title: hit.title, summary: hit.summary ?? null, url: hit.url };
          edges.push({ cursor: null, score: hit.score, type: hit.type, node: RemoteSearchResult.from(hit), originHost: hit.originHost, preview });
          continue;
        }
        const typeName = result.declaration.graphqlType;
        if (!typeName || typeof result.node !== 'object') continue;
        typeNames.set(result.node as object, typeName);
        // The node was loaded (and re-checked) for this viewer: its preview shows nothing more than it.
        const preview = result.declaration.publicPreview?.(result.node, this.services) ?? null;
        edges.push({
          cursor: result.hit.cursor ?? null,
          score: result.hit.score,
          type: result.hit.type,
          node: result.node as object,
          originHost: result.hit.originHost ?? null,
          preview: preview ? { title: preview.title, summary: preview.summary ?? null, url: preview.url } : null,
        });
      }
      return {
        edges,
        nodes: edges.map((edge) => edge.node),
        pageInfo: { hasNextPage: page.endCursor !== null, endCursor: page.endCursor },
        totalEstimate: page.totalEstimate,
        facets: Object.entries(page.facets).map(([field, counts]) => ({
          field,
          values: Object.entries(counts).map(([value, count]) => ({ value, count })),
        })),
      };
    }
  }

  @Resolver()
  class SearchTypesResolver {
    @Query(() => [SearchDocumentTypeInfo], { description: 'The searchable types of this instance, with their filters and facets.' })
    searchTypes(): SearchDocumentTypeInfo[] {
      return documentTypes.all().map((declaration) => ({
        type: declaration.type,
        facets: [...(declaration.facets ?? [])],
        filters: Object.keys(declaration.filters ?? {}),
      }));
    }
  }

  return [SearchResolver, SearchTypesResolver];
}
