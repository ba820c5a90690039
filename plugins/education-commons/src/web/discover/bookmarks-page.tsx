import { useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { NextPageLink, RESOURCE_ITEM_FIELDS, ResourceList, type ResourceItemData } from '../components.js';
import { commonsPaths } from '../paths.js';
import { CommonsStyles } from '../styles.js';

interface BookmarksPageData {
  bookmarks: { nodes: ResourceItemData[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
}

/** The viewer's private bookmarks, most recent first. */
function BookmarksPage({ data }: PageProps<BookmarksPageData>) {
  const t = useT();
  return (
    <div className="stack">
      <CommonsStyles />
      <h1>{t('education-commons.bookmarks.title')}</h1>
      <p className="muted">{t('education-commons.bookmarks.intro')}</p>
      <ResourceList resources={data.bookmarks.nodes} empty={t('education-commons.bookmarks.empty')} />
      <NextPageLink pageInfo={data.bookmarks.pageInfo} href={(cursor) => `${commonsPaths.bookmarks}?after=${encodeURIComponent(cursor)}`} />
    </div>
  );
}

export const bookmarksPage: PageDefinition<BookmarksPageData> = {
  path: commonsPaths.bookmarks,
  access: 'signed-in',
  query: `query BookmarksPage($after: String) { bookmarks(first: 20, after: $after) { nodes { ${RESOURCE_ITEM_FIELDS} } pageInfo { hasNextPage endCursor } } }`,
  variables: (_params, search) => ({ after: search.after ?? null }),
  component: BookmarksPage,
  title: (_props, t) => t('education-commons.bookmarks.title'),
  head: () => ({ noIndex: true }),
};
