import { Form, SubmitButton, TextField, useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import type { CorePageAction } from '../server/types.js';
import { safeNext } from './next.js';

interface LogInResult {
  logIn: { token: string; actor: { username: string } };
}

function LogInPage(_props: PageProps<unknown>) {
  const t = useT();
  return (
    <div className="narrow stack">
      <h1>{t('core.login.title')}</h1>
      {/* Posts to this URL, ?next= included: the kernel hands the search parameters to redirect. */}
      <Form action="logIn" className="stack" generalErrorField="password">
        <TextField name="login" label={t('core.login.login')} autoComplete="username" required />
        <TextField name="password" type="password" label={t('core.login.password')} autoComplete="current-password" required />
        <SubmitButton>{t('core.login.submit')}</SubmitButton>
      </Form>
      <p>
        {t('core.login.noAccount')} <a href="/signup">{t('core.layout.signUp')}</a>
      </p>
    </div>
  );
}

const logIn: CorePageAction<LogInResult> = {
  mutation: 'mutation LogIn($input: LogInInput!) { logIn(input: $input) { token actor { username } } }',
  variables: (fields) => ({ input: { login: fields.login ?? '', password: fields.password ?? '' } }),
  redirect: (_result, params) => safeNext(params.next) ?? '/',
  session: { start: (result) => result.logIn.token },
};

export const logInPage: PageDefinition<unknown> = {
  path: '/login',
  component: LogInPage,
  title: (_props, t) => t('core.login.title'),
  head: () => ({ noIndex: true }),
  actions: { logIn },
};
