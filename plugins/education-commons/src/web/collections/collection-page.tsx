import { FormattedDate, Form, SubmitButton, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { NextPageLink, RESOURCE_ITEM_FIELDS, ResourceList, Section, type ResourceItemData } from '../components.js';
import { commonsPaths } from '../paths.js';
import { CommonsStyles } from '../styles.js';

interface CollectionPageData {
  collection: {
    id: string;
    username: string;
    name: string;
    summary: string | null;
    uri: string;
    createdAt: string;
    viewerFollows: boolean;
    community: { username: string; name: string; viewerRole: string | null } | null;
    resources: { nodes: ResourceItemData[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
  } | null;
}

/** A collection: what it is, its community, its resources (paged), and follow. */
function CollectionPage({ data, viewer }: PageProps<CollectionPageData>) {
  const t = useT();
  const collection = data.collection!;
  return (
    <div className="stack">
      <CommonsStyles />
      <section className="stack stack--tight" aria-labelledby="collection-name">
        <h1 id="collection-name">{collection.name}</h1>
        <p className="muted">
          {collection.community ? (
            <>
              {t('education-commons.collection.inCommunity')} <a href={commonsPaths.community(collection.community.username)}>{collection.community.name}</a>
              {' · '}
            </>
          ) : null}
          {t('education-commons.collection.since')} <FormattedDate value={collection.createdAt} />
        </p>
        {collection.summary ? <p className="profile__summary">{collection.summary}</p> : null}
        {viewer ? (
          <div className="cluster">
            <Form action={collection.viewerFollows ? 'unfollow' : 'follow'} className="inline-form">
              <SubmitButton variant="secondary">
                {collection.viewerFollows ? t('education-commons.collection.unfollow') : t('education-commons.collection.follow')}
              </SubmitButton>
            </Form>
          </div>
        ) : null}
      </section>
      <Section
        id="collection-resources"
        title={t('education-commons.collection.resources')}
        action={
          collection.community?.viewerRole ? (
            <a className="button button--secondary" href={commonsPaths.addResource(collection.id)}>
              {t('education-commons.collection.addResource')}
            </a>
          ) : null
        }
      >
        <ResourceList resources={collection.resources.nodes} empty={t('education-commons.collection.noResources')} />
        <NextPageLink pageInfo={collection.resources.pageInfo} href={(cursor) => `${commonsPaths.collection(collection.username)}?after=${encodeURIComponent(cursor)}`} />
      </Section>
    </div>
  );
}

const backToCollection = (_result: unknown, params: Readonly<Record<string, string>>) => commonsPaths.collection(params.username ?? '');

const follow: PageAction = {
  mutation: 'mutation FollowCollection($target: String!) { follow(target: $target) { __typename } }',
  variables: (_fields, params) => ({ target: params.username ?? '' }),
  redirect: backToCollection,
  access: 'signed-in',
};

const unfollow: PageAction = {
  mutation: 'mutation UnfollowCollection($target: String!) { unfollow(target: $target) }',
  variables: (_fields, params) => ({ target: params.username ?? '' }),
  redirect: backToCollection,
  access: 'signed-in',
};

export const collectionPage: PageDefinition<CollectionPageData> = {
  path: '/collections/:username',
  query: `query CollectionPage($username: String!, $after: String) {
    collection: educationCollectionByUsername(username: $username) {
      id username name summary uri createdAt viewerFollows
      community { username name viewerRole }
      resources(first: 20, after: $after) { nodes { ${RESOURCE_ITEM_FIELDS} } pageInfo { hasNextPage endCursor } }
    }
  }`,
  variables: (params, search) => ({ username: params.username, after: search.after ?? null }),
  notFound: (data) => !data.collection,
  component: CollectionPage,
  title: ({ data }) => data.collection?.name ?? '',
  head: ({ data }) => ({ description: data.collection?.summary ?? undefined, activityPubId: data.collection?.uri }),
  actions: { follow, unfollow },
};
