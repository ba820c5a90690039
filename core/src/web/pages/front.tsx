import { Slot, useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';

export interface FrontPageData {
  instance: { name: string; description: string; signUp: string };
}

/** What this instance is and how to join it; plugins fill the sections below (slot `front.sections`). */
function FrontPage({ data, viewer }: PageProps<FrontPageData>) {
  const t = useT();
  const { instance } = data;
  return (
    <div className="stack">
      <section className="hero" aria-labelledby="front-title">
        <h1 id="front-title">{instance.name}</h1>
        {instance.description ? <p className="lead">{instance.description}</p> : null}
        {viewer ? (
          <p>{t('core.front.welcomeBack', { username: viewer.username })}</p>
        ) : (
          <SignUpInvitation mode={instance.signUp} />
        )}
      </section>
      <Slot name="front.sections" className="front-sections stack" />
    </div>
  );
}

function SignUpInvitation({ mode }: { mode: string }) {
  const t = useT();
  if (mode === 'closed') return <p>{t('core.front.signUpClosed')}</p>;
  return (
    <p className="cluster">
      <span>{mode === 'invite-only' ? t('core.front.signUpInviteOnly') : t('core.front.signUpOpen')}</span>
      <a className="button button--primary" href="/signup">
        {t('core.layout.signUp')}
      </a>
      <a href="/login">{t('core.front.haveAccount')}</a>
    </p>
  );
}

export const frontPage: PageDefinition<FrontPageData> = {
  path: '/',
  query: 'query FrontPage { instance { name description signUp } }',
  component: FrontPage,
  title: () => '',
  head: ({ data }) => ({ description: data.instance.description || undefined }),
};
