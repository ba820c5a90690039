import { FormattedDate, Form, Slot, SubmitButton, usePage, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { COLLECTION_ITEM_FIELDS, CollectionList, CommunityIcon, RESOURCE_ITEM_FIELDS, ResourceList, Section, type CollectionItemData, type ResourceItemData } from '../components.js';
import { commonsPaths } from '../paths.js';
import { CommonsStyles } from '../styles.js';
import { CommunityTabs } from './community-tabs.js';

export interface CommunityPageData {
  community: {
    id: string;
    username: string;
    name: string;
    summary: string | null;
    iconUrl: string | null;
    uri: string;
    requiresApproval: boolean;
    createdAt: string;
    memberCount: number;
    viewerRole: 'OWNER' | 'MODERATOR' | 'MEMBER' | null;
    viewerAwaitsApproval: boolean;
    viewerFollows: boolean;
    viewerModerates: boolean;
    collections: { nodes: CollectionItemData[] };
    resources: { nodes: ResourceItemData[] };
  } | null;
}

/**
 * A community: about, how many members, its collections and newest resources, and what the viewer
 * may do (join or ask to, leave, follow). Later plugins add panels (slot `community.panels`) and tabs
 * (menu `community`).
 */
function CommunityPage({ data, viewer }: PageProps<CommunityPageData>) {
  const t = useT();
  const community = data.community!;
  return (
    <div className="stack">
      <CommonsStyles />
      <section className="commons-header" aria-labelledby="community-name">
        <CommunityIcon community={community} size={80} />
        <div className="stack stack--tight">
          <h1 id="community-name">{community.name}</h1>
          <p className="muted">
            {t('education-commons.community.members', { count: community.memberCount })}
            {' · '}
            {community.requiresApproval ? t('education-commons.community.approvalOnly') : t('education-commons.community.openToAll')}
            {' · '}
            {t('education-commons.community.since')} <FormattedDate value={community.createdAt} />
          </p>
          {community.summary ? <p className="profile__summary">{community.summary}</p> : null}
          {viewer ? <Membership community={community} /> : <SignInToJoin />}
        </div>
      </section>
      <CommunityTabs username={community.username} moderates={community.viewerModerates} />
      <Section
        id="community-collections"
        title={t('education-commons.community.collections')}
        action={
          community.viewerRole ? (
            <a className="button button--secondary" href={commonsPaths.newCollection(community.username)}>
              {t('education-commons.community.newCollection')}
            </a>
          ) : null
        }
      >
        <CollectionList collections={community.collections.nodes} empty={t('education-commons.community.noCollections')} />
      </Section>
      <Section id="community-resources" title={t('education-commons.community.resources')}>
        <ResourceList resources={community.resources.nodes} empty={t('education-commons.community.noResources')} />
      </Section>
      <Slot name="community.panels" className="stack" />
    </div>
  );
}

/** Where the viewer stands, and the one or two things they can do about it (each a form post). */
function Membership({ community }: { community: NonNullable<CommunityPageData['community']> }) {
  const t = useT();
  const role = community.viewerRole;
  return (
    <div className="stack stack--tight">
      {role ? <p>{t(`education-commons.community.youAre.${role.toLowerCase()}`)}</p> : null}
      {community.viewerAwaitsApproval ? <p role="status">{t('education-commons.community.awaitingApproval')}</p> : null}
      <div className="cluster">
        {role || community.viewerAwaitsApproval ? (
          role === 'OWNER' ? null : (
            <Form action="leave" className="inline-form">
              <input type="hidden" name="communityId" value={community.id} />
              <SubmitButton variant="secondary">
                {community.viewerAwaitsApproval ? t('education-commons.community.withdraw') : t('education-commons.community.leave')}
              </SubmitButton>
            </Form>
          )
        ) : (
          <Form action="join" className="inline-form">
            <input type="hidden" name="communityId" value={community.id} />
            <SubmitButton>{community.requiresApproval ? t('education-commons.community.askToJoin') : t('education-commons.community.join')}</SubmitButton>
          </Form>
        )}
        {/* A member's feed already holds the community's resources: following is for those outside it. */}
        {role ? null : community.viewerFollows ? (
          <Form action="unfollow" className="inline-form">
            <SubmitButton variant="secondary">{t('education-commons.community.unfollow')}</SubmitButton>
          </Form>
        ) : (
          <Form action="follow" className="inline-form">
            <SubmitButton variant="secondary">{t('education-commons.community.follow')}</SubmitButton>
          </Form>
        )}
        {community.viewerModerates ? (
          <a className="button button--secondary" href={commonsPaths.editCommunity(community.username)}>
            {t('education-commons.community.edit')}
          </a>
        ) : null}
      </div>
    </div>
  );
}

function SignInToJoin() {
  const { t, url } = usePage();
  return (
    <p>
      <a href={`/login?next=${encodeURIComponent(url)}`}>{t('education-commons.community.logInToJoin')}</a>
    </p>
  );
}

/** Every action names the community by the page's handle; the mutation needs its id, which the form carries. */
const backToCommunity = (_result: unknown, params: Readonly<Record<string, string>>) => commonsPaths.community(params.username ?? '');

const join: PageAction = {
  mutation: 'mutation JoinCommunity($id: ID!) { joinCommunity(id: $id) { id } }',
  variables: (fields) => ({ id: fields.communityId ?? '' }),
  redirect: backToCommunity,
  access: 'signed-in',
};

const leave: PageAction = {
  mutation: 'mutation LeaveCommunity($id: ID!) { leaveCommunity(id: $id) }',
  variables: (fields) => ({ id: fields.communityId ?? '' }),
  redirect: backToCommunity,
  access: 'signed-in',
};

const follow: PageAction = {
  mutation: 'mutation FollowCommunity($target: String!) { follow(target: $target) { __typename } }',
  variables: (_fields, params) => ({ target: params.username ?? '' }),
  redirect: backToCommunity,
  access: 'signed-in',
};

const unfollow: PageAction = {
  mutation: 'mutation UnfollowCommunity($target: String!) { unfollow(target: $target) }',
  variables: (_fields, params) => ({ target: params.username ?? '' }),
  redirect: backToCommunity,
  access: 'signed-in',
};

export const communityPage: PageDefinition<CommunityPageData> = {
  path: '/c/:username',
  query: `query CommunityPage($username: String!) {
    community: educationCommunityByUsername(username: $username) {
      id username name summary iconUrl uri requiresApproval createdAt memberCount
      viewerRole viewerAwaitsApproval viewerFollows viewerModerates
      collections(first: 20) { nodes { ${COLLECTION_ITEM_FIELDS} } }
      resources(first: 10) { nodes { ${RESOURCE_ITEM_FIELDS} } }
    }
  }`,
  variables: (params) => ({ username: params.username }),
  notFound: (data) => !data.community,
  component: CommunityPage,
  title: ({ data }) => data.community?.name ?? '',
  head: ({ data }) => ({
    description: data.community?.summary ?? undefined,
    image: data.community?.iconUrl ?? undefined,
    activityPubId: data.community?.uri,
  }),
  actions: { join, leave, follow, unfollow },
};
