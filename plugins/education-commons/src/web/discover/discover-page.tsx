import { useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import {
  COMMUNITY_CARD_FIELDS,
  CommunityList,
  RESOURCE_ITEM_FIELDS,
  ResourceList,
  Section,
  SubjectLinks,
  type CommunityCardData,
  type ResourceItemData,
} from '../components.js';
import { commonsPaths } from '../paths.js';
import { CommonsStyles } from '../styles.js';

interface DiscoverPageData {
  discover: {
    featuredCommunities: { nodes: CommunityCardData[] };
    activeCommunities: { nodes: CommunityCardData[] };
    newestResources: { nodes: ResourceItemData[] };
    mostLikedResources: { nodes: ResourceItemData[] };
  };
  subjects: Array<{ code: string; name: string }>;
}

/** Where to start: featured and most active communities, newest and most liked resources, and the subjects to browse. */
function DiscoverPage({ data, viewer }: PageProps<DiscoverPageData>) {
  const t = useT();
  const { discover } = data;
  return (
    <div className="stack">
      <CommonsStyles />
      <div className="cluster">
        <h1>{t('education-commons.discover.title')}</h1>
        {viewer ? (
          <a className="button button--secondary" href={commonsPaths.newCommunity}>
            {t('education-commons.discover.newCommunity')}
          </a>
        ) : null}
      </div>
      <Section id="discover-featured" title={t('education-commons.discover.featured')}>
        <CommunityList communities={discover.featuredCommunities.nodes} empty={t('education-commons.discover.noFeatured')} />
      </Section>
      <Section id="discover-newest" title={t('education-commons.discover.newest')}>
        <ResourceList resources={discover.newestResources.nodes} empty={t('education-commons.discover.noResources')} />
      </Section>
      <Section id="discover-active" title={t('education-commons.discover.active')}>
        <CommunityList communities={discover.activeCommunities.nodes} empty={t('education-commons.discover.noCommunities')} />
      </Section>
      <Section id="discover-liked" title={t('education-commons.discover.mostLiked')}>
        <ResourceList resources={discover.mostLikedResources.nodes} empty={t('education-commons.discover.noResources')} />
      </Section>
      <Section id="discover-subjects" title={t('education-commons.discover.bySubject')}>
        <SubjectLinks subjects={data.subjects} />
      </Section>
    </div>
  );
}

export const discoverPage: PageDefinition<DiscoverPageData> = {
  path: commonsPaths.discover,
  query: `query DiscoverPage {
    discover {
      featuredCommunities(first: 6) { nodes { ${COMMUNITY_CARD_FIELDS} } }
      activeCommunities(first: 6) { nodes { ${COMMUNITY_CARD_FIELDS} } }
      newestResources(first: 10) { nodes { ${RESOURCE_ITEM_FIELDS} } }
      mostLikedResources(first: 5) { nodes { ${RESOURCE_ITEM_FIELDS} } }
    }
    subjects: educationBroadSubjects { code name }
  }`,
  component: DiscoverPage,
  title: (_props, t) => t('education-commons.discover.title'),
};
