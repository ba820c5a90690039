import { Form, SubmitButton, useT, usePage } from '@commonplace/sdk/web';
import type { SearchEdgeData } from './search-results.js';
import { useTypeLabel } from './search-results.js';

/** Actor types that can be followed from their look-up card. */
const ACTOR_TYPES = new Set(['Person', 'Group', 'Organization', 'Service', 'Application']);

interface FollowResult {
  follow: { state: string };
}

/**
 * A handle or URL typed in the search box, resolved on its instance by the `search` query's look-up
 * (it comes first when it resolved): the actor or object, where it lives, and a way to open or
 * follow it; or an honest sentence on why nothing came back.
 */
export function LookupPanel({ text, edges }: { text: string; edges: readonly SearchEdgeData[] }) {
  const t = useT();
  const { viewer, search } = usePage();
  const typeLabel = useTypeLabel();
  const found = edges[0]?.node.__typename === 'RemoteSearchResult' ? edges[0] : null;
  if (!found) {
    return (
      <section className="panel panel--warning" aria-labelledby="lookup-title">
        <h2 id="lookup-title">{t('core.lookup.notFoundTitle', { text })}</h2>
        <p>{t('core.lookup.notFoundBody')}</p>
      </section>
    );
  }
  const host = found.originHost ?? found.node.originHost ?? '';
  const url = found.preview?.url ?? found.node.url ?? '';
  const canFollow = viewer && ACTOR_TYPES.has(found.type) && found.node.id;
  return (
    <section className="panel" aria-labelledby="lookup-title">
      <p className="muted">{t('core.lookup.foundOn', { host })}</p>
      <h2 id="lookup-title">{found.preview?.title ?? text}</h2>
      <p className="cluster">
        <span className="badge">{typeLabel(found.type)}</span>
        <span className="badge badge--remote">{host}</span>
      </p>
      {found.preview?.summary ? <p className="result__summary">{found.preview.summary}</p> : null}
      <div className="cluster">
        {url ? (
          <a className="button button--secondary" href={url} rel="noopener">
            {t('core.lookup.open', { host })}
          </a>
        ) : null}
        {canFollow ? (
          <Form action="follow" className="inline-form">
            <input type="hidden" name="target" value={found.node.id} />
            <SubmitButton>{t('core.lookup.follow')}</SubmitButton>
          </Form>
        ) : null}
      </div>
      {search.followed ? (
        <p role="status">{search.followed === 'PENDING' ? t('core.lookup.followPending') : t('core.lookup.followed')}</p>
      ) : null}
    </section>
  );
}

/** Follows the looked-up actor; back to the same search, saying how it went (a remote actor may have to accept). */
export const followAction = {
  mutation: 'mutation SearchFollow($target: String!) { follow(target: $target) { state } }',
  variables: (fields: Readonly<Record<string, string>>) => ({ target: fields.target ?? '' }),
  redirect: (result: FollowResult, params: Readonly<Record<string, string>>) => {
    const query = new URLSearchParams();
    if (params.q) query.set('q', params.q);
    query.set('followed', result.follow.state);
    return `/search?${query.toString()}`;
  },
  access: 'signed-in' as const,
};
