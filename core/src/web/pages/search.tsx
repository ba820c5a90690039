import { Form, Select, SubmitButton, TextField, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { followAction, LookupPanel } from './lookup.js';
import { FACET_PARAM_PREFIX, hasCriteria, localTargetOf, looksLikeLookup, searchStateOf, searchUrl, searchVariables, type SearchState } from './search-query.js';
import { ResultCount, SearchPager, SearchResultList, useFacetValueLabel, useTypeLabel, type SearchConnectionData } from './search-results.js';

export interface SearchPageData {
  instance: { url: string };
  searchTypes: Array<{ type: string; facets: string[] }>;
  search?: SearchConnectionData | null;
}

const SEARCH_QUERY = `query SearchPage($run: Boolean!, $query: String!, $types: [String!], $filters: SearchFilters, $after: String, $scope: SearchScope!) {
  instance { url }
  searchTypes { type facets }
  search(query: $query, types: $types, filters: $filters, after: $after, scope: $scope) @include(if: $run) {
    totalEstimate
    pageInfo { hasNextPage endCursor }
    facets { field values { value count } }
    edges {
      type
      originHost
      preview { title summary url }
      node { __typename ... on RemoteSearchResult { id url originHost } }
    }
  }
}`;

/**
 * Search: the text, a type, the facets the searched types declare (type, language, level, subject,
 * licence...), trusted peers on request, marked with their host; a handle or URL is looked up on
 * its instance first. A GET form: every search is a link.
 */
function SearchPage({ data, search }: PageProps<SearchPageData>) {
  const t = useT();
  const state = searchStateOf(search);
  const connection = data.search ?? null;
  const addressed = state.text !== '' && looksLikeLookup(state.text) && !state.after;
  // A handle or URL of this instance is not looked up elsewhere: it is here.
  const here = addressed ? localTargetOf(state.text, data.instance.url) : null;
  const lookup = addressed && here === null;
  return (
    <div className="stack">
      <h1 className="search-title">{state.text ? t('core.search.titleFor', { text: state.text }) : t('core.search.title')}</h1>
      <div className="search-layout">
        <SearchForm state={state} data={data} />
        <section className="stack" aria-labelledby="search-results-title">
          <h2 id="search-results-title" className="visually-hidden">
            {t('core.search.resultsLabel')}
          </h2>
          <TypeChoice state={state} data={data} />
          {!hasCriteria(state) ? <p>{t('core.search.empty')}</p> : null}
          {here ? (
            <p className="panel">
              <a href={here}>{t('core.lookup.here', { text: state.text })}</a>
            </p>
          ) : null}
          {lookup && connection ? <LookupPanel text={state.text} edges={connection.edges} /> : null}
          {connection ? <Results state={state} connection={lookup ? withoutLookup(connection) : connection} lookup={lookup} /> : null}
        </section>
      </div>
    </div>
  );
}

/** The count, the list and the pages; after a look-up, only when the words matched something here too. */
function Results({ state, connection, lookup }: { state: SearchState; connection: SearchConnectionData; lookup: boolean }) {
  if (lookup && connection.edges.length === 0) return null;
  return (
    <>
      <ResultCount total={connection.totalEstimate} />
      <SearchResultList connection={connection} />
      <SearchPager state={state} connection={connection} />
    </>
  );
}

/** The look-up's result is shown in its own panel, not again in the list. */
function withoutLookup(connection: SearchConnectionData): SearchConnectionData {
  const [firstEdge, ...rest] = connection.edges;
  return firstEdge?.node.__typename === 'RemoteSearchResult' ? { ...connection, edges: rest } : connection;
}

/**
 * The types as links, not a select in the form: a type changes which facets exist, so choosing one
 * starts its filters afresh (a facet of another type would be refused by the API).
 */
function TypeChoice({ state, data }: { state: SearchState; data: SearchPageData }) {
  const t = useT();
  const typeLabel = useTypeLabel();
  const choices = [{ type: null as string | null, label: t('core.search.anyType') }, ...data.searchTypes.map(({ type }) => ({ type, label: typeLabel(type) }))];
  return (
    <nav className="type-choice" aria-label={t('core.search.type')}>
      <ul className="inline-list">
        {choices.map((choice) => (
          <li key={choice.type ?? ''}>
            <a href={searchUrl(state, { type: choice.type, after: null, facets: resetFacets(state) })} aria-current={choice.type === state.type ? 'page' : undefined}>
              {choice.label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function resetFacets(state: SearchState): Record<string, null> {
  return Object.fromEntries(Object.keys(state.facets).map((field) => [field, null]));
}

function SearchForm({ state, data }: { state: SearchState; data: SearchPageData }) {
  const t = useT();
  const valueLabel = useFacetValueLabel();
  const facets = facetChoices(state, data);
  return (
    <Form action="search" method="get" to="/search" className="stack search-filters" aria-label={t('core.search.filtersLabel')}>
      <TextField name="q" type="search" label={t('core.search.text')} defaultValue={state.text} hint={t('core.search.textHint')} />
      {state.type ? <input type="hidden" name="in" value={state.type} /> : null}
      {facets.map(({ field, values }) => (
        <Select
          key={field}
          name={`${FACET_PARAM_PREFIX}${field}`}
          label={t(`core.search.facet.${field}`) === `core.search.facet.${field}` ? field : t(`core.search.facet.${field}`)}
          defaultValue={state.facets[field] ?? ''}
          options={[
            { value: '', label: t('core.search.anyValue') },
            ...values.map(({ value, count }) => ({ value, label: count === null ? valueLabel(field, value) : t('core.search.facetValue', { value: valueLabel(field, value), count }) })),
          ]}
        />
      ))}
      <div className="field field--check">
        <input id="search-scope" type="checkbox" name="scope" value="federated" defaultChecked={state.federated} />
        <label htmlFor="search-scope">{t('core.search.federated')}</label>
      </div>
      <SubmitButton>{t('core.search.submit')}</SubmitButton>
    </Form>
  );
}

/**
 * The facet selects: each facet the searched types declare and this search counted, with the chosen
 * value kept even when no result carries it any more (so it can be taken off).
 */
function facetChoices(state: SearchState, data: SearchPageData): Array<{ field: string; values: Array<{ value: string; count: number | null }> }> {
  const declared = new Set(data.searchTypes.filter(({ type }) => !state.type || type === state.type).flatMap(({ facets }) => facets));
  const counted = new Map((data.search?.facets ?? []).map((facet) => [facet.field, facet.values]));
  const fields = [...declared].filter((field) => counted.get(field)?.length || state.facets[field]);
  return fields.map((field) => {
    const values: Array<{ value: string; count: number | null }> = [...(counted.get(field) ?? [])];
    const chosen = state.facets[field];
    if (chosen && !values.some((entry) => entry.value === chosen)) values.unshift({ value: chosen, count: null });
    return { field, values };
  });
}

export const searchPage: PageDefinition<SearchPageData> = {
  path: '/search',
  query: SEARCH_QUERY,
  variables: (_params, search) => searchVariables(searchStateOf(search)),
  component: SearchPage,
  title: ({ search }, t) => (search.q ? t('core.search.titleFor', { text: search.q.trim() }) : t('core.search.title')),
  head: () => ({ noIndex: true }),
  actions: { follow: followAction as PageAction<unknown> },
};
