import type { SearchDocumentType } from '@commonplace/sdk';
import type { Settings } from 'meilisearch';

const WEIGHT_ORDER = { A: 0, B: 1, C: 2, D: 3 } as const;

/** Filterable on every index: core's own attributes (audience, origin, type, language, date). */
const CORE_FILTERABLE = ['type', 'audienceKeys', 'originHost', 'originDomains', 'language', 'updatedAt'];

/** Most values per facet Meilisearch counts; the GraphQL facets show the most frequent ones. */
export const MAX_VALUES_PER_FACET = 100;

/**
 * The settings of a type's index, from its declaration. Searchable attributes are ordered by weight
 * (Meilisearch's `attribute` rule ranks a match in an earlier attribute higher, so an exact title
 * match comes first); ties keep the declaration's order. Newer documents win among equal matches.
 */
export function indexSettingsFor(type: SearchDocumentType): Settings {
  const searchable = Object.entries(type.fields)
    .map(([field, { weight }], position) => ({ field, rank: WEIGHT_ORDER[weight] * 1000 + position }))
    .sort((a, b) => a.rank - b.rank)
    .map(({ field }) => `text.${field}`);
  const filters = Object.entries(type.filters ?? {});
  return {
    searchableAttributes: searchable,
    filterableAttributes: [...CORE_FILTERABLE, ...filters.map(([field]) => `filters.${field}`)],
    sortableAttributes: ['updatedAt', ...filters.filter(([, kind]) => kind !== 'keyword').map(([field]) => `filters.${field}`)],
    // Hits come back as references; the objects are loaded (and re-checked) from the database.
    displayedAttributes: ['id', 'type', 'originHost'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness', 'updatedAt:desc'],
    faceting: { maxValuesPerFacet: MAX_VALUES_PER_FACET, sortFacetValuesBy: { '*': 'count' } },
  };
}
