import { Form, SubmitButton, TextField, useT, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import type { CorePageAction } from '../server/types.js';

export interface SignUpPageData {
  instance: { name: string; signUp: string };
}

interface SignUpResult {
  signUp: { token: string; actor: { username: string } };
}

/** Sign up as the instance's mode allows: open, with an invite code, or not at all. */
function SignUpPage({ data, search }: PageProps<SignUpPageData>) {
  const t = useT();
  const mode = data.instance.signUp;
  return (
    <div className="narrow stack">
      <h1>{t('core.signup.title', { name: data.instance.name })}</h1>
      {mode === 'closed' ? (
        <p>{t('core.signup.closed')}</p>
      ) : (
        <>
          {mode === 'invite-only' ? <p>{t('core.signup.inviteOnly')}</p> : null}
          <Form action="signUp" className="stack">
            <TextField
              name="username"
              label={t('core.signup.username')}
              hint={t('core.signup.usernameHint')}
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              required
            />
            <TextField name="email" type="email" label={t('core.signup.email')} autoComplete="email" required />
            <TextField name="password" type="password" label={t('core.signup.password')} hint={t('core.signup.passwordHint')} autoComplete="new-password" required />
            {mode === 'invite-only' ? (
              <TextField name="inviteCode" label={t('core.signup.inviteCode')} defaultValue={search.invite} autoComplete="off" required />
            ) : null}
            <SubmitButton>{t('core.signup.submit')}</SubmitButton>
          </Form>
        </>
      )}
      <p>
        {t('core.signup.haveAccount')} <a href="/login">{t('core.layout.logIn')}</a>
      </p>
    </div>
  );
}

const signUp: CorePageAction<SignUpResult> = {
  mutation: 'mutation SignUp($input: SignUpInput!) { signUp(input: $input) { token actor { username } } }',
  variables: (fields) => ({
    input: {
      username: (fields.username ?? '').trim(),
      email: (fields.email ?? '').trim(),
      password: fields.password ?? '',
      inviteCode: fields.inviteCode?.trim() || null,
    },
  }),
  redirect: (result) => `/@${result.signUp.actor.username}`,
  session: { start: (result) => result.signUp.token },
};

export const signUpPage: PageDefinition<SignUpPageData> = {
  path: '/signup',
  query: 'query SignUpPage { instance { name signUp } }',
  component: SignUpPage,
  title: (_props, t) => t('core.signup.short'),
  actions: { signUp },
};
