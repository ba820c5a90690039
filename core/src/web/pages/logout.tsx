import { Form, SubmitButton, useT, type PageDefinition } from '@commonplace/sdk/web';
import type { CorePageAction } from '../server/types.js';

/** Logging out is a POST (the header's button); this page is where a GET of /logout lands. */
function LogOutPage() {
  const t = useT();
  return (
    <div className="narrow stack">
      <h1>{t('core.logout.title')}</h1>
      <p>{t('core.logout.question')}</p>
      <Form action="logOut">
        <SubmitButton>{t('core.layout.logOut')}</SubmitButton>
      </Form>
    </div>
  );
}

const logOut: CorePageAction<{ logOut: boolean }> = {
  mutation: 'mutation LogOut { logOut }',
  variables: () => ({}),
  redirect: () => '/',
  session: 'end',
};

export const logOutPage: PageDefinition<unknown> = {
  path: '/logout',
  access: 'signed-in',
  component: LogOutPage,
  title: (_props, t) => t('core.logout.title'),
  head: () => ({ noIndex: true }),
  actions: { logOut },
};
