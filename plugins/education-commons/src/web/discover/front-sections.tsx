import { useT, type SlotPanel, type SlotProps } from '@commonplace/sdk/web';
import {
  COMMUNITY_CARD_FIELDS,
  CommunityList,
  RESOURCE_ITEM_FIELDS,
  ResourceList,
  Section,
  type CommunityCardData,
  type ResourceItemData,
} from '../components.js';
import { commonsPaths } from '../paths.js';
import { CommonsStyles } from '../styles.js';

interface FrontCommonsData {
  discover: {
    featuredCommunities: { nodes: CommunityCardData[] };
    activeCommunities: { nodes: CommunityCardData[] };
    newestResources: { nodes: ResourceItemData[] };
  };
}

/**
 * The front page's commons: featured communities (the most active ones until admins feature some, so
 * a new instance's front page is not empty) and the newest resources. Discover's first pages are
 * cached, so this costs the front page little.
 */
function FrontCommons({ data }: SlotProps<FrontCommonsData>) {
  const t = useT();
  const featured = data.discover.featuredCommunities.nodes;
  const communities = featured.length > 0 ? featured : data.discover.activeCommunities.nodes;
  const more = (
    <a href={commonsPaths.discover}>{t('education-commons.front.discoverMore')}</a>
  );
  return (
    <>
      <CommonsStyles />
      <Section id="front-communities" title={featured.length > 0 ? t('education-commons.front.featured') : t('education-commons.front.communities')} action={more}>
        <CommunityList communities={communities} empty={t('education-commons.front.noCommunities')} />
      </Section>
      <Section id="front-newest" title={t('education-commons.front.newest')}>
        <ResourceList resources={data.discover.newestResources.nodes} empty={t('education-commons.front.noResources')} />
      </Section>
    </>
  );
}

interface FrontFeedData {
  feed: { nodes: ResourceItemData[] };
}

/** For a signed-in person, the front page opens with their feed (core's front page is the same for everyone; see index.ts). */
function FrontFeed({ data }: SlotProps<FrontFeedData>) {
  const t = useT();
  return (
    <Section id="front-feed" title={t('education-commons.front.yourFeed')} action={<a href={commonsPaths.feed}>{t('education-commons.front.wholeFeed')}</a>}>
      <ResourceList resources={data.feed.nodes} empty={t('education-commons.feed.empty')} />
    </Section>
  );
}

export const frontPanels: SlotPanel<any>[] = [
  {
    slot: 'front.sections',
    query: 'query FrontFeedPanel { feed(first: 5) { nodes { ' + RESOURCE_ITEM_FIELDS + ' } } }',
    component: FrontFeed,
    access: 'signed-in',
    order: 100,
  },
  {
    slot: 'front.sections',
    query: `query FrontCommonsPanel {
      discover {
        featuredCommunities(first: 6) { nodes { ${COMMUNITY_CARD_FIELDS} } }
        activeCommunities(first: 6) { nodes { ${COMMUNITY_CARD_FIELDS} } }
        newestResources(first: 6) { nodes { ${RESOURCE_ITEM_FIELDS} } }
      }
    }`,
    component: FrontCommons,
    order: 200,
  },
];
