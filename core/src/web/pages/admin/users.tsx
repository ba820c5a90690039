import { Form, FormattedDate, Select, SubmitButton, TextField, useT, type PageAction, type PageDefinition, type PageProps } from '@commonplace/sdk/web';
import { AdminFrame, Done, doneUrl } from './admin-frame.js';

export interface AdminUsersData {
  adminAccounts: Array<{ username: string; displayName: string | null; role: 'MEMBER' | 'MODERATOR' | 'ADMIN'; createdAt: string }>;
}

const PATH = '/admin/users';
const PAGE_SIZE = 50;
const ROLES = ['MEMBER', 'MODERATOR', 'ADMIN'] as const;

/** Local accounts by username with their role, and a form to give or take a role (the last admin stays one). */
function AdminUsersPage({ data, search }: PageProps<AdminUsersData>) {
  const t = useT();
  const accounts = data.adminAccounts;
  const last = accounts.length === PAGE_SIZE ? accounts[accounts.length - 1] : undefined;
  return (
    <AdminFrame title={t('core.admin.users.title')}>
      <Done message={search.done === 'role' ? t('core.admin.users.roleSet', { username: search.username ?? '', role: t(`core.admin.role.${search.role ?? 'MEMBER'}`) }) : null} />
      <section className="stack" aria-labelledby="set-role-title">
        <h2 id="set-role-title">{t('core.admin.users.setRole')}</h2>
        <Form action="setRole" className="stack narrow" generalErrorField="username">
          <TextField name="username" label={t('core.admin.users.username')} autoCapitalize="none" spellCheck={false} required />
          <Select name="role" label={t('core.admin.users.role')} defaultValue="MODERATOR" options={ROLES.map((role) => ({ value: role, label: t(`core.admin.role.${role}`) }))} />
          <SubmitButton>{t('core.admin.users.save')}</SubmitButton>
        </Form>
      </section>
      <section className="stack" aria-labelledby="accounts-title">
        <h2 id="accounts-title">{t('core.admin.users.accounts')}</h2>
        <table className="data-table">
          <caption className="visually-hidden">{t('core.admin.users.accounts')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('core.admin.users.username')}</th>
              <th scope="col">{t('core.admin.users.name')}</th>
              <th scope="col">{t('core.admin.users.role')}</th>
              <th scope="col">{t('core.admin.users.joined')}</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((account) => (
              <tr key={account.username}>
                <th scope="row">
                  <a href={`/@${account.username}`}>@{account.username}</a>
                </th>
                <td>{account.displayName ?? ''}</td>
                <td>{t(`core.admin.role.${account.role}`)}</td>
                <td>
                  <FormattedDate value={account.createdAt} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {search.after || last ? (
          <nav aria-label={t('core.admin.users.pages')}>
            <ul className="inline-list">
              {search.after ? (
                <li>
                  <a href={PATH}>{t('core.admin.firstPage')}</a>
                </li>
              ) : null}
              {last ? (
                <li>
                  <a rel="next" href={`${PATH}?after=${encodeURIComponent(last.username)}`}>
                    {t('core.admin.nextPage')}
                  </a>
                </li>
              ) : null}
            </ul>
          </nav>
        ) : null}
      </section>
    </AdminFrame>
  );
}

const setRole: PageAction<{ setRole: { actor: { username: string }; role: string } }> = {
  mutation: 'mutation AdminSetRole($input: SetRoleInput!) { setRole(input: $input) { actor { username } role } }',
  variables: (fields) => ({
    input: { username: (fields.username ?? '').trim().replace(/^@/, ''), role: ROLES.find((role) => role === fields.role) ?? 'MEMBER' },
  }),
  redirect: (result) => doneUrl(PATH, 'role', { username: result.setRole.actor.username, role: result.setRole.role }),
};

export const adminUsersPage: PageDefinition<AdminUsersData> = {
  path: PATH,
  access: { role: 'admin' },
  query: `query AdminUsersPage($after: String) { adminAccounts(first: ${PAGE_SIZE}, after: $after) { username displayName role createdAt } }`,
  variables: (_params, search) => ({ after: search.after || null }),
  component: AdminUsersPage,
  title: (_props, t) => t('core.admin.users.title'),
  head: () => ({ noIndex: true }),
  actions: { setRole },
};
