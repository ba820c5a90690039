import { FormattedDate, Form, SubmitButton, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { Section } from '../components.js';
import { commonsPaths } from '../paths.js';
import { CommonsStyles } from '../styles.js';
import { CommunityTabs } from './community-tabs.js';

interface WaitingMember {
  actorId: string;
  since: string;
  actor: { username: string; domain: string | null; displayName: string | null } | null;
}

interface OpenFlag {
  id: string;
  targetKind: 'COMMUNITY' | 'COLLECTION' | 'RESOURCE' | 'COMMENT';
  targetId: string;
  reason: string;
  targetText: string | null;
  reporterUri: string | null;
  createdAt: string;
}

interface ModerationPageData {
  community: {
    id: string;
    username: string;
    name: string;
    viewerModerates: boolean;
    waitingMembers: WaitingMember[];
    openFlags: { nodes: OpenFlag[] };
  } | null;
}

/**
 * The moderators' queue: people waiting to join (approve or decline) and open reports (close them;
 * a reported comment can be deleted from here). The query itself is FORBIDDEN to anyone else: 403.
 */
function ModerationPage({ data }: PageProps<ModerationPageData>) {
  const t = useT();
  const community = data.community!;
  return (
    <div className="stack">
      <CommonsStyles />
      <h1>{t('education-commons.moderation.title', { name: community.name })}</h1>
      <CommunityTabs username={community.username} moderates={community.viewerModerates} />
      <Section id="moderation-waiting" title={t('education-commons.moderation.waiting')}>
        {community.waitingMembers.length === 0 ? (
          <p className="muted">{t('education-commons.moderation.nobodyWaiting')}</p>
        ) : (
          <ul className="commons-list">
            {community.waitingMembers.map((member) => (
              <li key={member.actorId} className="commons-card">
                <WaitingMemberItem communityId={community.id} member={member} />
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="moderation-flags" title={t('education-commons.moderation.flags')}>
        {community.openFlags.nodes.length === 0 ? (
          <p className="muted">{t('education-commons.moderation.noFlags')}</p>
        ) : (
          <ul className="commons-list">
            {community.openFlags.nodes.map((flag) => (
              <li key={flag.id} className="commons-card">
                <FlagItem flag={flag} communityUsername={community.username} />
              </li>
            ))}
          </ul>
        )}
      </Section>
    </div>
  );
}

function WaitingMemberItem({ communityId, member }: { communityId: string; member: WaitingMember }) {
  const t = useT();
  const handle = member.actor ? (member.actor.domain ? `@${member.actor.username}@${member.actor.domain}` : `@${member.actor.username}`) : member.actorId;
  const name = member.actor?.displayName || handle;
  return (
    <div className="stack stack--tight">
      <p>
        {member.actor && !member.actor.domain ? <a href={`/@${member.actor.username}`}>{name}</a> : <span>{name}</span>}
        {name !== handle ? <span className="muted"> {handle}</span> : null}
      </p>
      <p className="muted">
        {t('education-commons.moderation.askedOn')} <FormattedDate value={member.since} />
      </p>
      <div className="cluster">
        <Form action="approve" className="inline-form" aria-label={t('education-commons.moderation.approveLabel', { name })}>
          <input type="hidden" name="communityId" value={communityId} />
          <input type="hidden" name="actorId" value={member.actorId} />
          <SubmitButton>{t('education-commons.moderation.approve')}</SubmitButton>
        </Form>
        <Form action="decline" className="inline-form" aria-label={t('education-commons.moderation.declineLabel', { name })}>
          <input type="hidden" name="communityId" value={communityId} />
          <input type="hidden" name="actorId" value={member.actorId} />
          <SubmitButton variant="secondary">{t('education-commons.moderation.decline')}</SubmitButton>
        </Form>
      </div>
    </div>
  );
}

function FlagItem({ flag, communityUsername }: { flag: OpenFlag; communityUsername: string }) {
  const t = useT();
  const kind = t(`education-commons.moderation.kind.${flag.targetKind.toLowerCase()}`);
  const href = flag.targetKind === 'RESOURCE' ? commonsPaths.resource(flag.targetId) : flag.targetKind === 'COMMUNITY' ? commonsPaths.community(communityUsername) : null;
  return (
    <div className="stack stack--tight">
      <p>
        {href ? <a href={href}>{kind}</a> : <span>{kind}</span>} <span className="muted">· <FormattedDate value={flag.createdAt} /></span>
      </p>
      {flag.targetText ? <blockquote className="profile__summary">{flag.targetText}</blockquote> : <p className="muted">{t('education-commons.moderation.targetGone')}</p>}
      <p>
        <strong>{t('education-commons.moderation.reason')}</strong> {flag.reason}
      </p>
      {flag.reporterUri ? <p className="muted">{t('education-commons.moderation.forwardedBy', { uri: flag.reporterUri })}</p> : null}
      <div className="cluster">
        <Form action="resolveFlag" className="inline-form">
          <input type="hidden" name="flagId" value={flag.id} />
          <SubmitButton variant="secondary">{t('education-commons.moderation.closeFlag')}</SubmitButton>
        </Form>
        {flag.targetKind === 'COMMENT' ? (
          <Form action="deleteComment" className="inline-form">
            <input type="hidden" name="commentId" value={flag.targetId} />
            <input type="hidden" name="flagId" value={flag.id} />
            <SubmitButton variant="danger">{t('education-commons.moderation.deleteComment')}</SubmitButton>
          </Form>
        ) : null}
      </div>
    </div>
  );
}

const backToQueue = (_result: unknown, params: Readonly<Record<string, string>>) => commonsPaths.moderation(params.username ?? '');

const approve: PageAction = {
  mutation: 'mutation ApproveMember($communityId: ID!, $actorId: ID!) { approveCommunityMember(communityId: $communityId, actorId: $actorId) }',
  variables: (fields) => ({ communityId: fields.communityId ?? '', actorId: fields.actorId ?? '' }),
  redirect: backToQueue,
};

const decline: PageAction = {
  mutation: 'mutation DeclineMember($communityId: ID!, $actorId: ID!) { removeCommunityMember(communityId: $communityId, actorId: $actorId) }',
  variables: (fields) => ({ communityId: fields.communityId ?? '', actorId: fields.actorId ?? '' }),
  redirect: backToQueue,
};

const resolveFlag: PageAction = {
  mutation: 'mutation CloseFlag($id: ID!) { resolveFlag(id: $id) { id } }',
  variables: (fields) => ({ id: fields.flagId ?? '' }),
  redirect: backToQueue,
};

/** Deleting a reported comment also closes its report: both in one post, the deletion first. */
const deleteComment: PageAction = {
  mutation: 'mutation DeleteFlaggedComment($id: ID!, $flagId: ID!) { deleteComment(id: $id) { id } resolveFlag(id: $flagId) { id } }',
  variables: (fields) => ({ id: fields.commentId ?? '', flagId: fields.flagId ?? '' }),
  redirect: backToQueue,
};

export const moderationPage: PageDefinition<ModerationPageData> = {
  path: '/c/:username/moderation',
  access: 'signed-in',
  query: `query CommunityModerationPage($username: String!) {
    community: educationCommunityByUsername(username: $username) {
      id username name viewerModerates
      waitingMembers(first: 50) { actorId since actor { username domain displayName } }
      openFlags(first: 50) { nodes { id targetKind targetId targetText reason reporterUri createdAt } }
    }
  }`,
  variables: (params) => ({ username: params.username }),
  notFound: (data) => !data.community,
  component: ModerationPage,
  title: ({ data }, t) => t('education-commons.moderation.title', { name: data.community?.name ?? '' }),
  head: () => ({ noIndex: true }),
  actions: { approve, decline, resolveFlag, deleteComment },
};
