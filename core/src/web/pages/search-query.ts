/**
 * The search page's URL and the `search` variables made from it. The URL is the state (readable,
 * linkable, works without JavaScript): `q` the text, `in` a document type, `f_<field>` one facet
 * value per field, `scope=federated` to ask trusted peers too, `after` the page's cursor.
 */
export const FACET_PARAM_PREFIX = 'f_';

export interface SearchState {
  text: string;
  type: string | null;
  /** Facet filters by field (one value each, as the page's selects give). */
  facets: Record<string, string>;
  federated: boolean;
  after: string | null;
}

export function searchStateOf(search: Readonly<Record<string, string>>): SearchState {
  const facets: Record<string, string> = {};
  for (const [name, value] of Object.entries(search)) {
    const field = name.startsWith(FACET_PARAM_PREFIX) ? name.slice(FACET_PARAM_PREFIX.length) : '';
    if (field && value) facets[field] = value;
  }
  return {
    text: (search.q ?? '').trim(),
    type: search.in || null,
    facets,
    federated: search.scope === 'federated',
    after: search.after || null,
  };
}

/** Something to search for: text, or at least one filter (an empty search is only the form). */
export function hasCriteria(state: SearchState): boolean {
  return state.text !== '' || Object.keys(state.facets).length > 0;
}

export function searchVariables(state: SearchState): Record<string, unknown> {
  const keywords = Object.entries(state.facets).map(([field, value]) => ({ field, values: [value] }));
  return {
    run: hasCriteria(state),
    query: state.text,
    types: state.type ? [state.type] : null,
    filters: keywords.length > 0 ? { keywords } : null,
    after: state.after,
    scope: state.federated ? 'FEDERATED' : 'LOCAL',
  };
}

/** The URL of the search with some parts changed (a page, a facet removed); `null` removes a part. */
export function searchUrl(state: SearchState, change: Partial<Omit<SearchState, 'facets'>> & { facets?: Record<string, string | null> } = {}): string {
  const next = { ...state, ...change, facets: { ...state.facets } as Record<string, string | null> };
  for (const [field, value] of Object.entries(change.facets ?? {})) next.facets[field] = value;
  const params = new URLSearchParams();
  if (next.text) params.set('q', next.text);
  if (next.type) params.set('in', next.type);
  for (const [field, value] of Object.entries(next.facets)) if (value) params.set(`${FACET_PARAM_PREFIX}${field}`, value);
  if (next.federated) params.set('scope', 'federated');
  if (next.after) params.set('after', next.after);
  return `/search?${params.toString()}`;
}

/** A handle (`@user@host`, `user@host`) or a web address: the search box looks it up on its instance. */
export function looksLikeLookup(text: string): boolean {
  const trimmed = text.trim();
  if (/\s/.test(trimmed) || trimmed === '') return false;
  if (/^https?:\/\//i.test(trimmed)) return true;
  return /^(acct:)?@?[a-z0-9_.-]+@[a-z0-9.-]+\.[a-z]{2,}(:\d+)?$/i.test(trimmed) || /^@[a-z0-9_.-]+@[a-z0-9.-]+(:\d+)?$/i.test(trimmed);
}

/**
 * Where a handle or URL of this instance points here (`@alice@this.host` is `/@alice`; a URL of this
 * host is itself), or null when it names another server. The look-up resolves other servers only.
 */
export function localTargetOf(text: string, instanceUrl: string): string | null {
  const trimmed = text.trim();
  let host: string;
  try {
    host = new URL(instanceUrl).host.toLowerCase();
  } catch {
    return null;
  }
  if (/^https?:\/\//i.test(trimmed)) {
    try {
      const url = new URL(trimmed);
      return url.host.toLowerCase() === host ? `${url.pathname}${url.search}` : null;
    } catch {
      return null;
    }
  }
  const handle = /^(?:acct:)?@?([^@\s]+)@([^@\s]+)$/i.exec(trimmed);
  return handle && handle[2]!.toLowerCase() === host ? `/@${handle[1]}` : null;
}
