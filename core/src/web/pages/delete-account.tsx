import { Form, SubmitButton, TextField, useT, type PageDefinition } from '@commonplace/sdk/web';
import type { CorePageAction } from '../server/types.js';

/** Deleting the account for good, confirmed with the password. */
function DeleteAccountPage() {
  const t = useT();
  return (
    <div className="narrow stack">
      <h1>{t('core.deleteAccount.title')}</h1>
      <p>{t('core.deleteAccount.warning')}</p>
      <Form action="deleteAccount" className="stack" generalErrorField="password">
        <TextField name="password" type="password" label={t('core.deleteAccount.password')} autoComplete="current-password" required />
        <SubmitButton variant="danger">{t('core.deleteAccount.submit')}</SubmitButton>
      </Form>
    </div>
  );
}

const deleteAccount: CorePageAction<{ deleteAccount: boolean }> = {
  mutation: 'mutation DeleteAccount($input: DeleteAccountInput!) { deleteAccount(input: $input) }',
  variables: (fields) => ({ input: { password: fields.password ?? '' } }),
  redirect: () => '/',
  // No `session: 'end'`: a wrong password is an UNAUTHENTICATED refusal, which must show, not log out.
  // The account's sessions end with it, and the kernel clears a cookie naming an ended session.
};

export const deleteAccountPage: PageDefinition<unknown> = {
  path: '/settings/delete',
  access: 'signed-in',
  component: DeleteAccountPage,
  title: (_props, t) => t('core.deleteAccount.title'),
  head: () => ({ noIndex: true }),
  actions: { deleteAccount },
};
