import { FormattedDate, Slot, useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';

export interface ProfilePageData {
  actor: {
    username: string;
    domain: string | null;
    displayName: string | null;
    summary: string | null;
    avatarUrl: string | null;
    uri: string;
    createdAt: string;
  } | null;
}

/** A person's page: name, summary, avatar, since when; plugins add panels (slot `profile.panels`). */
function ProfilePage({ data, viewer }: PageProps<ProfilePageData>) {
  const t = useT();
  const actor = data.actor!;
  const handle = actor.domain ? `@${actor.username}@${actor.domain}` : `@${actor.username}`;
  const own = viewer?.username === actor.username && !actor.domain;
  return (
    <div className="stack">
      <section className="profile" aria-labelledby="profile-name">
        {actor.avatarUrl ? <img className="profile__avatar" src={actor.avatarUrl} alt="" width={96} height={96} /> : <span className="profile__avatar profile__avatar--empty" aria-hidden="true">{(actor.displayName || actor.username).slice(0, 1).toUpperCase()}</span>}
        <div className="stack stack--tight">
          <h1 id="profile-name">{actor.displayName || actor.username}</h1>
          <p className="muted">{handle}</p>
          {actor.summary ? <p className="profile__summary">{actor.summary}</p> : null}
          <p className="muted">
            {t('core.profile.joined')} <FormattedDate value={actor.createdAt} />
          </p>
          {own ? (
            <p>
              <a className="button button--secondary" href="/settings/profile">
                {t('core.profile.edit')}
              </a>
            </p>
          ) : null}
        </div>
      </section>
      <Slot name="profile.panels" className="stack" />
    </div>
  );
}

export const profilePage: PageDefinition<ProfilePageData> = {
  path: '/@:username',
  query: 'query ProfilePage($username: String!) { actor(username: $username) { username domain displayName summary avatarUrl uri createdAt } }',
  variables: (params) => ({ username: params.username }),
  notFound: (data) => !data.actor,
  component: ProfilePage,
  title: ({ data }) => data.actor?.displayName || `@${data.actor?.username ?? ''}`,
  head: ({ data }) => ({
    type: 'profile',
    description: data.actor?.summary ?? undefined,
    image: data.actor?.avatarUrl ?? undefined,
    activityPubId: data.actor?.uri,
  }),
};
