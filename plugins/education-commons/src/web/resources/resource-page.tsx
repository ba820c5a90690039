import { Form, FormattedDate, Island, SubmitButton, TextArea, usePage, useT, type FormState, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { CommentThread } from './comment-thread.js';
import { countLabels } from './count-labels.js';
import { LIKE_ISLAND, LikeButton } from './like-button.js';
import { ResourceStyles } from './resource-styles.js';
import { Lineage, ResourceDetails } from './resource-details.js';
import { actorLabel, RESOURCE_PAGE_QUERY, resourcePath, type ResourcePageData, type ResourceView } from './resource-query.js';

/**
 * A resource's page, at its ActivityPub id (core serves servers the JSON at the same URL): what it is,
 * its licence and what that allows, the link or the file, its lineage, likes, bookmarks, comments in
 * threads and a flag form. Every button is a form post, so it all works without JavaScript.
 */
function ResourcePage({ data, viewer, search, form }: PageProps<ResourcePageData>) {
  const t = useT();
  const resource = data.resource!;
  // Its author, or the instance's moderators, may edit it (the API decides; community moderators can open /edit too).
  const mayEdit = resource.originHost === null && !!data.me && (data.me.actor.uri === resource.postedByUri || data.me.roles.some((role) => /^(ADMIN|MODERATOR)$/i.test(role)));
  return (
    <div className="stack">
      <ResourceStyles />
      <article className="stack resource" aria-labelledby="resource-name">
        <header className="stack stack--tight">
          <p className="muted">
            {resource.type ? `${t(`education-commons.resourceType.${resource.type.code}`)} · ` : ''}
            {resource.collection ? resource.collection.name : null}
            {resource.community ? ` · ${resource.community.name}` : null}
          </p>
          <h1 id="resource-name">{resource.name}</h1>
          <p className="muted">
            {t('education-commons.resource.sharedBy')} <a href={resource.postedByUri}>{actorLabel(resource.postedByUri)}</a> · <FormattedDate value={resource.createdAt} />
            {resource.originHost ? ` · ${t('education-commons.resource.from', { host: resource.originHost })}` : null}
          </p>
        </header>
        {search.bookmarked ? (
          <p className="notice" role="status">
            {t(search.bookmarked === '1' ? 'education-commons.resource.bookmarked' : 'education-commons.resource.unbookmarked')}
          </p>
        ) : null}
        {search.flagged === '1' ? (
          <p className="notice" role="status">
            {t('education-commons.flag.sent')}
          </p>
        ) : null}
        {resource.summary ? <p className="lead">{resource.summary}</p> : null}
        <p>
          <a className="button button--primary" href={resource.url} {...(resource.kind === 'FILE' ? { download: '' } : { rel: 'noopener' })}>
            {resource.kind === 'FILE' ? t('education-commons.resource.download') : t('education-commons.resource.open')}
          </a>{' '}
          <span className="muted resource__url">{resource.kind === 'FILE' ? resource.mediaType : hostOf(resource.url)}</span>
        </p>
        <ResourceDetails resource={resource} />
        {resource.learningOutcomes.length > 0 ? (
          <section aria-labelledby="outcomes-title" className="stack stack--tight">
            <h2 id="outcomes-title">{t('education-commons.resource.learningOutcomes')}</h2>
            <ul>
              {resource.learningOutcomes.map((outcome) => (
                <li key={outcome}>{outcome}</li>
              ))}
            </ul>
          </section>
        ) : null}
        <Lineage resource={resource} />
        <SocialButtons resource={resource} signedIn={!!viewer} form={form} />
        {mayEdit ? (
          <p>
            <a className="button button--secondary" href={`${resourcePath(resource.id)}/edit`}>
              {t('education-commons.resource.edit')}
            </a>
          </p>
        ) : null}
      </article>
      <CommentThread comments={resource.comments.nodes} canWrite={!!viewer} />
      {viewer ? <FlagForm refused={form?.action === 'flag'} /> : null}
    </div>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Like (an island: it likes without reloading the page, and is a form post without JavaScript) and
 * bookmark (form posts); the like count says how many. Anonymous visitors get the count alone, and no script.
 */
function SocialButtons({ resource, signedIn, form }: { resource: ResourceView; signedIn: boolean; form: FormState | null }) {
  const { t, locale, csrfToken } = usePage();
  if (!signedIn) return <p className="muted">{t('education-commons.resource.likes', { count: resource.likeCount })}</p>;
  const refused = form && (form.action === 'like' || form.action === 'unlike') ? Object.values(form.errors).join(' ') : '';
  return (
    <div className="cluster">
      <Island
        name={LIKE_ISLAND}
        component={LikeButton}
        props={{
          liked: resource.viewerHasLiked,
          count: resource.likeCount,
          csrfToken,
          labels: {
            like: t('education-commons.resource.like'),
            liked: t('education-commons.resource.liked'),
            failed: t('education-commons.resource.likeFailed'),
            count: countLabels(t, 'education-commons.resource.likes', locale),
          },
          ...(refused ? { refusal: refused } : {}),
        }}
      />
      <Form action="bookmark" className="inline-form">
        <SubmitButton variant="secondary">{t('education-commons.resource.bookmark')}</SubmitButton>
      </Form>
      <Form action="unbookmark" className="inline-form">
        <button type="submit" className="button button--link">
          {t('education-commons.resource.unbookmark')}
        </button>
      </Form>
    </div>
  );
}

/** Report it to the moderators of its community and of the instance. */
function FlagForm({ refused }: { refused: boolean }) {
  const t = useT();
  // Open again after a refusal, so the reason beside the field is seen.
  return (
    <details className="flag" open={refused}>
      <summary>{t('education-commons.flag.open')}</summary>
      <Form action="flag" className="stack stack--tight">
        <TextArea name="reason" label={t('education-commons.flag.reason')} hint={t('education-commons.flag.hint')} required rows={3} />
        <SubmitButton variant="danger">{t('education-commons.flag.submit')}</SubmitButton>
      </Form>
    </details>
  );
}

const back = (params: Readonly<Record<string, string>>, suffix = '') => `${resourcePath(params.id ?? '')}${suffix}`;

// Reading is for everyone; every action needs a signed-in person (others are sent to log in and back).
const targetAction = (mutation: string, suffix = ''): PageAction => ({
  access: 'signed-in',
  mutation,
  variables: (_fields, params) => ({ targetId: params.id }),
  redirect: (_result, params) => back(params, suffix),
});

const resourceActions: Record<string, PageAction<any>> = {
  like: targetAction('mutation EducationLike($targetId: ID!) { like(targetId: $targetId) { liked likeCount } }'),
  unlike: targetAction('mutation EducationUnlike($targetId: ID!) { unlike(targetId: $targetId) { liked likeCount } }'),
  bookmark: targetAction('mutation EducationBookmark($targetId: ID!) { bookmark(targetId: $targetId) }', '?bookmarked=1'),
  unbookmark: targetAction('mutation EducationUnbookmark($targetId: ID!) { unbookmark(targetId: $targetId) }', '?bookmarked=0'),
  comment: {
    access: 'signed-in',
    mutation: 'mutation EducationComment($input: EducationCommentInput!) { comment(input: $input) { id } }',
    variables: (fields, params) => ({ input: { targetId: params.id, content: fields.content ?? '' } }),
    redirect: (result: { comment: { id: string } }, params) => back(params, `#comment-${result.comment.id}`),
  },
  reply: {
    access: 'signed-in',
    mutation: 'mutation EducationReply($input: EducationCommentInput!) { comment(input: $input) { id } }',
    variables: (fields, params) => ({ input: { targetId: params.id, content: fields.content ?? '', inReplyToId: fields.inReplyToId ?? '' } }),
    redirect: (result: { comment: { id: string } }, params) => back(params, `#comment-${result.comment.id}`),
  },
  flag: {
    access: 'signed-in',
    mutation: 'mutation EducationFlag($input: EducationFlagInput!) { flag(input: $input) { id } }',
    variables: (fields, params) => ({ input: { targetId: params.id, reason: fields.reason ?? '' } }),
    redirect: (_result, params) => back(params, '?flagged=1'),
  },
};

export const resourcePage: PageDefinition<ResourcePageData> = {
  path: '/education-commons/resources/:id',
  query: RESOURCE_PAGE_QUERY,
  variables: (params) => ({ id: params.id }),
  // A deleted resource is a Tombstone: core answers 410 for it (its ActivityPub document says so too).
  notFound: (data) => !data.resource || data.resource.deleted,
  component: ResourcePage,
  title: ({ data }) => data.resource?.name ?? '',
  head: ({ data }) => ({
    type: 'article',
    description: data.resource?.summary ?? undefined,
    activityPubId: data.resource?.uri,
  }),
  actions: resourceActions,
};
