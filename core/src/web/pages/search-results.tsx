import { useT, usePage } from '@commonplace/sdk/web';
import { searchUrl, type SearchState } from './search-query.js';

export interface SearchEdgeData {
  type: string;
  originHost: string | null;
  preview: { title: string; summary: string | null; url: string } | null;
  node: { __typename: string; id?: string; url?: string; originHost?: string };
}

export interface SearchConnectionData {
  totalEstimate: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  facets: Array<{ field: string; values: Array<{ value: string; count: number }> }>;
  edges: SearchEdgeData[];
}

/** A document type's name for people (`education-commons.resource` is "Resource"); an unknown type shows as it is. */
export function useTypeLabel(): (type: string) => string {
  const t = useT();
  return (type) => {
    const key = `core.search.type.${type}`;
    const label = t(key);
    return label === key ? type : label;
  };
}

/** A facet value for people: a language code in the page's language ("es" is "Spanish"), others as they are. */
export function useFacetValueLabel(): (field: string, value: string) => string {
  const { locale } = usePage();
  let languages: Intl.DisplayNames | null = null;
  return (field, value) => {
    if (field !== 'language') return value;
    try {
      languages ??= new Intl.DisplayNames([locale], { type: 'language' });
      return languages.of(value) ?? value;
    } catch {
      return value;
    }
  };
}

/** The results, each with its type and, for another instance's, where it comes from. */
export function SearchResultList({ connection }: { connection: SearchConnectionData }) {
  const t = useT();
  const typeLabel = useTypeLabel();
  if (connection.edges.length === 0) return <p>{t('core.search.none')}</p>;
  return (
    <ol className="result-list" aria-label={t('core.search.resultsLabel')}>
      {connection.edges.map((edge, index) => {
        const remote = edge.node.__typename === 'RemoteSearchResult';
        const host = edge.originHost;
        const title = edge.preview?.title ?? t('core.search.untitled');
        const url = edge.preview?.url ?? edge.node.url;
        return (
          <li key={`${edge.type}:${edge.node.id ?? index}`} className="result">
            <h3 className="result__title">{url ? <a href={url}>{title}</a> : title}</h3>
            <p className="result__meta cluster">
              <span className="badge">{typeLabel(edge.type)}</span>
              {host ? (
                <span className={remote ? 'badge badge--remote' : 'badge'}>
                  {remote ? t('core.search.fromPeer', { host }) : t('core.search.copyFrom', { host })}
                </span>
              ) : null}
            </p>
            {edge.preview?.summary ? <p className="result__summary">{edge.preview.summary}</p> : null}
          </li>
        );
      })}
    </ol>
  );
}

/** Next page by cursor (peers' results come on the first page only, as the API gives them). */
export function SearchPager({ state, connection }: { state: SearchState; connection: SearchConnectionData }) {
  const t = useT();
  if (!state.after && !connection.pageInfo.hasNextPage) return null;
  return (
    <nav aria-label={t('core.search.pagesLabel')}>
      <ul className="inline-list">
        {state.after ? (
          <li>
            <a href={searchUrl(state, { after: null })}>{t('core.search.firstPage')}</a>
          </li>
        ) : null}
        {connection.pageInfo.hasNextPage && connection.pageInfo.endCursor ? (
          <li>
            <a className="button button--secondary" rel="next" href={searchUrl(state, { after: connection.pageInfo.endCursor })}>
              {t('core.search.nextPage')}
            </a>
          </li>
        ) : null}
      </ul>
    </nav>
  );
}

/** How many matched ("12 results"; backends may estimate), announced when the page changes. */
export function ResultCount({ total }: { total: number }) {
  const t = useT();
  return (
    <p className="muted" role="status">
      {t('core.search.count', { count: total })}
    </p>
  );
}
