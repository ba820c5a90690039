import { useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { NextPageLink, RESOURCE_ITEM_FIELDS, ResourceList, Section, SubjectLinks, type ResourceItemData } from '../components.js';
import { commonsPaths } from '../paths.js';
import { CommonsStyles } from '../styles.js';

interface FeedPageData {
  feed: { nodes: ResourceItemData[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  followedSubjects: { nodes: Array<{ code: string; name: string }> };
}

/** The viewer's feed: new resources from their communities, the communities they follow and their subjects. */
function FeedPage({ data }: PageProps<FeedPageData>) {
  const t = useT();
  return (
    <div className="stack">
      <CommonsStyles />
      <h1>{t('education-commons.feed.title')}</h1>
      <p className="muted">{t('education-commons.feed.intro')}</p>
      <ResourceList resources={data.feed.nodes} empty={t('education-commons.feed.empty')} />
      <NextPageLink pageInfo={data.feed.pageInfo} href={(cursor) => `${commonsPaths.feed}?after=${encodeURIComponent(cursor)}`} />
      <Section id="feed-subjects" title={t('education-commons.feed.subjects')}>
        {data.followedSubjects.nodes.length === 0 ? (
          <p className="muted">
            {t('education-commons.feed.noSubjects')} <a href={commonsPaths.discover}>{t('education-commons.discover.title')}</a>
          </p>
        ) : (
          <SubjectLinks subjects={data.followedSubjects.nodes} />
        )}
      </Section>
    </div>
  );
}

export const feedPage: PageDefinition<FeedPageData> = {
  path: commonsPaths.feed,
  access: 'signed-in',
  query: `query FeedPage($after: String) {
    feed(first: 20, after: $after) { nodes { ${RESOURCE_ITEM_FIELDS} } pageInfo { hasNextPage endCursor } }
    followedSubjects(first: 50) { nodes { code name } }
  }`,
  variables: (_params, search) => ({ after: search.after ?? null }),
  component: FeedPage,
  title: (_props, t) => t('education-commons.feed.title'),
  head: () => ({ noIndex: true }),
};
