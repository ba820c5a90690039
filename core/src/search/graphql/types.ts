import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BadUserInputError, type SearchQuery } from '@commonplace/sdk/internal';
import type { ExternalHit } from '../external-source.js';

export enum SearchScope {
  LOCAL = 'local',
  FEDERATED = 'federated',
}
registerEnumType(SearchScope, {
  name: 'SearchScope',
  description: 'LOCAL: this instance only. FEDERATED: also trusted peers and the shared discovery index (first page only).',
});

@ObjectType('RemoteSearchResult', { description: 'A public object from another instance: a peer, the shared discovery index, or a resolved handle or URL.' })
export class RemoteSearchResult {
  @Field(() => ID, { description: 'The object’s URL (ActivityPub id).' })
  id!: string;

  @Field(() => String)
  url!: string;

  @Field(() => String, { description: 'The document type as its origin declares it.' })
  type!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String)
  originHost!: string;

  @Field(() => Float)
  score!: number;

  static from(hit: ExternalHit): RemoteSearchResult {
    return Object.assign(new RemoteSearchResult(), {
      id: hit.id,
      url: hit.url,
      type: hit.type,
      title: hit.title,
      summary: hit.summary ?? null,
      originHost: hit.originHost,
      score: hit.score,
    });
  }
}

@ObjectType('SearchPreview', { description: 'How a local result shows in a list: the title, a short summary and its page, as its type previews it.' })
export class SearchPreview {
  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  summary!: string | null;

  @Field(() => String)
  url!: string;
}

@ObjectType('SearchDocumentTypeInfo', { description: 'A searchable type of this instance: what it can be filtered and faceted by.' })
export class SearchDocumentTypeInfo {
  @Field(() => String, { description: '`education-commons.resource`...: a value of the `types` argument of `search`.' })
  type!: string;

  @Field(() => [String], { description: 'Keyword filters whose value counts come back with results.' })
  facets!: string[];

  @Field(() => [String], { description: 'Every filterable field.' })
  filters!: string[];
}

@ObjectType('SearchFacetValue')
export class SearchFacetValue {
  @Field(() => String)
  value!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('SearchFacet', { description: 'How many matches carry each value of a keyword filter, most frequent first.' })
export class SearchFacet {
  @Field(() => String)
  field!: string;

  @Field(() => [SearchFacetValue])
  values!: SearchFacetValue[];
}

@InputType('SearchKeywordFilter', { description: 'Matches documents with any of the values.' })
export class SearchKeywordFilter {
  @Field(() => String)
  field!: string;

  @Field(() => [String])
  values!: string[];
}

@InputType('SearchRangeFilter', { description: 'Bounds a number or date filter (dates in ISO 8601); either bound may be left out.' })
export class SearchRangeFilter {
  @Field(() => String)
  field!: string;

  @Field(() => String, { nullable: true })
  from?: string | null;

  @Field(() => String, { nullable: true })
  to?: string | null;
}

@InputType('SearchFilters', { description: 'Every filter given must match. The filterable fields are those the searched types declare.' })
export class SearchFilters {
  @Field(() => [SearchKeywordFilter], { nullable: true })
  keywords?: SearchKeywordFilter[] | null;

  @Field(() => [SearchRangeFilter], { nullable: true })
  ranges?: SearchRangeFilter[] | null;
}

/** The GraphQL input as the search port takes it; a field given twice is BAD_USER_INPUT naming `filters`. */
export function toQueryFilters(filters: SearchFilters | null | undefined): NonNullable<SearchQuery['filters']> {
  const result: NonNullable<SearchQuery['filters']> = {};
  const claim = (field: string) => {
    if (field in result) throw new BadUserInputError(`filter "${field}" is given twice.`, 'filters');
  };
  for (const { field, values } of filters?.keywords ?? []) {
    claim(field);
    result[field] = values;
  }
  for (const { field, from, to } of filters?.ranges ?? []) {
    claim(field);
    result[field] = { ...(from != null ? { from } : {}), ...(to != null ? { to } : {}) };
  }
  return result;
}
